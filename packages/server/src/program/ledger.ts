// Billing statements, the partner ledger, payout runs and closing, without
// HTTP. Every rate, threshold and date comes from core: the tier
// (`affiliateCommissionRate`, `resellerCreditRate` through `resellerEstimate`),
// the commission (`referralCommission`), when it is payable
// (`commissionPayableAt`), a payout (`payout`), a month's end
// (`payoutMonthEnd`) and a ledger's standing (`ledgerStanding`).
import {
  affiliateCommissionRate,
  canonicalEmail,
  commissionPayableAt,
  ledgerStanding,
  payout,
  payoutMonthEnd,
  programInstant,
  referralCommission,
  resellerEstimate,
  statementFigures,
  toDecimal,
  type BillingStatementRequest,
  type Catalog,
  type Order,
  type StatementAnswer,
  type StatementChargebackRequest,
} from '@quotekit/core';
import { fail, sha256 } from '../http.js';
import type { Database, Partner } from '../db/database.js';
import type {
  LedgerEntry,
  LedgerTx,
  PayoutRecord,
  PayoutRun,
  StatementCommission,
  StatementCredit,
  StatementRecord,
} from '../db/ledger-records.js';

export interface LedgerDeps {
  db: Database;
  catalog: Catalog;
  now: () => Date;
}

/** A date of a request as the program reads it (a bare date is midnight in New York). */
const iso = (value: string | Date) => programInstant(value);
const money = (value: string) => toDecimal(value).toFixed(2);
const sum = (values: Iterable<string>) => {
  let total = toDecimal(0);
  for (const value of values) total = total.plus(toDecimal(value));
  return total.toFixed(2);
};

/**
 * The statement as the idempotency check compares it: amounts and instants
 * in one spelling, so `100`, `"100.00"` and `"2026-03-31"` against
 * `"2026-03-31T04:00:00Z"` post the same statement.
 */
function canonicalStatement(body: BillingStatementRequest): unknown {
  return {
    id: body.id,
    orderId: body.orderId ?? null,
    partner: body.partner?.toUpperCase() ?? null,
    subClients: body.subClients ?? null,
    period: body.period,
    issuedAt: iso(body.issuedAt),
    currency: 'USD',
    lines: body.lines.map((line) => ({
      product: line.product,
      amount: money(String(line.amount)),
    })),
    paidInFullAt: body.paidInFullAt === undefined ? null : iso(body.paidInFullAt),
  };
}

// --- Tiers ------------------------------------------------------------------

/**
 * Each account's latest statement (by period, then issue time): the
 * account's current monthly payments and value.
 */
function latestByAccount(statements: readonly StatementRecord[]): Map<string, StatementRecord> {
  const latest = new Map<string, StatementRecord>();
  for (const statement of statements) {
    const held = latest.get(statement.account);
    if (
      held === undefined ||
      statement.period > held.period ||
      (statement.period === held.period && statement.issuedAt >= held.issuedAt)
    ) {
      latest.set(statement.account, statement);
    }
  }
  return latest;
}

/**
 * An affiliate's total monthly payments (seed 001 §5): the latest statement
 * of each referred account that is not charged back, plus its imported
 * accounts from before 2012-03-01. `extra` is a statement being posted.
 */
async function referredTotal(
  db: Database,
  partner: string,
  extra?: StatementRecord,
): Promise<string> {
  const statements = (await db.statementsOf(partner)).filter((s) => s.kind === 'referral');
  if (extra !== undefined) statements.push(extra);
  const latest = [...latestByAccount(statements).values()].filter((s) => s.chargeback === null);
  const imported = await db.importedReferralsOf(partner);
  return sum([
    ...latest.map((s) => s.figures.monthlyPayment),
    ...imported.map((r) => r.monthlyPayments),
  ]);
}

/** A reseller's own monthly payments: its latest own bill. */
async function resellerTotal(db: Database, reseller: string, extra?: StatementRecord) {
  const own = (await db.statementsOf(reseller)).filter((s) => s.kind === 'reseller');
  if (extra !== undefined) own.push(extra);
  const latest = latestByAccount(own).get(reseller);
  return latest === undefined || latest.chargeback !== null
    ? '0.00'
    : latest.figures.monthlyPayment;
}

