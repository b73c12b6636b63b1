import { QuotekitError } from '../../errors.js';
import { Dec, moneyString, rateString, roundMoney, type AmountInput } from '../../money/money.js';
import {
  dec,
  DiscountField,
  instantOf,
  isoString,
  MoneyField,
  parseInput,
  RateField,
} from '../input.js';
import { addNewYorkDays, fromNewYork, newYorkMonth } from '../new-york.js';
import {
  CommissionLedgerInputSchema,
  CommissionRateOptionsSchema,
  PayoutInputSchema,
  ReferralCommissionInputSchema,
  ReferralEligibilityInputSchema,
  type CommissionLedgerInput,
  type CommissionRate,
  type CommissionRateOptions,
  type IneligibleReason,
  type LedgerMonth,
  type Payout,
  type PayoutInput,
  type ReferralCommission,
  type ReferralCommissionInput,
  type ReferralEligibility,
  type ReferralEligibilityInput,
} from './affiliate.schema.js';

const USD = 'USD';
const ZERO = new Dec(0);
/** Seed 001 §5: [0, 50) → 5 %, [50, 500) → 10 %, 500 and up → contact sales at 10 %. */
const TIERS = [
  { at: '0.00', rate: '0.05', contactSales: false },
  { at: '50.00', rate: '0.10', contactSales: false },
  { at: '500.00', rate: '0.10', contactSales: true },
] as const;
/** Seed 001 §8: the payout threshold for every method. */
const PAYOUT_MINIMUM = new Dec(25);

/**
 * The affiliate's Commission Percentage from the total monthly payments of
 * all active referred accounts: below 50.00 → 5 %, from 50.00 → 10 %, from
 * 500.00 (inclusive) → `contactSales: true` at 10 %, or at
 * `negotiatedRate` when sales agreed one (ignored below 500.00). A linked
 * reseller account's monthly payments (`linkedResellerTotal`) count too.
 *
 * @example
 * affiliateCommissionRate('49.99'); // { rate: '0.05', contactSales: false, nextTier: { at: '50.00', rate: '0.10', contactSales: false } }
 */
export function affiliateCommissionRate(
  totalMonthlyPayments: AmountInput,
  options: CommissionRateOptions = {},
): CommissionRate {
  const total = dec(parseInput(MoneyField, totalMonthlyPayments, 'totalMonthlyPayments'));
  const { negotiatedRate, linkedResellerTotal } = parseInput(
    CommissionRateOptionsSchema,
    options,
    'commission rate options',
  );
  const sum = linkedResellerTotal === undefined ? total : total.plus(dec(linkedResellerTotal));
  const rateOf = (tier: (typeof TIERS)[number]) =>
    tier.contactSales && negotiatedRate !== undefined ? rateString(dec(negotiatedRate)) : tier.rate;
  const index = TIERS.findLastIndex((tier) => sum.gte(tier.at));
  const tier = TIERS[index]!;
  const next = TIERS[index + 1];
  return {
    rate: rateOf(tier),
    contactSales: tier.contactSales,
    nextTier:
      next === undefined
        ? null
        : { at: next.at, rate: rateOf(next), contactSales: next.contactSales },
  };
}

/**
 * The rate an affiliate earns on a customer who used one of their special
 * offer codes: `rate − discountRate`, and 0 when the discount is equal to
 * or above the rate (seed 001 §5). `discountRate` is 0–0.10.
 *
 * @example
 * effectiveCommissionRate('0.10', '0.04'); // "0.06"
 */
export function effectiveCommissionRate(rate: AmountInput, discountRate: AmountInput): string {
  return rateString(effective(rate, discountRate));
}

function effective(rate: AmountInput, discountRate: AmountInput): Dec {
  const c = dec(parseInput(RateField, rate, 'rate'));
  const d = dec(parseInput(DiscountField, discountRate, 'discountRate'));
  return Dec.max(ZERO, c.minus(d));
}

