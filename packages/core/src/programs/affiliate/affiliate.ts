import { QuotekitError } from '../../errors.js';
import { Dec, moneyString, rateString, roundMoney, type AmountInput } from '../../money/money.js';
import {
  dec,
  DateField,
  DiscountField,
  instantOf,
  isoString,
  MoneyField,
  parseInput,
  RateField,
} from '../input.js';
import { addNewYorkDays, addNewYorkYears, fromNewYork, newYorkWall } from '../new-york.js';
import {
  CommissionRateOptionsSchema,
  ReferralCommissionInputSchema,
  ReferralEligibilityInputSchema,
  type CommissionRate,
  type CommissionRateOptions,
  type IneligibleReason,
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
 * the statement's value (affiliate classes) — its monthly value plus the
 * `oneTimeValue` of one-time fees it bills — rounded half-up to the cent. Nothing, with the `reason`, for a self-referral, for a linked
 * reseller account (no double dipping), for a referee that signed up before
 * 2012-03-01 (midnight New York; such referees still count towards the
 * total) and when the discount is not below the rate. Checked in that order.
 *
 * @example
 * referralCommission({ monthlyValue: '250.00', rate: '0.10', discountRate: '0.04', referee: { signedUpAt: '2024-01-15' } });
 * // { amount: '15.00', rate: '0.06' }
 */
export function referralCommission(input: ReferralCommissionInput): ReferralCommission {
  const { monthlyValue, oneTimeValue, rate, discountRate, referee } = parseInput(
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
    amount: moneyString(
      roundMoney(
        dec(monthlyValue)
          .plus(dec(oneTimeValue ?? 0))
          .times(r),
        USD,
      ),
      USD,
    ),
    rate: rateString(r),
  };
}

/**
 * When an affiliate-URL visit stops counting: "within 1 year" of the last
 * visit is one calendar year, to the same New York wall-clock date and
 * time (29 February → 28 February), not 365 days. The browser's `qk_ref`
 * and the server's `qk_ref_s` cookies expire by the same rule.
 *
 * @example
 * affiliateCookieExpiry('2024-02-29T12:00:00-05:00'); // '2025-02-28T17:00:00.000Z'
 */
export function affiliateCookieExpiry(visitedAt: string | Date): string {
  return isoString(addNewYorkYears(instantOf(parseInput(DateField, visitedAt, 'visitedAt')), 1));
}

/** Seed 001 §6e: an opportunity expires 180 days after it was registered or last edited. */
const OPPORTUNITY_DAYS = 180;
/**
 * Seed 001 §6f: post facto attribution "must be done within 30 days of an
 * account's sign up": a manual process counted in days, so the whole 30th
 * New York calendar day after the sign-up day is still in time.
 */
const POST_FACTO_DAYS = 30;

/**
 * When a registered opportunity stops matching: 180 days after it was
 * registered or last edited (`touchedAt`), counted as New York calendar
 * days, the same rule `referralEligibility` applies to the `opportunity`
 * method. A deadline is the first instant that no longer counts.
 *
 * @example
 * opportunityExpiry('2024-03-01T15:00:00Z'); // '2024-08-28T15:00:00.000Z'
 */
export function opportunityExpiry(touchedAt: string | Date): string {
  return isoString(
    addNewYorkDays(instantOf(parseInput(DateField, touchedAt, 'touchedAt')), OPPORTUNITY_DAYS),
  );
}

/**
 * Whether a referral method attributes a customer to the affiliate (seed
 * 001 §6), whether it may carry an offer-code discount, and its `deadline`.
 * - `affiliate_url`: the cookie lasts one calendar year from `visitedAt`
 *   (when given), to the same New York wall-clock date and time, as
 *   `affiliateCookieExpiry` gives it.
 * - `offer_code`, `saved_quote`: always; they carry the discount.
 * - `phone`: only with an offer code (`offerCode: true`).
 * - `opportunity`: only when the customer signed up with neither an offer
 *   code (`offerCode: true`) nor an affiliate cookie (`visitedAt`);
 *   registered before the sign-up, and the sign-up comes
 *   before it expires, 180 days after its registration or last edit before
 *   the sign-up.
 * - `post_facto`: asked for (`now`) up to and including the 30th New York
 *   calendar day after the sign-up day, and never with a discount.
 * A deadline is the first instant that no longer counts.
 *
 * @example
 * referralEligibility({ method: 'post_facto', signedUpAt: '2024-03-01', now: '2024-03-20' });
 * // { eligible: true, discountAllowed: false, deadline: '2024-04-01T04:00:00.000Z' }
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
      const expires = addNewYorkYears(visited, 1);
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
      // Seed 001 §6e: an opportunity counts only for a customer who signed up
      // with neither a special offer code nor an affiliate cookie.
      if (parsed.offerCode === true || parsed.visitedAt !== undefined) {
        return result(false, null, 'opportunity_with_offer_code_or_cookie');
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
      // The first instant of the day after the 30th day after the sign-up day.
      const [y, mo, d] = newYorkWall(signedUp);
      const deadline = fromNewYork(y, mo, d + POST_FACTO_DAYS + 1);
      if (parsed.discountRate !== undefined && !dec(parsed.discountRate).isZero()) {
        return result(false, deadline, 'post_facto_with_discount');
      }
      return now < deadline
        ? result(true, deadline)
        : result(false, deadline, 'post_facto_too_late');
    }
  }
}