/** The partner linked to `partner` when it is of `kind` (seed 000 §6). */
async function linked(db: Database, partner: Partner, kind: Partner['kind']) {
  if (partner.linkedPartner === null) return null;
  const other = await db.getPartner(partner.linkedPartner);
  return other?.kind === kind ? other : null;
}

/** The affiliate's Commission Percentage now, from core, with what it is computed from. */
export async function affiliateTier(db: Database, partner: Partner, extra?: StatementRecord) {
  const total = await referredTotal(db, partner.id, extra);
  const reseller = await linked(db, partner, 'reseller');
  const linkedResellerTotal = reseller === null ? undefined : await resellerTotal(db, reseller.id);
  const rate = affiliateCommissionRate(total, {
    ...(partner.negotiatedRate === null ? {} : { negotiatedRate: partner.negotiatedRate }),
    ...(linkedResellerTotal === undefined ? {} : { linkedResellerTotal }),
  });
  const counted = linkedResellerTotal === undefined ? total : sum([total, linkedResellerTotal]);
  return { total: counted, ...rate };
}

// --- Statements -------------------------------------------------------------

/** A statement's commission as answered, with where it stands at `now`. */
function commissionAnswer(record: StatementRecord, now: Date): StatementAnswer['commission'] {
  const c = record.commission;
  if (c === null) return null;
  const base = { partner: c.partner, tierRate: c.tierRate, rate: c.rate, amount: c.amount };
  const reason = c.reason === undefined ? {} : { reason: c.reason };
  if (toDecimal(c.amount).isZero()) return { ...base, ...reason, status: 'none', payableAt: null };
  if (record.paidInFullAt === null) return { ...base, status: 'unpaid', payableAt: null };
  const payableAt = commissionPayableAt({
    customerSince: c.customerSince,
    paidInFullAt: record.paidInFullAt,
  });
  const status =
    record.chargeback !== null
      ? 'charged_back'
      : Date.parse(payableAt) <= now.getTime()
        ? 'payable'
        : 'pending';
  return { ...base, status, payableAt };
}

/** What the statement routes answer for `record`. */
export function statementAnswer(record: StatementRecord, now: Date): StatementAnswer {
  const statement = {
    id: record.id,
    kind: record.kind,
    orderId: record.orderId,
    partner: record.partner,
    period: record.period,
    issuedAt: record.issuedAt,
    currency: record.currency,
    lines: record.lines,
    figures: record.figures,
    subClients: record.subClients,
    paidInFullAt: record.paidInFullAt,
    chargeback: record.chargeback,
    createdAt: record.createdAt,
  };
  const credit = record.credit;
  return {
    statement,
    commission: commissionAnswer(record, now),
    credit:
      credit === null
        ? null
        : {
            partner: credit.partner,
            rate: credit.rate,
            amount: credit.amount,
            subClients: credit.subClients,
            ...(credit.reason === undefined ? {} : { reason: credit.reason }),
          },
  };
}

/** The commission entry a paid statement writes, when it earns any. */
function commissionEntry(record: StatementRecord) {
  const c = record.commission;
  if (c === null || record.paidInFullAt === null || toDecimal(c.amount).isZero()) return null;
  return {
    at: record.paidInFullAt,
    type: 'commission' as const,
    statementId: record.id,
    amount: c.amount,
    payableAt: commissionPayableAt({
      customerSince: c.customerSince,
      paidInFullAt: record.paidInFullAt,
    }),
  };
}

/** A stored statement under `id` again: the same body is a retry, another is `409 statement_conflict`. */
function replay(existing: StatementRecord, fingerprint: string, now: Date) {
  if (existing.fingerprint !== fingerprint) {
    fail(
      'statement_conflict',
      `Statement ${existing.id} was posted before with another body; post a correction under a new id.`,
      { id: existing.id },
    );
  }
  return { created: false, answer: statementAnswer(existing, now) };
}