/**
 * The commission on one statement of a referred customer: effective rate ×
 * the statement's monthly value (affiliate classes), rounded half-up to the
 * cent. Nothing, with the `reason`, for a self-referral, for a linked
 * reseller account (no double dipping), for a referee that signed up before
 * 2012-03-01 (midnight New York; such referees still count towards the
 * total) and when the discount is not below the rate. Checked in that order.
 *
 * @example
 * referralCommission({ monthlyValue: '250.00', rate: '0.10', discountRate: '0.04', referee: { signedUpAt: '2024-01-15' } });
 * // { amount: '15.00', rate: '0.06' }
 */
export function referralCommission(input: ReferralCommissionInput): ReferralCommission {
  const { monthlyValue, rate, discountRate, referee } = parseInput(
    ReferralCommissionInputSchema,
    input,
    'referral',
  );
  const none = (reason: ReferralCommission['reason']): ReferralCommission => ({
    amount: '0.00',
    rate: '0.00',
    reason,
  });
  if (referee.selfReferral === true) return none('self_referral');
  if (referee.resellerAccount === true) return none('reseller_account');
  if (instantOf(referee.signedUpAt) < fromNewYork(2012, 3, 1)) {
    return none('signed_up_before_2012_03_01');
  }
  const r = effective(rate, discountRate ?? 0);
  if (r.isZero()) return none('discount_not_below_rate');
  return {
    amount: moneyString(roundMoney(dec(monthlyValue).times(r), USD), USD),
    rate: rateString(r),
  };
}

/** Seed 001 §6d: the affiliate cookie lasts a year from the last affiliate-URL visit. */
const COOKIE_DAYS = 365;
/** Seed 001 §6e: an opportunity expires 180 days after it was registered or last edited. */
const OPPORTUNITY_DAYS = 180;
/** Seed 001 §6f: post facto attribution within 30 days of sign-up. */
const POST_FACTO_DAYS = 30;

/**
 * Whether a referral method attributes a customer to the affiliate (seed
 * 001 §6), whether it may carry an offer-code discount, and its `deadline`.
 * - `affiliate_url`: the cookie lasts 365 days from `visitedAt` (when given).
 * - `offer_code`, `saved_quote`: always; they carry the discount.
 * - `phone`: only with an offer code (`offerCode: true`).
 * - `opportunity`: registered before the sign-up, and the sign-up comes
 *   before it expires, 180 days after its registration or last edit before
 *   the sign-up.
 * - `post_facto`: asked for (`now`) within 30 days of the sign-up, and
 *   never with a discount.
 * Days are New York calendar days; a deadline is the first instant past it.
 *
 * @example
 * referralEligibility({ method: 'post_facto', signedUpAt: '2024-03-01', now: '2024-03-20' });
 * // { eligible: true, discountAllowed: false, deadline: '2024-03-31T04:00:00.000Z' }
 */
export function referralEligibility(input: ReferralEligibilityInput): ReferralEligibility {
  const parsed = parseInput(ReferralEligibilityInputSchema, input, 'referral');
  const signedUp = instantOf(parsed.signedUpAt);
  const now = instantOf(parsed.now);
  if (signedUp > now) {
    throw new QuotekitError('invalid_date', 'signedUpAt cannot be after now.', {
      field: 'signedUpAt',
    });
  }
  const result = (
    eligible: boolean,
    deadline: number | null,
    reason?: IneligibleReason,
  ): ReferralEligibility => ({
    eligible,
    discountAllowed: ['offer_code', 'saved_quote', 'phone'].includes(parsed.method),
    deadline: deadline === null ? null : isoString(deadline),
    ...(reason === undefined ? {} : { reason }),
  });

  switch (parsed.method) {
    case 'offer_code':
    case 'saved_quote':
      return result(true, null);
    case 'phone':
      return parsed.offerCode === true
        ? result(true, null)
        : result(false, null, 'phone_without_offer_code');
    case 'affiliate_url': {
      if (parsed.visitedAt === undefined) return result(true, null);
      const visited = instantOf(parsed.visitedAt);
      const expires = addNewYorkDays(visited, COOKIE_DAYS);
      if (visited > signedUp) return result(false, expires, 'visit_after_sign_up');
      return signedUp < expires ? result(true, expires) : result(false, expires, 'cookie_expired');
    }
    case 'opportunity': {
      const opportunity = parsed.opportunity;
      if (opportunity === undefined) {
        throw new QuotekitError('invalid_input', 'The opportunity method needs `opportunity`.', {
          field: 'opportunity',
        });
      }
      const registered = instantOf(opportunity.registeredAt);
      const edited = opportunity.editedAt === undefined ? null : instantOf(opportunity.editedAt);
      if (edited !== null && edited < registered) {
        throw new QuotekitError(
          'invalid_date',
          'opportunity.editedAt cannot precede registeredAt.',
          {
            field: 'opportunity.editedAt',
          },
        );
      }
      if (registered > signedUp) return result(false, null, 'opportunity_after_sign_up');
      // An edit after the sign-up cannot have kept the opportunity alive for it.
      const touched = edited !== null && edited <= signedUp ? edited : registered;
      const expires = addNewYorkDays(touched, OPPORTUNITY_DAYS);
      return signedUp < expires
        ? result(true, expires)
        : result(false, expires, 'opportunity_expired');
    }
    case 'post_facto': {
      const deadline = addNewYorkDays(signedUp, POST_FACTO_DAYS);
      if (parsed.discountRate !== undefined && !dec(parsed.discountRate).isZero()) {
        return result(false, deadline, 'post_facto_with_discount');
      }
      return now <= deadline
        ? result(true, deadline)
        : result(false, deadline, 'post_facto_too_late');
    }
  }
}

