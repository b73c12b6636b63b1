// What the partner program's ledger stores: billing statements, the
// append-only ledger entries, payout runs and payouts, imported referrals.
import type { StatementFigures } from '@quotekit/core';

/** What a ledger entry records. */
export const LEDGER_ENTRY_TYPES = [
  'commission',
  'chargeback',
  'payout',
  'reseller_credit',
  'adjustment',
] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** The commission a referral statement earns its partner, fixed when the statement is posted. */
export interface StatementCommission {
  partner: string;
  /** The effective rate applied (`"0.10"`), `"0.00"` when nothing is earned. */
  rate: string;
  /** The tier's rate before any offer-code discount. */
  tierRate: string;
  amount: string;
  /** Why nothing is earned (core's `referralCommission` reasons, or `partner_closed`). */
  reason?: string;
  /** When the customer's account was opened (the order's time): the 30 days run from here. */
  customerSince: string;
}

/** The credit a reseller's own bill gets, fixed when the bill is posted. */
export interface StatementCredit {
  partner: string;
  rate: string;
  amount: string;
  /** The distinct sub-clients the bill names. */
  subClients: number;
  /** Why no credit: fewer than 3 distinct sub-clients, or a total below the first tier. */
  reason?: 'too_few_sub_clients' | 'below_first_tier';
}

/** A billing statement as stored. */
export interface StatementRecord {
  id: string;
  /** A hash of the body it was posted with: the same id with another body is a conflict. */
  fingerprint: string;
  /** `referral`: a referred customer's statement; `reseller`: a reseller's own bill. */
  kind: 'referral' | 'reseller';
  /** The account billed: the order that opened it, or the reseller's id for its own bill. */
  account: string;
  orderId: string | null;
  /** The partner credited: the order's referrer, or the reseller; null when the account has none. */
  partner: string | null;
  period: string;
  issuedAt: string;
  currency: 'USD';
  /** The billed lines, amounts as decimal strings with 2 decimals. */
  lines: { product: string; amount: string }[];
  figures: StatementFigures;
  subClients: string[] | null;
  paidInFullAt: string | null;
  chargeback: { at: string; reason: string | null } | null;
  commission: StatementCommission | null;
  credit: StatementCredit | null;
  createdAt: string;
}

/** A ledger entry as the app asks for it; the database numbers it and keeps the running balance. */
export interface NewLedgerEntry {
  at: string;
  type: LedgerEntryType;
  statementId?: string | null;
  payoutId?: string | null;
  /** Signed decimal string. */
  amount: string;
  /** When a commission (or the charge-back of one still pending) becomes payable. */
  payableAt?: string | null;
  note?: string | null;
}

/** One line of a partner's append-only ledger. */
export interface LedgerEntry {
  /** `le_<partner>_<n>`, numbered from 1 per partner. */
  id: string;
  partner: string;
  seq: number;
  at: string;
  type: LedgerEntryType;
  statementId: string | null;
  payoutId: string | null;
  amount: string;
  payableAt: string | null;
  /** The balance after this entry, in the order entries were written (reseller credits leave it as it was). */
  balanceAfter: string;
  note: string | null;
  recordedAt: string;
}

/** One partner's line of a payout run, or a final payout at closing. */
export interface PayoutRecord {
  /** `po_<month>_<partner>` for a run, `po_final_<partner>` at closing. */
  id: string;
  partner: string;
  name: string;
  kind: 'monthly' | 'final';
  /** The run's month; null for a final payout. */
  month: string | null;
  /** The instant the payout counts at (the month's end, or the closing time). */
  at: string;
  method: 'check' | 'paypal' | 'account_credit';
  paypalEmail: string | null;
  country: string;
  /** Paid out; `"0.00"` when the balance rolled over. */
  amount: string;
  /** Rolled over to the next month. */
  carried: string;
  /** Why nothing was paid (core's `payout` reasons). */
  reason: string | null;
}

/** A month's payout run. */
export interface PayoutRun {
  month: string;
  /** When the run was made. */
  ranAt: string;
  /** The instant balances were taken at: the month's end. */
  cutoff: string;
  payouts: PayoutRecord[];
}

/** A referred account from before 2012-03-01 (or from another system): counts toward the tier, earns nothing. */
export interface ImportedReferral {
  id: string;
  partner: string;
  orderId: string | null;
  company: string;
  signedUpAt: string;
  monthlyPayments: string;
  createdAt: string;
}

/** One partner's ledger inside a transaction that holds that partner's lock. */
export interface LedgerTx {
  /** The partner's entries, oldest first. */
  entries(): Promise<LedgerEntry[]>;
  /** Appends an entry: numbered next, with its running balance. */
  append(entry: NewLedgerEntry): Promise<LedgerEntry>;
  insertPayout(payout: PayoutRecord): Promise<void>;
}

/** A statement write and the ledger entries it makes, in one transaction. */
export interface StatementTx {
  /** The statement under `id`, read inside the transaction. */
  statement(id: string): Promise<StatementRecord | null>;
  /** Stores a new statement; false when one with its id exists (nothing written). */
  insertStatement(record: StatementRecord): Promise<boolean>;
  /** Records the payment of an unpaid statement; false when it was paid already. */
  markPaid(id: string, paidInFullAt: string): Promise<boolean>;
  /** Records the charge-back of a statement not charged back; false when it was. */
  markChargedBack(id: string, at: string, reason: string | null): Promise<boolean>;
  /** The ledger of `partner`, locked for the rest of the transaction. */
  ledger(partner: string): Promise<LedgerTx>;
}

/** The ledger tables, on every database. */
export interface LedgerTable {
  /**
   * Runs `fn` in one transaction: everything it wrote is kept when it
   * resolves, nothing when it throws. A partner's ledger is written by one
   * transaction at a time (across processes on PostgreSQL), so balances
   * never interleave.
   */
  statementTransaction<T>(fn: (tx: StatementTx) => Promise<T>): Promise<T>;
  getStatement(id: string): Promise<StatementRecord | null>;
  /** Every statement crediting `partner`, oldest first. */
  statementsOf(partner: string): Promise<StatementRecord[]>;
  /** `partner`'s entries after `afterSeq` (0: from the first), oldest first, at most `limit`. */
  ledgerEntries(
    partner: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<LedgerEntry[]>;
  /**
   * Makes `month`'s payout run once: the first call runs `fn` in a
   * transaction that holds the run, and keeps what it wrote; any other
   * call, also at once from another process, gets that run (`created:
   * false`) and writes nothing.
   */
  runPayouts(
    run: { month: string; ranAt: string; cutoff: string },
    fn: (ledger: (partner: string) => Promise<LedgerTx>) => Promise<void>,
  ): Promise<{ run: PayoutRun; created: boolean }>;
  getPayoutRun(month: string): Promise<PayoutRun | null>;
  /** A final payout (or none) at closing, written in one transaction under the partner's lock. */
  settlePartner<T>(partner: string, fn: (ledger: LedgerTx) => Promise<T>): Promise<T>;
  payoutsOf(partner: string): Promise<PayoutRecord[]>;
  importReferral(referral: ImportedReferral): Promise<void>;
  importedReferralsOf(partner: string): Promise<ImportedReferral[]>;
}