/** The commission a referral statement earns, fixed now (core's `referralCommission`). */
async function referralCommissionOf(
  db: Database,
  order: Order,
  record: StatementRecord,
): Promise<StatementCommission | null> {
  const partnerId = order.attribution?.affiliate;
  if (partnerId === undefined) return null;
  const partner = await db.getPartner(partnerId);
  if (partner === null) return null;
  const customerSince = order.createdAt;
  if (partner.status === 'closed') {
    // Seed 001 §1: commissions are earned during the term only.
    return {
      partner: partner.id,
      tierRate: '0.00',
      rate: '0.00',
      amount: '0.00',
      reason: 'partner_closed',
      customerSince,
    };
  }
  const tier = await affiliateTier(db, partner, record);
  const reseller = await linked(db, partner, 'reseller');
  const commission = referralCommission({
    monthlyValue: record.figures.monthlyValue.affiliate,
    oneTimeValue: record.figures.oneTimeValue.affiliate,
    rate: tier.rate,
    discountRate: order.quote.discountRate,
    referee: {
      signedUpAt: order.createdAt,
      // Seed 000 §6: no commission on the linked reseller's own accounts.
      resellerAccount:
        reseller !== null &&
        canonicalEmail(order.customer.email) === canonicalEmail(reseller.email),
    },
  });
  return {
    partner: partner.id,
    tierRate: tier.rate,
    rate: commission.rate,
    amount: commission.amount,
    ...(commission.reason === undefined ? {} : { reason: commission.reason }),
    customerSince,
  };
}