/**
 * One monthly payout run on the balance eligible for payment (seed 001 §8):
 * a check needs a balance ≥ 25.00 and a US address (`country: "US"`);
 * PayPal and account credit need a balance > 25.00, so 25.00 exactly rolls
 * over. A payout pays the whole balance; otherwise it is all `carried`. A
 * negative balance pays nothing.
 *
 * @example
 * payout({ balance: '25.00', method: 'check', country: 'US' }); // { paid: '25.00', carried: '0.00' }
 * payout({ balance: '25.00', method: 'paypal' }); // { paid: '0.00', carried: '25.00', reason: 'below_minimum' }
 */
export function payout(input: PayoutInput): Payout {
  const { balance, method, country } = parseInput(PayoutInputSchema, input, 'payout');
  return payoutOf(roundMoney(dec(balance), USD), method, country);
}

function payoutOf(balance: Dec, method: PayoutInput['method'], country?: string): Payout {
  const keep = (reason: Payout['reason']): Payout => ({
    paid: '0.00',
    carried: moneyString(balance, USD),
    reason,
  });
  if (method === 'check') {
    if (country?.toUpperCase() !== 'US') return keep('check_us_only');
    if (balance.lt(PAYOUT_MINIMUM)) return keep('below_minimum');
  } else if (!balance.gt(PAYOUT_MINIMUM)) {
    return keep('below_minimum');
  }
  return { paid: moneyString(balance, USD), carried: '0.00' };
}

const MAX_MONTHS = 120;

/**
 * The affiliate's account month by month (New York calendar months, one
 * payout run at each month's end), from the month of `from` for `months`
 * months. A statement's commission is granted when the statement is paid in
 * full, becomes payable once the customer has been one for more than 30
 * days, and is paid out by `payout` rules; a charge-back debits it again,
 * even after it was paid, so the balance may go negative. Earlier events
 * are replayed, so the first row opens with the right balance.
 *
 * @example
 * commissionLedger({
 *   statements: [{ id: 's1', commission: '30.00', paidInFullAt: '2024-01-10', customerSince: '2024-01-05' }],
 *   payoutMethod: 'paypal', from: '2024-01', months: 2,
 * });
 * // [{ month: '2024-01', granted: '30.00', payable: '0.00', … pending: '30.00', balance: '30.00' },
 * //  { month: '2024-02', granted: '0.00', payable: '30.00', paid: '30.00', carried: '0.00', … balance: '0.00' }]
 */
