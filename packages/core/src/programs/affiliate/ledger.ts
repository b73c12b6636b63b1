// What a server keeping the partners' ledger needs from the program's rules:
// when a commission becomes payable, which payout run a moment falls in, the
// figures of a billing statement, and a ledger's standing at an instant.
import * as z from 'zod/mini';
import type { Catalog } from '../../catalog/catalog.schema.js';
import { QuotekitError } from '../../errors.js';
import { Dec, moneyString, roundMoney } from '../../money/money.js';
import { coded, DateField, dec, instantOf, isoString, parseInput, UsdField } from '../input.js';
import { addNewYorkDays, fromNewYork, newYorkMonth } from '../new-york.js';

const USD = 'USD';
const ZERO = new Dec(0);
/** Seed 001 §7: payable once the customer "has been a LuxSci customer for more than 30 days". */
const REFUND_DAYS = 30;

/** A calendar month, `"2026-03"`: `invalid_date`. */
export const MonthField = coded<string>(
  'invalid_date',
  (v) => typeof v === 'string' && /^\d{4}-(?:0[1-9]|1[0-2])$/.test(v),
  'must be a month, "YYYY-MM"',
);

/**
 * When a statement's commission becomes payable (seed 001 §7): once paid in
 * full, and not before the customer has been one for more than 30 days —
 * the first instant after the 30th New York day from `customerSince` (the
 * order that opened the account). The same rule `commissionLedger` applies.
 *
 * @example
 * commissionPayableAt({ customerSince: '2026-03-02T10:00:00Z', paidInFullAt: '2026-03-05T00:00:00Z' });
 * // '2026-04-01T09:00:00.001Z' (30 New York days after 05:00 EST)
 */
export function commissionPayableAt(input: {
  customerSince: string | Date;
  paidInFullAt: string | Date;
}): string {
  const { customerSince, paidInFullAt } = parseInput(
    z.object({ customerSince: DateField, paidInFullAt: DateField }),
    input,
    'commission',
  );
  return isoString(payableInstant(instantOf(customerSince), instantOf(paidInFullAt)));
}

/**
 * An instant as the programs read a date (`DateField`), as an ISO string: a
 * bare date (`"2026-03-31"`) or month is midnight in New York, the vendor's
 * business day, not in UTC as `new Date()` would read it. `invalid_date`
 * for anything else.
 *
 * @example
 * programInstant('2026-03-31'); // '2026-03-31T04:00:00.000Z'
 */
export function programInstant(value: string | Date): string {
  return isoString(instantOf(parseInput(DateField, value, 'date')));
}

/** `commissionPayableAt` on instants. */
export function payableInstant(customerSince: number, paidInFullAt: number): number {
  return Math.max(paidInFullAt, addNewYorkDays(customerSince, REFUND_DAYS) + 1);
}

/**
 * The payout run an instant falls in: its New York calendar month
 * (`"2026-03"`). The program pays once a month, at the month's end.
 */
