// The partner program's ledger in plain maps, with the SQL tables' rules:
// one transaction at a time, nothing kept from one that throws.
import { toDecimal } from '@quotekit/core';
import { balanceAfter, entryId } from './ledger.js';
import type {
  ImportedReferral,
  LedgerEntry,
  LedgerTable,
  LedgerTx,
  PayoutRecord,
  PayoutRun,
  StatementRecord,
} from './ledger-records.js';

const clone = <T>(value: T): T => structuredClone(value);

/** The ledger tables in memory; `open` throws once the database is closed. */
export function memoryLedger(open: () => void, now: () => Date = () => new Date()): LedgerTable {
  const statements = new Map<string, StatementRecord>();
  const entries = new Map<string, LedgerEntry[]>();
  const runs = new Map<string, { month: string; ranAt: string; cutoff: string }>();
  const payouts: PayoutRecord[] = [];
  const referrals: ImportedReferral[] = [];
  // Transactions run one after another, as PGlite runs them.
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `fn` on copies of the tables and keeps them only when it resolves.
   * Statements, entries and payouts are few in memory databases (tests, the
   * browser handlers), so copying them is cheap.
   */
  function transaction<T>(fn: (state: State) => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      open();
      const state: State = {
        statements: new Map([...statements].map(([id, s]) => [id, clone(s)])),
        entries: new Map([...entries].map(([p, list]) => [p, list.map(clone)])),
        runs: new Map(runs),
        payouts: payouts.map(clone),
      };
      const result = await fn(state);
      statements.clear();
      for (const [id, s] of state.statements) statements.set(id, s);
      entries.clear();
      for (const [p, list] of state.entries) entries.set(p, list);
      runs.clear();
      for (const [m, r] of state.runs) runs.set(m, r);
      payouts.splice(0, payouts.length, ...state.payouts);
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  interface State {
    statements: Map<string, StatementRecord>;
    entries: Map<string, LedgerEntry[]>;
    runs: Map<string, { month: string; ranAt: string; cutoff: string }>;
    payouts: PayoutRecord[];
  }

  const ledgerIn = (state: State, partner: string): LedgerTx => ({
    async entries() {
      return (state.entries.get(partner) ?? []).map(clone);
    },
    async append(entry) {
      const list = state.entries.get(partner) ?? [];
      const last = list[list.length - 1];
      const seq = (last?.seq ?? 0) + 1;
      const written: LedgerEntry = {
        id: entryId(partner, seq),
        partner,
        seq,
        at: new Date(entry.at).toISOString(),
        type: entry.type,
        statementId: entry.statementId ?? null,
        payoutId: entry.payoutId ?? null,
        amount: toDecimal(entry.amount).toFixed(2),
        payableAt: entry.payableAt == null ? null : new Date(entry.payableAt).toISOString(),
        balanceAfter: balanceAfter(last?.balanceAfter ?? '0.00', entry),
        note: entry.note ?? null,
        recordedAt: now().toISOString(),
      };
      if (
        written.statementId !== null &&
        list.some(
          (e) =>
            e.statementId === written.statementId &&
            e.type === written.type &&
            toDecimal(e.amount).isNegative() === toDecimal(written.amount).isNegative(),
        )
      ) {
        // As SQL's index: one of each per statement, a credit and its reversal being two.
        throw new Error(`A ${written.type} entry for ${written.statementId} exists.`);
      }
      state.entries.set(partner, [...list, written]);
      return clone(written);
    },
    async insertPayout(payout) {
      if (state.payouts.some((p) => p.id === payout.id))
        throw new Error(`Payout ${payout.id} exists.`);
      state.payouts.push(clone(payout));
    },
  });

  const runOf = (month: string): PayoutRun | null => {
    const run = runs.get(month);
    if (run === undefined) return null;
    return {
      ...run,
      payouts: payouts
        .filter((p) => p.month === month)
        .sort((a, b) => (a.partner < b.partner ? -1 : 1))
        .map(clone),
    };
  };

  return {
    statementTransaction(fn) {
      return transaction((state) =>
        fn({
          async statement(id) {
            const found = state.statements.get(id);
            return found === undefined ? null : clone(found);
          },
          async insertStatement(record) {
            if (state.statements.has(record.id)) return false;
            state.statements.set(record.id, clone(record));
            return true;
          },
          async markPaid(id, paidInFullAt) {
            const found = state.statements.get(id);
            if (found === undefined || found.paidInFullAt !== null) return false;
            found.paidInFullAt = new Date(paidInFullAt).toISOString();
            return true;
          },
          async markChargedBack(id, at, reason) {
            const found = state.statements.get(id);
            if (found === undefined || found.chargeback !== null) return false;
            found.chargeback = { at: new Date(at).toISOString(), reason };
            return true;
          },
          ledger: async (partner) => ledgerIn(state, partner),
        }),
      );
    },
    async getStatement(id) {
      open();
      const found = statements.get(id);
      return found === undefined ? null : clone(found);
    },
    async statementsOf(partner) {
      open();
      return [...statements.values()].filter((s) => s.partner === partner).map(clone);
    },
    async ledgerEntries(partner, { afterSeq = 0, limit = 10_000 } = {}) {
      open();
      return (entries.get(partner) ?? [])
        .filter((e) => e.seq > afterSeq)
        .slice(0, limit)
        .map(clone);
    },
    async runPayouts(run, fn) {
      const created = await transaction(async (state) => {
        if (state.runs.has(run.month)) return false;
        state.runs.set(run.month, { ...run });
        await fn(async (partner) => ledgerIn(state, partner));
        return true;
      });
      return { run: runOf(run.month)!, created };
    },
    async getPayoutRun(month) {
      open();
      return runOf(month);
    },
    settlePartner(partner, fn) {
      return transaction((state) => fn(ledgerIn(state, partner)));
    },
    async payoutsOf(partner) {
      open();
      return payouts
        .filter((p) => p.partner === partner)
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))
        .map(clone);
    },
    async importReferral(referral) {
      open();
      if (referrals.some((r) => r.id === referral.id))
        throw new Error(`Referral ${referral.id} exists.`);
      referrals.push(clone(referral));
    },
    async importedReferralsOf(partner) {
      open();
      return referrals.filter((r) => r.partner === partner).map(clone);
    },
  };
}
