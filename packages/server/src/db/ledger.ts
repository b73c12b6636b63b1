// The partner program's ledger in SQL: qk_statements, qk_ledger_entries,
// qk_payout_runs with qk_payouts, and qk_imported_referrals.
import { toDecimal } from '@quotekit/core';
import type {
  ImportedReferral,
  LedgerEntry,
  LedgerEntryType,
  LedgerTable,
  LedgerTx,
  NewLedgerEntry,
  PayoutRecord,
  PayoutRun,
  StatementRecord,
  StatementTx,
} from './ledger-records.js';
import { insertInto, iso, json, text, type Row, type SqlDriver, type SqlRunner } from './query.js';

// Any constant works; with the partner's hash it names one advisory lock per
// partner, the same in every process sharing the database.
const LEDGER_LOCK = 7_151_011;

/** The running balance after `amount`: a reseller credit was applied to a bill and leaves it. */
export function balanceAfter(previous: string, entry: NewLedgerEntry): string {
  if (entry.type === 'reseller_credit') return previous;
  return toDecimal(previous).plus(toDecimal(entry.amount)).toFixed(2);
}

/** An entry's id: numbered per partner, so that a ledger reads the same wherever it is kept. */
export const entryId = (partner: string, seq: number): string =>
  `le_${partner.toLowerCase()}_${seq}`;

const STATEMENT_COLUMNS = `id, fingerprint, kind, account, order_id, partner_id, period,
  issued_at, currency, lines, figures, sub_clients, paid_in_full_at, charged_back_at,
  chargeback_reason, commission, credit, created_at`;

function statementFrom(row: Row): StatementRecord {
  return {
    id: String(row.id),
    fingerprint: String(row.fingerprint),
    kind: row.kind === 'reseller' ? 'reseller' : 'referral',
    account: String(row.account),
    orderId: text(row.order_id),
    partner: text(row.partner_id),
    period: String(row.period),
    issuedAt: iso(row.issued_at),
    currency: 'USD',
    lines: json(row.lines),
    figures: json(row.figures),
    subClients: row.sub_clients == null ? null : json(row.sub_clients),
    paidInFullAt: row.paid_in_full_at == null ? null : iso(row.paid_in_full_at),
    chargeback:
      row.charged_back_at == null
        ? null
        : { at: iso(row.charged_back_at), reason: text(row.chargeback_reason) },
    commission: row.commission == null ? null : json(row.commission),
    credit: row.credit == null ? null : json(row.credit),
    createdAt: iso(row.created_at),
  };
}

const ENTRY_COLUMNS = `id, partner_id, seq, at, type, statement_id, payout_id,
  amount::text AS amount, payable_at, balance_after::text AS balance_after, note, recorded_at`;

const money = (value: unknown) => toDecimal(String(value)).toFixed(2);

function entryFrom(row: Row): LedgerEntry {
  return {
    id: String(row.id),
    partner: String(row.partner_id),
    seq: Number(row.seq),
    at: iso(row.at),
    type: String(row.type) as LedgerEntryType,
    statementId: text(row.statement_id),
    payoutId: text(row.payout_id),
    amount: money(row.amount),
    payableAt: row.payable_at == null ? null : iso(row.payable_at),
    balanceAfter: money(row.balance_after),
    note: text(row.note),
    recordedAt: iso(row.recorded_at),
  };
}

const PAYOUT_COLUMNS = `id, partner_id, name, kind, month, at, method, paypal_email, country,
  amount::text AS amount, carried::text AS carried, reason`;

function payoutFrom(row: Row): PayoutRecord {
  return {
    id: String(row.id),
    partner: String(row.partner_id),
    name: String(row.name),
    kind: row.kind === 'final' ? 'final' : 'monthly',
    month: text(row.month),
    at: iso(row.at),
    method: String(row.method) as PayoutRecord['method'],
    paypalEmail: text(row.paypal_email),
    country: String(row.country),
    amount: money(row.amount),
    carried: money(row.carried),
    reason: text(row.reason),
  };
}