/** The credit on a reseller's own bill (core's `resellerEstimate`): rate from its total, ≥ 3 sub-clients. */
async function resellerCreditOf(
  db: Database,
  reseller: Partner,
  record: StatementRecord,
): Promise<StatementCredit> {
  const affiliate = await linked(db, reseller, 'affiliate');
  const linkedAffiliateTotal =
    affiliate === null ? undefined : await referredTotal(db, affiliate.id);
  const estimate = resellerEstimate({
    accounts: [
      {
        id: reseller.id,
        monthlyPayment: await resellerTotal(db, reseller.id, record),
        monthlyValue: record.figures.monthlyValue.reseller,
        oneTimeValue: record.figures.oneTimeValue.reseller,
      },
    ],
    subClients: record.subClients ?? [],
    ...(linkedAffiliateTotal === undefined ? {} : { linkedAffiliateTotal }),
  });
  const reason = !estimate.eligible
    ? ('too_few_sub_clients' as const)
    : toDecimal(estimate.rate).isZero()
      ? ('below_first_tier' as const)
      : undefined;
  return {
    partner: reseller.id,
    rate: estimate.eligible ? estimate.rate : '0.00',
    amount: estimate.credit,
    subClients: estimate.subClients,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * `POST /v1/statements`: stores a statement once by id with the commission
 * (or reseller credit) it earns, and writes its ledger entry when it is paid
 * in full. The same id and body again answer the stored statement
 * (`created: false`); another body is `409 statement_conflict`.
 */
export async function postStatement(
  deps: LedgerDeps,
  body: BillingStatementRequest,
): Promise<{ created: boolean; answer: StatementAnswer }> {
  const { db } = deps;
  const now = deps.now();
  const fingerprint = await sha256(JSON.stringify(canonicalStatement(body)));
  const existing = await db.getStatement(body.id);
  if (existing !== null) return replay(existing, fingerprint, now);

  const isReseller = body.partner !== undefined;
  if (isReseller === (body.orderId !== undefined)) {
    fail(
      'invalid_request',
      'A statement names either the order that opened the account (orderId) or, for a reseller’s own bill, the reseller (partner) with its subClients.',
      { problems: [{ path: 'orderId', message: 'give orderId or partner, not both' }] },
    );
  }
  if (!isReseller && body.subClients !== undefined) {
    fail(
      'invalid_request',
      'subClients belong to a reseller’s own bill (partner), not to a referral statement.',
      {
        problems: [{ path: 'subClients', message: 'only with partner' }],
      },
    );
  }
  const figures = statementFigures(deps.catalog, body.lines, body.currency);
  const record: StatementRecord = {
    id: body.id,
    fingerprint,
    kind: isReseller ? 'reseller' : 'referral',
    account: '',
    orderId: body.orderId ?? null,
    partner: null,
    period: body.period,
    issuedAt: iso(body.issuedAt),
    currency: 'USD',
    lines: body.lines.map((line) => ({
      product: line.product,
      amount: money(String(line.amount)),
    })),
    figures,
    subClients: isReseller ? (body.subClients ?? []) : null,
    paidInFullAt: body.paidInFullAt === undefined ? null : iso(body.paidInFullAt),
    chargeback: null,
    commission: null,
    credit: null,
    createdAt: now.toISOString(),
  };

  if (isReseller) {
    const reseller = await db.getPartner(body.partner!);
    if (reseller === null) fail('not_found', `No partner ${body.partner}.`);
    if (reseller.kind !== 'reseller') {
      fail(
        'invalid_input',
        `Partner ${reseller.id} is an affiliate; only a reseller's own bill earns a credit.`,
        {
          partner: reseller.id,
        },
      );
    }
    record.account = reseller.id;
    record.partner = reseller.id;
    if (body.subClients === undefined) {
      fail(
        'invalid_request',
        'A reseller’s own bill lists the sub-clients it serves (subClients).',
        {
          problems: [{ path: 'subClients', message: 'is required with partner' }],
        },
      );
    }
    record.credit = await resellerCreditOf(db, reseller, record);
  } else {
    const order = await db.getOrder(body.orderId!);
    if (order === null) {
      fail(
        'unknown_order',
        `No order ${body.orderId}: a statement names the order that opened the account.`,
        {
          orderId: body.orderId,
        },
      );
    }
    record.account = order.id;
    record.commission = await referralCommissionOf(db, order, record);
    record.partner = record.commission?.partner ?? null;
  }

  return db.statementTransaction(async (tx) => {
    if (!(await tx.insertStatement(record))) {
      // Posted meanwhile, from this instance or another.
      return replay((await tx.statement(record.id))!, fingerprint, now);
    }
    const entry = commissionEntry(record);
    if (entry !== null) await (await tx.ledger(record.partner!)).append(entry);
    const credit = record.credit;
    if (credit !== null && !toDecimal(credit.amount).isZero()) {
      await (
        await tx.ledger(credit.partner)
      ).append({
        at: record.issuedAt,
        type: 'reseller_credit',
        statementId: record.id,
        amount: credit.amount,
      });
    }
    return { created: true, answer: statementAnswer(record, now) };
  });
}

const sameInstant = (a: string | null, b: string) => a !== null && Date.parse(a) === Date.parse(b);

/**
 * `POST /v1/statements/:id/payments`: the statement is paid in full, and its
 * commission is granted (seed 001 §7). The same payment again answers the
 * statement; another date for a paid one is `409 statement_conflict`.
 */
export async function payStatement(
  deps: LedgerDeps,
  id: string,
  paidInFullAt: string | Date,
): Promise<StatementAnswer> {
  const at = iso(paidInFullAt);
  return deps.db.statementTransaction(async (tx) => {
    const record = await tx.statement(id);
    if (record === null) fail('not_found', `No statement ${id}.`);
    if (record.paidInFullAt !== null) {
      if (sameInstant(record.paidInFullAt, at)) return statementAnswer(record, deps.now());
      fail('statement_conflict', `Statement ${id} was paid in full at ${record.paidInFullAt}.`, {
        id,
        paidInFullAt: record.paidInFullAt,
      });
    }
    await tx.markPaid(id, at);
    const paid = { ...record, paidInFullAt: at };
    const entry = commissionEntry(paid);
    if (entry !== null) await (await tx.ledger(paid.partner!)).append(entry);
    return statementAnswer(paid, deps.now());
  });
}

/**
 * `POST /v1/statements/:id/chargebacks` (seed 001 §9): debits the commission
 * the statement earned, even after it was paid out, so the balance may go
 * negative. Only a paid statement can be charged back (`409
 * statement_not_paid`); the same charge-back again answers the statement,
 * another is `409 statement_conflict`. A reseller's own bill charged back
 * takes back the credit given on it: a `reseller_credit` entry of minus that
 * credit (the reseller did not pay the bill the credit reduced, so the bill
 * the vendor bills again carries no credit). Like the credit, the reversal
 * was never in the balance and leaves it as it is; the bill also stops
 * counting toward the reseller's tier.
 */
export async function chargeBackStatement(
  deps: LedgerDeps,
  id: string,
  body: StatementChargebackRequest,
): Promise<StatementAnswer> {
  const at = iso(body.at);
  const reason = body.reason ?? null;
  return deps.db.statementTransaction(async (tx) => {
    const record = await tx.statement(id);
    if (record === null) fail('not_found', `No statement ${id}.`);
    if (record.paidInFullAt === null) {
      fail(
        'statement_not_paid',
        `Statement ${id} was never paid in full, so there is nothing to charge back.`,
        {
          id,
        },
      );
    }
    if (record.chargeback !== null) {
      if (sameInstant(record.chargeback.at, at) && record.chargeback.reason === reason) {
        return statementAnswer(record, deps.now());
      }
      fail('statement_conflict', `Statement ${id} was charged back at ${record.chargeback.at}.`, {
        id,
        chargeback: record.chargeback,
      });
    }
    if (Date.parse(at) < Date.parse(record.paidInFullAt)) {
      fail(
        'invalid_date',
        `A charge-back cannot precede the payment it reverses (${record.paidInFullAt}).`,
        {
          field: 'at',
        },
      );
    }
    await tx.markChargedBack(id, at, reason);
    const charged = { ...record, chargeback: { at, reason } };
    const granted = commissionEntry(record);
    if (granted !== null) {
      // A commission still pending when charged back never becomes payable:
      // the debit shares its payable date, so the two cancel in both columns.
      const stillPending = Date.parse(at) < Date.parse(granted.payableAt);
      await (
        await tx.ledger(record.partner!)
      ).append({
        at,
        type: 'chargeback',
        statementId: id,
        amount: toDecimal(granted.amount).neg().toFixed(2),
        payableAt: stillPending ? granted.payableAt : null,
        note: reason,
      });
    }
    const credit = record.kind === 'reseller' ? record.credit : null;
    if (credit !== null && !toDecimal(credit.amount).isZero()) {
      await (
        await tx.ledger(credit.partner)
      ).append({
        at,
        type: 'reseller_credit',
        statementId: id,
        amount: toDecimal(credit.amount).neg().toFixed(2),
        note: reason,
      });
    }
    return statementAnswer(charged, deps.now());
  });
}

// --- Payouts ----------------------------------------------------------------

/** Every partner, in id order. */
export async function allPartners(db: Database): Promise<Partner[]> {
  const all: Partner[] = [];
  for (;;) {
    const page = await db.listPartners({
      limit: 200,
      ...(all.length === 0 ? {} : { after: all[all.length - 1]!.id }),
    });
    all.push(...page);
    if (page.length < 200) return all;
  }
}

/** One partner's payout on what is payable before `cutoff`, with core's `payout`; null with an empty ledger. */
async function payOut(
  ledger: LedgerTx,
  partner: Partner,
  cutoff: string,
  record: { id: string; kind: PayoutRecord['kind']; month: string | null; at: string },
): Promise<{ payout: PayoutRecord | null; entries: LedgerEntry[] }> {
  const entries = await ledger.entries();
  if (entries.length === 0) return { payout: null, entries };
  const standing = ledgerStanding(entries, cutoff);
  const decided = payout({
    balance: standing.payable,
    method: partner.payout.method,
    ...(partner.country === null ? {} : { country: partner.country }),
  });
  const line: PayoutRecord = {
    ...record,
    partner: partner.id,
    name: partner.name,
    method: partner.payout.method,
    paypalEmail: partner.payout.paypalEmail,
    country: partner.country ?? '',
    amount: decided.paid,
    carried: decided.carried,
    reason: decided.reason ?? null,
  };
  await ledger.insertPayout(line);
  if (!toDecimal(decided.paid).isZero()) {
    await ledger.append({
      at: record.at,
      type: 'payout',
      payoutId: record.id,
      amount: toDecimal(decided.paid).neg().toFixed(2),
    });
  }
  return { payout: line, entries };
}

/** A run as answered, with its total paid. */
export const runAnswer = (run: PayoutRun) => ({
  run: { ...run, paid: sum(run.payouts.map((p) => p.amount)) },
});

/**
 * `POST /v1/payout-runs`: pays every active partner with a ledger what was
 * payable at `month`'s end (seed 001 §8), or rolls it over with the reason.
 * Once per month: a second call, also from another instance at once, gets
 * the first run and pays nothing. A month not yet over is `422
 * month_not_ended`. Entries dated in a month whose run was already made
 * count in the next run.
 */
export async function runPayouts(deps: LedgerDeps, month: string) {
  const cutoff = payoutMonthEnd(month);
  const now = deps.now();
  if (now.getTime() < Date.parse(cutoff)) {
    fail('month_not_ended', `${month} has not ended: its payouts can run from ${cutoff}.`, {
      month,
      endsAt: cutoff,
    });
  }
  const existing = await deps.db.getPayoutRun(month);
  if (existing !== null) return { created: false, ...runAnswer(existing) };
  const partners = (await allPartners(deps.db)).filter((p) => p.status === 'active');
  const { run, created } = await deps.db.runPayouts(
    { month, ranAt: now.toISOString(), cutoff },
    async (ledgerOf) => {
      for (const partner of partners) {
        await payOut(await ledgerOf(partner.id), partner, cutoff, {
          id: `po_${month}_${partner.id.toLowerCase()}`,
          kind: 'monthly',
          month,
          at: cutoff,
        });
      }
    },
  );
  return { created, ...runAnswer(run) };
}

/** A payout run as CSV for the finance team: one row per partner paid. */
export function payoutCsv(run: PayoutRun): string {
  const rows = [['partner', 'name', 'method', 'paypal_email_or_country', 'amount']];
  for (const p of run.payouts) {
    if (toDecimal(p.amount).isZero()) continue;
    rows.push([
      p.partner,
      p.name,
      p.method,
      p.method === 'paypal' ? (p.paypalEmail ?? '') : p.country,
      p.amount,
    ]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV cell, quoted. A cell a spreadsheet would run as a formula (it
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed
 * with `'`, so a partner's name cannot run in the finance team's sheet.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

// --- Closing ----------------------------------------------------------------

/**
 * `POST /v1/partners/:id/close` (seed 001 §1): refused with `409
 * negative_balance` while the balance is negative; otherwise the balance
 * eligible for payment is paid in a final payout by core's `payout` rules
 * (rolled over, and recorded with its reason, when too small), and the
 * partner is closed. Commission still pending is not paid. Closing a closed
 * partner answers it as it is.
 */
export async function closePartner(deps: LedgerDeps, id: string) {
  const { db } = deps;
  const partner = await db.getPartner(id);
  if (partner === null) fail('not_found', `No partner ${id}.`);
  const now = deps.now();
  const cutoff = new Date(now.getTime() + 1).toISOString();
  if (partner.status === 'closed') {
    const final = (await db.payoutsOf(partner.id)).find((p) => p.kind === 'final') ?? null;
    const entries = await db.ledgerEntries(partner.id);
    return { partner, standing: ledgerStanding(entries, cutoff), payout: final };
  }
  const settled = await db.settlePartner(partner.id, async (ledger) => {
    const standing = ledgerStanding(await ledger.entries(), cutoff);
    if (toDecimal(standing.balance).isNegative()) {
      fail(
        'negative_balance',
        `Partner ${partner.id} owes ${standing.balance.replace('-', '')}: a partner with a negative balance may not close until it is remitted.`,
        { balance: standing.balance },
      );
    }
    const { payout: final } = await payOut(ledger, partner, cutoff, {
      id: `po_final_${partner.id.toLowerCase()}`,
      kind: 'final',
      month: null,
      at: now.toISOString(),
    });
    return { standing, payout: final };
  });
  const closed = await db.updatePartner(partner.id, {
    status: 'closed',
    closedAt: now.toISOString(),
  });
  return { partner: closed ?? partner, ...settled };
}
