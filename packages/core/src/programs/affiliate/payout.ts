// Getting paid: the monthly payout run and the commission ledger.
import { QuotekitError } from '../../errors.js';
import { Dec, moneyString, roundMoney } from '../../money/money.js';
import { dec, instantOf, parseInput } from '../input.js';
import { newYorkMonth } from '../new-york.js';
import {
  CommissionLedgerInputSchema,
  PayoutInputSchema,
  type CommissionLedgerInput,
  type LedgerMonth,
  type Payout,
  type PayoutInput,
} from './affiliate.schema.js';
import { payableInstant } from './ledger.js';

const USD = 'USD';
const ZERO = new Dec(0);
/** Seed 001 §8: the payout threshold for every method. */
const PAYOUT_MINIMUM = new Dec(25);

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
    const payableAt = payableInstant(instantOf(statement.customerSince), paidAt);
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