function referralFrom(row: Row): ImportedReferral {
  return {
    id: String(row.id),
    partner: String(row.partner_id),
    orderId: text(row.order_id),
    company: String(row.company),
    signedUpAt: iso(row.signed_up_at),
    monthlyPayments: money(row.monthly_payments),
    createdAt: iso(row.created_at),
  };
}

/** `partner`'s ledger inside transaction `tx`, after taking the partner's lock. */
async function lockedLedger(tx: SqlRunner, partner: string, now: () => Date): Promise<LedgerTx> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LEDGER_LOCK, partner]);
  return {
    async entries() {
      const rows = await tx.query(
        `SELECT ${ENTRY_COLUMNS} FROM qk_ledger_entries WHERE partner_id = $1 ORDER BY seq`,
        [partner],
      );
      return rows.map(entryFrom);
    },
    async append(entry) {
      const [last] = await tx.query(
        `SELECT seq, balance_after::text AS balance_after FROM qk_ledger_entries
         WHERE partner_id = $1 ORDER BY seq DESC LIMIT 1`,
        [partner],
      );
      const seq = last === undefined ? 1 : Number(last.seq) + 1;
      const previous = last === undefined ? '0.00' : String(last.balance_after);
      const { sql, params } = insertInto('qk_ledger_entries', {
        id: entryId(partner, seq),
        partner_id: partner,
        seq,
        at: entry.at,
        type: entry.type,
        statement_id: entry.statementId ?? null,
        payout_id: entry.payoutId ?? null,
        amount: toDecimal(entry.amount).toFixed(2),
        payable_at: entry.payableAt ?? null,
        balance_after: balanceAfter(previous, entry),
        note: entry.note ?? null,
        recorded_at: now().toISOString(),
      });
      const [row] = await tx.query(`${sql} RETURNING ${ENTRY_COLUMNS}`, params);
      return entryFrom(row!);
    },
    async insertPayout(payout) {
      const { sql, params } = insertInto('qk_payouts', {
        id: payout.id,
        partner_id: payout.partner,
        name: payout.name,
        kind: payout.kind,
        month: payout.month,
        at: payout.at,
        method: payout.method,
        paypal_email: payout.paypalEmail,
        country: payout.country,
        amount: payout.amount,
        carried: payout.carried,
        reason: payout.reason,
      });
      await tx.query(sql, params);
    },
  };
}