export function commissionLedger(input: CommissionLedgerInput): LedgerMonth[] {
  const parsed = parseInput(CommissionLedgerInputSchema, input, 'ledger');
  if (parsed.months < 1 || parsed.months > MAX_MONTHS) {
    throw new QuotekitError('invalid_quantity', `months must be between 1 and ${MAX_MONTHS}.`, {
      field: 'months',
    });
  }
  // Sums per month index (year × 12 + month − 1).
  const granted = new Map<number, Dec>();
  const payable = new Map<number, Dec>();
  const chargedBack = new Map<number, Dec>();
  const pendingDelta = new Map<number, Dec>();
  // Charge-backs of commission that had become payable: they debit the payable balance.
  const payableDebits = new Map<number, Dec>();
  const add = (map: Map<number, Dec>, at: number, amount: Dec) => {
    const key = monthIndex(at);
    map.set(key, (map.get(key) ?? ZERO).plus(amount));
  };

  const chargebacks = new Map<string, number>();
  for (const [i, { statementId, at }] of (parsed.chargebacks ?? []).entries()) {
    if (chargebacks.has(statementId)) {
      throw invalidLedger(`chargebacks.${i}`, `repeats the charge-back of ${statementId}`);
    }
    chargebacks.set(statementId, instantOf(at));
  }
  const ids = new Set<string>();
  for (const [i, statement] of parsed.statements.entries()) {
    if (ids.has(statement.id)) throw invalidLedger(`statements.${i}.id`, `repeats ${statement.id}`);
    ids.add(statement.id);
    const chargedAt = chargebacks.get(statement.id);
    if (statement.paidInFullAt == null) {
      if (chargedAt !== undefined) {
        throw invalidLedger(`statements.${i}`, 'is charged back but was never paid');
      }
      continue;
    }
    const commission = roundMoney(dec(statement.commission), USD);
    const paidAt = instantOf(statement.paidInFullAt);
    // "More than 30 days": payable from the first instant after the 30th day.
    const payableAt = Math.max(paidAt, addNewYorkDays(instantOf(statement.customerSince), 30) + 1);
    add(granted, paidAt, commission);
    if (chargedAt !== undefined && chargedAt < paidAt) {
      throw new QuotekitError(
        'invalid_date',
        `The charge-back of ${statement.id} precedes its payment.`,
        {
          field: `statements.${i}`,
        },
      );
    }
    if (chargedAt !== undefined) add(chargedBack, chargedAt, commission);
    if (chargedAt !== undefined && chargedAt < payableAt) {
      // Charged back while pending: it never becomes payable.
      add(pendingDelta, paidAt, commission);
      add(pendingDelta, chargedAt, commission.neg());
    } else {
      add(payable, payableAt, commission);
      add(pendingDelta, paidAt, commission);
      add(pendingDelta, payableAt, commission.neg());
      if (chargedAt !== undefined) add(payableDebits, chargedAt, commission);
    }
  }
  for (const [id] of chargebacks) {
    if (!ids.has(id)) throw invalidLedger('chargebacks', `name no statement ${id}`);
  }

  const first = monthIndex(instantOf(parsed.from));
  const last = first + parsed.months - 1;
  const start = Math.min(first, ...granted.keys(), ...chargedBack.keys());
  const rows: LedgerMonth[] = [];
  let carried = ZERO;
  let pending = ZERO;
  for (let m = start; m <= last; m++) {
    const got = (map: Map<number, Dec>) => map.get(m) ?? ZERO;
    pending = pending.plus(got(pendingDelta));
    const eligible = carried.plus(got(payable)).minus(got(payableDebits));
    const run = payoutOf(eligible, parsed.payoutMethod, parsed.country);
    carried = new Dec(run.carried);
    if (m >= first) {
      rows.push({
        month: monthName(m),
        granted: moneyString(got(granted), USD),
        payable: moneyString(got(payable), USD),
        chargedBack: moneyString(got(chargedBack), USD),
        paid: run.paid,
        carried: run.carried,
        pending: moneyString(pending, USD),
        balance: moneyString(carried.plus(pending), USD),
      });
    }
  }
  return rows;
}

function invalidLedger(path: string, message: string): QuotekitError {
  return new QuotekitError('invalid_input', `Invalid ledger: ${path} ${message}.`, {
    problems: [{ path, message }],
  });
}

function monthIndex(t: number): number {
  const [y, mo] = newYorkMonth(t);
  return y * 12 + mo - 1;
}

function monthName(index: number): string {
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
