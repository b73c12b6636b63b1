// A partner's real ledger read month by month, as `commissionLedger`
// projects one: what was granted, became payable, was charged back and paid
// in each New York calendar month, and the balance after that month's run.
import { Dec, moneyString } from '../../money/money.js';
import { dec, instantOf } from '../input.js';
import { newYorkMonth } from '../new-york.js';
import type { LedgerMonth } from './affiliate.schema.js';

const USD = 'USD';
const ZERO = new Dec(0);

/** One ledger entry as `GET /v1/partner/ledger` answers it (the fields read here). */
export interface LedgerMonthEntry {
  at: string;
  type: string;
  /** Signed decimal string. */
  amount: string;
  payableAt?: string | null;
  payoutId?: string | null;
}

/** A payout as `GET /v1/partner/payouts` answers it: a monthly run's names its month. */
export interface LedgerMonthPayout {
  id: string;
  month: string | null;
}

/** One month of `ledgerMonths`: `commissionLedger`'s columns that a ledger shows as they happened. */
export type LedgerMonthRow = Pick<
  LedgerMonth,
  'month' | 'granted' | 'payable' | 'chargedBack' | 'paid' | 'balance'
>;

const monthText = (t: number) => {
  const [y, mo] = newYorkMonth(t);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}`;
};
const nextMonth = (month: string) => {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 12
    ? `${y + 1}-01`
    : `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}`;
};

/**
 * The ledger month by month, oldest first, from the month of its first entry
 * to `to` (default the month of its last entry): `granted` (commission on
 * statements paid in full that month), `payable` (commission whose customer
 * became more than 30 days old that month, less pending commission charged
 * back before it did), `chargedBack`, `paid` (by that month's payout run,
 * which the ledger dates after the month: `payouts` names each run's month)
 * and `balance` after that run. Reseller credits were applied to bills and
 * never count. Amounts are decimal strings; nothing passes through a float.
 *
 * @example
 * ledgerMonths([{ at: '2026-03-05T12:00:00Z', type: 'commission', amount: '30.00', payableAt: '2026-04-02T12:00:00Z' }]);
 * // [{ month: '2026-03', granted: '30.00', payable: '0.00', chargedBack: '0.00', paid: '0.00', balance: '30.00' }]
 */
export function ledgerMonths(
  entries: readonly LedgerMonthEntry[],
  options: { payouts?: readonly LedgerMonthPayout[]; to?: string } = {},
): LedgerMonthRow[] {
  const runMonth = new Map((options.payouts ?? []).map((p) => [p.id, p.month]));
  const sums = new Map<
    string,
    Record<'granted' | 'payable' | 'chargedBack' | 'paid' | 'moved', Dec>
  >();
  const at = (month: string) => {
    let row = sums.get(month);
    if (!row) {
      row = { granted: ZERO, payable: ZERO, chargedBack: ZERO, paid: ZERO, moved: ZERO };
      sums.set(month, row);
    }
    return row;
  };
  let latest = '';
  for (const entry of entries) {
    if (entry.type === 'reseller_credit') continue;
    const amount = dec(entry.amount);
    const month =
      (entry.type === 'payout' && entry.payoutId ? runMonth.get(entry.payoutId) : null) ??
      monthText(instantOf(entry.at));
    if (month > latest) latest = month;
    const row = at(month);
    row.moved = row.moved.plus(amount);
    if (entry.type === 'commission') row.granted = row.granted.plus(amount);
    if (entry.type === 'chargeback') row.chargedBack = row.chargedBack.minus(amount);
    if (entry.type === 'payout') row.paid = row.paid.minus(amount);
    // A commission becomes payable at its payableAt; the charge-back of one still
    // pending carries the same payableAt, so the two cancel there.
    if ((entry.type === 'commission' || entry.type === 'chargeback') && entry.payableAt) {
      const due = at(monthText(instantOf(entry.payableAt)));
      due.payable = due.payable.plus(amount);
    }
  }
  const months = [...sums.keys()].sort();
  if (months.length === 0) return [];
  // Commission payable after the last entry's month shows once that month is asked for.
  const last = options.to ?? latest;
  const rows: LedgerMonthRow[] = [];
  let balance = ZERO;
  for (let month = months[0]!; month <= last; month = nextMonth(month)) {
    const row = sums.get(month) ?? at(month);
    balance = balance.plus(row.moved);
    rows.push({
      month,
      granted: moneyString(row.granted, USD),
      payable: moneyString(row.payable, USD),
      chargedBack: moneyString(row.chargedBack, USD),
      paid: moneyString(row.paid, USD),
      balance: moneyString(balance, USD),
    });
  }
  return rows;
}
