// The partner's own view (seed 001 §12: "complete records of their
// commissions and referrals"): its account, referrals, ledger and payouts.
// A partner key sees its own partner only.
import {
  LedgerPageSchema,
  PartnerAccountSchema,
  PartnerPayoutListSchema,
  PartnerReferralListSchema,
  ledgerStanding,
  payout,
  payoutMonthEnd,
  payoutMonthOf,
  resellerCreditRate,
  toDecimal,
  type Order,
  type PartnerReferral,
} from '@quotekit/core';
import type { Context } from 'hono';
import { requirePartner } from '../staff.js';
import { affiliateTier } from '../program/ledger.js';
import type { Database, Partner } from '../db/database.js';
import type { StatementRecord } from '../db/ledger-records.js';
import { queryOf, refuseProblems, type Problems } from './list-query.js';
import { AUTH_ERRORS, PARTNER_KEY } from './opportunities.js';
import { errors, type Route } from './route.js';

const money = (d: { toFixed(n: number): string }) => d.toFixed(2);

/** `limit` (1–200, default 50) and `cursor` (matching `cursor`) of a partner's list. */
function pageOf(c: Context, cursor: RegExp, what: string): { limit: number; cursor?: string } {
  const problems: Problems = [];
  const page: { limit: number; cursor?: string } = { limit: 50 };
  const limit = queryOf(c, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= 200) page.limit = n;
    else problems.push({ path: 'limit', message: 'must be a whole number from 1 to 200' });
  }
  const after = queryOf(c, 'cursor');
  if (after !== undefined) {
    if (cursor.test(after)) page.cursor = after;
    else problems.push({ path: 'cursor', message: 'must be the nextCursor of the previous page' });
  }
  refuseProblems(problems, what);
  return page;
}

const PAGE_QUERY = [
  { name: 'limit', description: 'A page, 1–200; default 50' },
  { name: 'cursor', description: 'The `nextCursor` of the previous page' },
];

/** The tier of a partner: an affiliate's Commission Percentage or a reseller's Credit Percentage. */
async function tierOf(db: Database, partner: Partner) {
  if (partner.kind === 'affiliate') {
    const { total, rate, contactSales, nextTier } = await affiliateTier(db, partner);
    return { total, rate, contactSales, nextTier };
  }
  const own = (await db.statementsOf(partner.id)).filter((s) => s.kind === 'reseller');
  const latest = own.reduce<StatementRecord | null>(
    (held, s) =>
      held === null ||
      s.period > held.period ||
      (s.period === held.period && s.issuedAt >= held.issuedAt)
        ? s
        : held,
    null,
  );
  let total = toDecimal(latest?.chargeback === null ? latest.figures.monthlyPayment : 0);
  if (partner.linkedPartner !== null) {
    const other = await db.getPartner(partner.linkedPartner);
    if (other?.kind === 'affiliate') total = total.plus((await affiliateTier(db, other)).total);
  }
  const { rate, askSales, nextTier } = resellerCreditRate(money(total));
  return {
    total: money(total),
    rate,
    contactSales: askSales,
    nextTier:
      nextTier === null
        ? null
        : { at: nextTier.at, rate: nextTier.rate, contactSales: nextTier.askSales },
  };
}

/** Every order credited to `partner`, newest first. */
async function referredOrders(db: Database, partner: string): Promise<Order[]> {
  const orders: Order[] = [];
  for (;;) {
    const last = orders[orders.length - 1];
    const page = await db.listOrders({
      affiliate: partner,
      limit: 200,
      ...(last === undefined ? {} : { beforeNumber: Number(last.number.replace(/^\D+/, '')) }),
    });
    orders.push(...page);
    if (page.length < 200) return orders;
  }
}