export function payoutMonthOf(at: string | Date): string {
  const t = instantOf(parseInput(DateField, at, 'at'));
  const [y, mo] = newYorkMonth(t);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}`;
}

/**
 * When `month`'s payout run may happen: the first instant after the month,
 * midnight in New York on the 1st of the next one. What happened before it
 * (payments, commissions becoming payable, charge-backs) counts in that
 * month's run; what happens at or after it counts in the next.
 *
 * @example
 * payoutMonthEnd('2026-03'); // '2026-04-01T04:00:00.000Z'
 */
export function payoutMonthEnd(month: string): string {
  const text = parseInput(MonthField, month, 'month');
  const [y, mo] = text.split('-').map(Number) as [number, number];
  return isoString(fromNewYork(y, mo + 1, 1));
}

/** One billed line: a catalog product and what the statement charges for it. */
export const StatementLineSchema = z.object({
  product: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Dollars and cents as billed, ≥ 0 with at most 2 decimals (`"100.00"`, `100`): `invalid_amount`. */
  amount: coded<string | number>(
    'invalid_amount',
    (v) =>
      (typeof v === 'string' && /^\d{1,12}(?:\.\d{1,2})?$/.test(v)) ||
      (typeof v === 'number' &&
        Number.isFinite(v) &&
        v >= 0 &&
        v < 1e12 &&
        /^\d+(?:\.\d{1,2})?$/.test(String(v))),
    'must be a non-negative amount in dollars with at most 2 decimals',
  ),
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

const StatementLinesSchema = z.object({
  lines: z.array(StatementLineSchema).check(z.minLength(1), z.maxLength(500)),
  /** `USD`, the program's currency; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});

/** What a billing statement's lines add up to, by the catalog's products. */
export interface StatementFigures {
  /** Every line's amount. */
  total: string;
  /** The lines of monthly products: the account's monthly payments, which set the tiers. */
  monthlyPayment: string;
  /** The lines of one-time products. */
  oneTime: string;
  /** The monthly lines weighted by each product's class, per program. */
  monthlyValue: { affiliate: string; reseller: string };
  /** The one-time lines weighted by each product's class, per program: they count on this statement. */
  oneTimeValue: { affiliate: string; reseller: string };
}

/**
 * The figures of a billing statement (seed 001 §3, seed 000 §4): each line's
 * amount weighted by its product's class in `catalog` (rounded half-up to
 * the cent per line, as pricing does), split into monthly and one-time
 * lines. The commissionable value of the statement is
 * `monthlyValue.affiliate + oneTimeValue.affiliate` (`referralCommission`
 * takes both). Throws `unknown_product` (with `details.line`, from 1) for a
 * product the catalog lacks, `invalid_amount`, `invalid_currency`.
 *
 * @example
 * statementFigures(catalogs.luxsci, [
 *   { product: 'starter-plus-user', amount: '100.00' },
 *   { product: 'dedicated-px2', amount: '200.00' },
 * ]).monthlyValue.affiliate; // "250.00"
 */
export function statementFigures(
  catalog: Catalog,
  lines: readonly StatementLine[],
  currency?: string,
): StatementFigures {
  const parsed = parseInput(
    StatementLinesSchema,
    currency === undefined ? { lines } : { lines, currency },
    'statement',
  );
  const sums = {
    total: ZERO,
    monthlyPayment: ZERO,
    oneTime: ZERO,
    monthlyAffiliate: ZERO,
    monthlyReseller: ZERO,
    oneTimeAffiliate: ZERO,
    oneTimeReseller: ZERO,
  };
  parsed.lines.forEach((line, i) => {
    const product = catalog.products.find((p) => p.id === line.product);
    if (product === undefined) {
      throw new QuotekitError(
        'unknown_product',
        `Line ${i + 1}: no product ${JSON.stringify(line.product)} in catalog ${catalog.id}.`,
        { line: i + 1, product: line.product },
      );
    }
    const amount = dec(line.amount);
    const affiliate = roundMoney(amount.times(product.classes.affiliate), USD);
    const reseller = roundMoney(amount.times(product.classes.reseller), USD);
    sums.total = sums.total.plus(amount);
    if (product.billing === 'monthly') {
      sums.monthlyPayment = sums.monthlyPayment.plus(amount);
      sums.monthlyAffiliate = sums.monthlyAffiliate.plus(affiliate);
      sums.monthlyReseller = sums.monthlyReseller.plus(reseller);
    } else {
      sums.oneTime = sums.oneTime.plus(amount);
      sums.oneTimeAffiliate = sums.oneTimeAffiliate.plus(affiliate);
      sums.oneTimeReseller = sums.oneTimeReseller.plus(reseller);
    }
  });
  const money = (d: Dec) => moneyString(d, USD);
  return {
    total: money(sums.total),
    monthlyPayment: money(sums.monthlyPayment),
    oneTime: money(sums.oneTime),
    monthlyValue: {
      affiliate: money(sums.monthlyAffiliate),
      reseller: money(sums.monthlyReseller),
    },
    oneTimeValue: {
      affiliate: money(sums.oneTimeAffiliate),
      reseller: money(sums.oneTimeReseller),
    },
  };
}

/** What `ledgerStanding` reads of a ledger entry. */
export interface LedgerFigure {
  /** When the entry takes effect. */
  at: string;
  /** Signed decimal string. */
  amount: string;
  /**
   * For a commission, and for the charge-back of a commission that was still
   * pending: when it becomes payable. Absent or null: payable from `at`.
   */
  payableAt?: string | null;
  /** A reseller credit is applied to the reseller's bill, so it never counts in the balance. */
  type?: string;
}

/** A partner's account at an instant. */
export interface LedgerStanding {
  /** Everything on the account: `payable + pending`; negative after a charge-back on paid commission. */
  balance: string;
  /** The balance eligible for payment. */
  payable: string;
  /** Granted commission whose customer has not yet been one for more than 30 days. */
  pending: string;
}

/**
 * A partner's account just before `before`, from its ledger entries: the
 * same figures `commissionLedger` gives at a month's end when `before` is
 * `payoutMonthEnd(month)`. Entries at or after `before` do not count yet;
 * `reseller_credit` entries never count (they were applied to a bill).
 */
export function ledgerStanding(
  entries: readonly LedgerFigure[],
  before: string | Date,
): LedgerStanding {
  const cut = instantOf(parseInput(DateField, before, 'before'));
  let payable = ZERO;
  let pending = ZERO;
  for (const entry of entries) {
    if (entry.type === 'reseller_credit' || instantOf(entry.at) >= cut) continue;
    const amount = dec(entry.amount);
    const due = entry.payableAt == null ? true : instantOf(entry.payableAt) < cut;
    if (due) payable = payable.plus(amount);
    else pending = pending.plus(amount);
  }
  return {
    balance: moneyString(payable.plus(pending), USD),
    payable: moneyString(payable, USD),
    pending: moneyString(pending, USD),
  };
}