/** The ledger tables over a SQL driver. `now` stamps when entries were written. */
export function sqlLedger(driver: SqlDriver, now: () => Date = () => new Date()): LedgerTable {
  const statementIn = async (db: SqlRunner, id: string) => {
    const [row] = await db.query(`SELECT ${STATEMENT_COLUMNS} FROM qk_statements WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? null : statementFrom(row);
  };
  const payoutRun = async (db: SqlRunner, month: string): Promise<PayoutRun | null> => {
    const [run] = await db.query(
      'SELECT month, ran_at, cutoff FROM qk_payout_runs WHERE month = $1',
      [month],
    );
    if (run === undefined) return null;
    const payouts = await db.query(
      `SELECT ${PAYOUT_COLUMNS} FROM qk_payouts WHERE month = $1 ORDER BY partner_id`,
      [month],
    );
    return {
      month: String(run.month),
      ranAt: iso(run.ran_at),
      cutoff: iso(run.cutoff),
      payouts: payouts.map(payoutFrom),
    };
  };

  return {
    statementTransaction(fn) {
      return driver.transaction((tx) => {
        const statementTx: StatementTx = {
          statement: (id) => statementIn(tx, id),
          async insertStatement(record) {
            const { sql, params } = insertInto('qk_statements', {
              id: record.id,
              fingerprint: record.fingerprint,
              kind: record.kind,
              account: record.account,
              order_id: record.orderId,
              partner_id: record.partner,
              period: record.period,
              issued_at: record.issuedAt,
              currency: record.currency,
              lines: JSON.stringify(record.lines),
              figures: JSON.stringify(record.figures),
              monthly_payment: record.figures.monthlyPayment,
              sub_clients: record.subClients === null ? null : JSON.stringify(record.subClients),
              paid_in_full_at: record.paidInFullAt,
              charged_back_at: record.chargeback?.at ?? null,
              chargeback_reason: record.chargeback?.reason ?? null,
              commission: record.commission === null ? null : JSON.stringify(record.commission),
              credit: record.credit === null ? null : JSON.stringify(record.credit),
              created_at: record.createdAt,
            });
            const rows = await tx.query(`${sql} ON CONFLICT (id) DO NOTHING RETURNING id`, params);
            return rows.length === 1;
          },
          async markPaid(id, paidInFullAt) {
            const rows = await tx.query(
              `UPDATE qk_statements SET paid_in_full_at = $2
               WHERE id = $1 AND paid_in_full_at IS NULL RETURNING id`,
              [id, paidInFullAt],
            );
            return rows.length === 1;
          },
          async markChargedBack(id, at, reason) {
            const rows = await tx.query(
              `UPDATE qk_statements SET charged_back_at = $2, chargeback_reason = $3
               WHERE id = $1 AND charged_back_at IS NULL RETURNING id`,
              [id, at, reason],
            );
            return rows.length === 1;
          },
          ledger: (partner) => lockedLedger(tx, partner, now),
        };
        return fn(statementTx);
      });
    },
    getStatement: (id) => statementIn(driver, id),
    async statementsOf(partner) {
      const rows = await driver.query(
        `SELECT ${STATEMENT_COLUMNS} FROM qk_statements WHERE partner_id = $1
         ORDER BY created_at, id`,
        [partner],
      );
      return rows.map(statementFrom);
    },
    async ledgerEntries(partner, { afterSeq = 0, limit = 10_000 } = {}) {
      const rows = await driver.query(
        `SELECT ${ENTRY_COLUMNS} FROM qk_ledger_entries
         WHERE partner_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [partner, afterSeq, limit],
      );
      return rows.map(entryFrom);
    },
    async runPayouts(run, fn) {
      const made = await driver.transaction(async (tx) => {
        // A second run of the month, from this process or another, waits here
        // for the first to commit, then finds its row and writes nothing.
        const inserted = await tx.query(
          `INSERT INTO qk_payout_runs (month, ran_at, cutoff) VALUES ($1, $2, $3)
           ON CONFLICT (month) DO NOTHING RETURNING month`,
          [run.month, run.ranAt, run.cutoff],
        );
        if (inserted.length === 0) return false;
        await fn((partner) => lockedLedger(tx, partner, now));
        return true;
      });
      const stored = await payoutRun(driver, run.month);
      return { run: stored!, created: made };
    },
    getPayoutRun: (month) => payoutRun(driver, month),
    settlePartner(partner, fn) {
      return driver.transaction(async (tx) => fn(await lockedLedger(tx, partner, now)));
    },
    async payoutsOf(partner) {
      const rows = await driver.query(
        `SELECT ${PAYOUT_COLUMNS} FROM qk_payouts WHERE partner_id = $1 ORDER BY at, id`,
        [partner],
      );
      return rows.map(payoutFrom);
    },
    async importReferral(referral) {
      const { sql, params } = insertInto('qk_imported_referrals', {
        id: referral.id,
        partner_id: referral.partner,
        order_id: referral.orderId,
        company: referral.company,
        signed_up_at: referral.signedUpAt,
        monthly_payments: referral.monthlyPayments,
        created_at: referral.createdAt,
      });
      await driver.query(sql, params);
    },
    async importedReferralsOf(partner) {
      const rows = await driver.query(
        `SELECT id, partner_id, order_id, company, signed_up_at,
           monthly_payments::text AS monthly_payments, created_at
         FROM qk_imported_referrals WHERE partner_id = $1 ORDER BY created_at, id`,
        [partner],
      );
      return rows.map(referralFrom);
    },
  };
}