export const partnerAccountRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/partner',
    operationId: 'partnerAccount',
    summary: 'The partner’s account: profile, tier, balances and the next payout',
    description:
      'The tier comes from the total monthly payments of the active referred accounts (each account’s latest ' +
      'statement, and imported accounts), with the next tier and how much is missing. `balance` is `payable + ' +
      'pending`; `nextPayout` says what this month’s run would pay on what is payable by its end, as things stand, ' +
      'or why it will not pay.',
    headers: [PARTNER_KEY],
    responses: {
      200: { description: 'The partner’s account', schema: PartnerAccountSchema },
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const now = deps.now();
      const entries = await deps.db.ledgerEntries(partner.id);
      const standing = ledgerStanding(entries, new Date(now.getTime() + 1));
      const tier = await tierOf(deps.db, partner);
      const month = payoutMonthOf(now);
      const date = payoutMonthEnd(month);
      const due = ledgerStanding(entries, date).payable;
      const next = payout({
        balance: due,
        method: partner.payout.method,
        ...(partner.country === null ? {} : { country: partner.country }),
      });
      const closed = partner.status === 'closed';
      return c.json({
        partner,
        tier: {
          totalMonthlyPayments: tier.total,
          rate: tier.rate,
          contactSales: tier.contactSales,
          nextTier:
            tier.nextTier === null
              ? null
              : {
                  ...tier.nextTier,
                  missing: money(toDecimal(tier.nextTier.at).minus(tier.total)),
                },
        },
        ...standing,
        nextPayout: {
          month,
          date,
          method: partner.payout.method,
          amount: closed ? '0.00' : next.paid,
          willPay: !closed && !toDecimal(next.paid).isZero(),
          reason: closed ? 'partner_closed' : (next.reason ?? null),
        },
      });
    },
  },
  {
    method: 'get',
    path: '/v1/partner/referrals',
    operationId: 'partnerReferrals',
    summary: 'The accounts the partner referred, newest first',
    description:
      'Each account’s order id, sign-up date, referral method, company, status, latest monthly payments and value ' +
      '(from its latest statement) and the commission granted on it so far, less charge-backs. Never the ' +
      'customer’s name, email or phone. Imported accounts (before 2012-03-01) come last.',
    headers: [PARTNER_KEY],
    query: PAGE_QUERY,
    responses: {
      200: { description: '`{ referrals, nextCursor }`', schema: PartnerReferralListSchema },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const page = pageOf(c, /^[A-Za-z0-9_-]{1,64}$/, 'referrals');
      const statements = await deps.db.statementsOf(partner.id);
      const byAccount = new Map<string, StatementRecord[]>();
      for (const s of statements) {
        if (s.kind !== 'referral') continue;
        byAccount.set(s.account, [...(byAccount.get(s.account) ?? []), s]);
      }
      const orders = await referredOrders(deps.db, partner.id);
      const rows: { key: string; referral: PartnerReferral }[] = orders.map((order) => {
        const own = byAccount.get(order.id) ?? [];
        const latest = own.reduce<StatementRecord | null>(
          (held, s) =>
            held === null ||
            s.period > held.period ||
            (s.period === held.period && s.issuedAt >= held.issuedAt)
              ? s
              : held,
          null,
        );
        let earned = toDecimal(0);
        for (const s of own) {
          if (s.paidInFullAt !== null && s.chargeback === null && s.commission !== null) {
            earned = earned.plus(toDecimal(s.commission.amount));
          }
        }
        return {
          key: order.id,
          referral: {
            orderId: order.id,
            signedUpAt: order.createdAt,
            method: order.attribution!.method,
            company: order.customer.company ?? null,
            status: latest === null ? 'awaiting_statement' : 'active',
            latestMonthlyPayment: latest?.figures.monthlyPayment ?? null,
            latestMonthlyValue: latest?.figures.monthlyValue.affiliate ?? null,
            commissionToDate: money(earned),
          },
        };
      });
      for (const imported of await deps.db.importedReferralsOf(partner.id)) {
        rows.push({
          key: imported.id,
          referral: {
            orderId: imported.orderId,
            signedUpAt: imported.signedUpAt,
            method: 'imported',
            company: imported.company,
            status: 'imported',
            latestMonthlyPayment: imported.monthlyPayments,
            latestMonthlyValue: null,
            commissionToDate: '0.00',
          },
        });
      }
      const start =
        page.cursor === undefined ? 0 : rows.findIndex((r) => r.key === page.cursor) + 1;
      const slice =
        start === 0 && page.cursor !== undefined ? [] : rows.slice(start, start + page.limit);
      const more = start + page.limit < rows.length && slice.length > 0;
      return c.json({
        referrals: slice.map((r) => r.referral),
        nextCursor: more ? slice[slice.length - 1]!.key : null,
      });
    },
  },
  {
    method: 'get',
    path: '/v1/partner/ledger',
    operationId: 'partnerLedger',
    summary: 'The partner’s ledger, oldest first',
    description:
      'Every commission (with its `payableAt`), charge-back, payout, reseller credit and adjustment, with the ' +
      'balance after each. Entries are never changed or removed.',
    headers: [PARTNER_KEY],
    query: PAGE_QUERY,
    responses: {
      200: { description: '`{ entries, nextCursor }`', schema: LedgerPageSchema },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const page = pageOf(c, /^\d{1,9}$/, 'ledger');
      const entries = await deps.db.ledgerEntries(partner.id, {
        afterSeq: Number(page.cursor ?? 0),
        limit: page.limit + 1,
      });
      const shown = entries.slice(0, page.limit);
      return c.json({
        entries: shown.map((e) => ({
          id: e.id,
          at: e.at,
          type: e.type,
          statementId: e.statementId,
          payoutId: e.payoutId,
          amount: e.amount,
          payableAt: e.payableAt,
          balanceAfter: e.balanceAfter,
        })),
        nextCursor: entries.length > page.limit ? String(shown[shown.length - 1]!.seq) : null,
      });
    },
  },
  {
    method: 'get',
    path: '/v1/partner/payouts',
    operationId: 'partnerPayouts',
    summary: 'The partner’s payouts, newest first',
    description:
      'One per payout run that found a balance (paid, or rolled over with its reason), and the final one.',
    headers: [PARTNER_KEY],
    responses: {
      200: { description: '`{ payouts }`', schema: PartnerPayoutListSchema },
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      return c.json({ payouts: (await deps.db.payoutsOf(partner.id)).reverse() });
    },
  },
];
