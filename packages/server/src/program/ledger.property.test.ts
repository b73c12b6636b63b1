// Property: for random sequences of statements, payments, charge-backs and
// monthly payout runs sent to the real app, the partner's balance at each
// month's end, and what each month's run paid, equal core's
// `commissionLedger` over the same events — on PGlite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { commissionLedger, payoutMonthEnd, type Order } from '@quotekit/core';
import {
  openPGliteDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, START, testApp, type App } from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

/** Few runs, each in a year of its own (a month's payout run is made once per database). */
const RUNS = 5;
const MONTHS = 10;
const DAY = 86_400_000;

const account = fc.record({
  /** Days after 1 January the order is placed. */
  orderDay: fc.integer({ min: 0, max: 60 }),
  statements: fc.array(
    fc.record({
      amount: fc.integer({ min: 0, max: 900 }),
      // Often billed and paid inside the customer's first 30 days, when commission is still pending.
      issuedAfter: fc.integer({ min: 0, max: 40 }),
      paidAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      chargedBackAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
const scenario = fc.record({
  method: fc.constantFrom('paypal', 'check', 'account_credit'),
  accounts: fc.array(account, { minLength: 1, maxLength: 2 }),
});

const json = (body: unknown, headers: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;
/** Half past a minute, so that no event falls on a month's end exactly. */
const instant = (year: number, days: number, hour: number) =>
  new Date(Date.UTC(year, 0, 1) + days * DAY + hour * 3_600_000 + 30_000).toISOString();

function propertySuite(open: () => Promise<Database>) {
  let db: Database;
  let app: App;
  let now = new Date(START);
  let admin = '';
  let year = 2031;
  before(async () => {
    db = await open();
    await seedDemoData(db);
    app = testApp(db, () => now, []);
    admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
  });
  after(() => db.close());

  test(`${RUNS} random months of statements, payments, charge-backs and payout runs: the server's balances equal commissionLedger's`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ method, accounts }) => {
        const y = year++;
        const partner = `PROP${y}`;
        const created = await app.request(
          '/v1/partners',
          json(
            {
              id: partner,
              kind: 'affiliate',
              name: `Property ${y}`,
              email: `p@prop${y}.example`,
              country: 'US',
              payout:
                method === 'paypal' ? { method, paypalEmail: `pay@prop${y}.example` } : { method },
            },
            bearer(admin),
          ),
        );
        assert.equal(created.status, 201, await created.clone().text());
        const code = `PROP${y}C`;
        await app.request(
          `/v1/partners/${partner}/offer-codes`,
          json({ code, discountRate: '0.02' }, bearer(admin)),
        );
        const partnerKey = (await createStaffKey(db, { name: partner, role: 'partner', partner }))
          .key;

        // Every event on one timeline; payout runs at each month's end.
        type Event = { at: string; run: () => Promise<void> };
        const events: Event[] = [];
        const statements: {
          id: string;
          commission: string;
          paidInFullAt: string | null;
          customerSince: string;
        }[] = [];
        const chargebacks: { statementId: string; at: string }[] = [];
        const commissionOf = new Map<string, string>();
        for (const [a, acct] of accounts.entries()) {
          const orderAt = instant(y, acct.orderDay, 15 + a);
          let order: Order | undefined;
          events.push({
            at: orderAt,
            run: async () => {
              const res = await app.request(
                '/v1/orders',
                json(
                  {
                    quote: {
                      lines: [{ product: 'starter-plus-user', quantity: 25 }],
                      offerCode: code,
                    },
                    expectedMonthlyPayment: '98.00',
                    customer: { name: 'Ann Lee', email: `c${a}@customer${y}.example` },
                    channel: 'web',
                  },
                  { 'idempotency-key': `prop-${y}-${a}` },
                ),
              );
              assert.equal(res.status, 201, await res.clone().text());
              order = (await res.json()).order;
            },
          });
          for (const [s, st] of acct.statements.entries()) {
            const id = `prop-${y}-${a}-${s}`;
            const issuedDay = acct.orderDay + st.issuedAfter;
            const issuedAt = instant(y, issuedDay, 16);
            const paidAt =
              st.paidAfter === undefined ? null : instant(y, issuedDay + st.paidAfter, 17);
            const record = { id, commission: '0.00', paidInFullAt: paidAt, customerSince: '' };
            statements.push(record);
            events.push({
              at: issuedAt,
              run: async () => {
                const res = await app.request(
                  '/v1/statements',
                  json(
                    {
                      id,
                      orderId: order!.id,
                      period: issuedAt.slice(0, 7),
                      issuedAt,
                      lines: [{ product: 'starter-plus-user', amount: `${st.amount}.00` }],
                    },
                    bearer(admin),
                  ),
                );
                assert.equal(res.status, 201, await res.clone().text());
                const body = await res.json();
                record.commission = body.commission.amount;
                record.customerSince = order!.createdAt;
                commissionOf.set(id, body.commission.amount);
              },
            });
            if (paidAt === null) continue;
            events.push({
              at: paidAt,
              run: async () => {
                const res = await app.request(
                  `/v1/statements/${id}/payments`,
                  json({ paidInFullAt: paidAt }, bearer(admin)),
                );
                assert.equal(res.status, 200, await res.clone().text());
              },
            });
            if (st.chargedBackAfter === undefined) continue;
            const chargedAt = instant(y, issuedDay + (st.paidAfter ?? 0) + st.chargedBackAfter, 18);
            chargebacks.push({ statementId: id, at: chargedAt });
            events.push({
              at: chargedAt,
              run: async () => {
                const res = await app.request(
                  `/v1/statements/${id}/chargebacks`,
                  json({ at: chargedAt }, bearer(admin)),
                );
                assert.equal(res.status, 200, await res.clone().text());
              },
            });
          }
        }
        const months = Array.from({ length: MONTHS }, (_, i) => month(y, i + 1));
        for (const m of months) {
          const end = payoutMonthEnd(m);
          events.push({
            at: end,
            run: async () => {
              const res = await app.request('/v1/payout-runs', json({ month: m }, bearer(admin)));
              assert.equal(res.status, 201, await res.clone().text());
            },
          });
        }
        // Stable: an order comes before its statements when they share an instant.
        events.sort((p, q) => (p.at < q.at ? -1 : p.at > q.at ? 1 : 0));
        const horizon = payoutMonthEnd(months[months.length - 1]!);
        for (const event of events) {
          if (event.at > horizon) continue;
          now = new Date(Date.parse(event.at) + 1_000);
          await event.run();
        }

        const core = commissionLedger({
          statements: statements
            .filter((s) => s.customerSince !== '')
            .map((s) => ({
              ...s,
              paidInFullAt:
                s.paidInFullAt !== null && s.paidInFullAt <= horizon ? s.paidInFullAt : null,
            })),
          chargebacks: chargebacks.filter((c) => c.at <= horizon),
          payoutMethod: method as 'paypal',
          country: 'US',
          from: months[0]!,
          months: MONTHS,
        });
        const ledger = await app.request('/v1/partner/ledger?limit=200', {
          headers: bearer(partnerKey),
        });
        const { entries } = (await ledger.json()) as {
          entries: { at: string; amount: string; type: string; payoutId: string | null }[];
        };
        const payouts = (await (
          await app.request('/v1/partner/payouts', { headers: bearer(partnerKey) })
        ).json()) as { payouts: { month: string; amount: string }[] };
        for (const row of core) {
          const end = payoutMonthEnd(row.month);
          const balance = entries
            .filter((e) => e.at <= end)
            .reduce((sum, e) => sum + Math.round(Number(e.amount) * 100), 0);
          assert.equal(
            (balance / 100).toFixed(2),
            row.balance,
            `balance at the end of ${row.month}`,
          );
          const paid = payouts.payouts.find((p) => p.month === row.month)?.amount ?? '0.00';
          assert.equal(paid, row.paid, `paid by the run of ${row.month}`);
        }
      }),
      { numRuns: RUNS },
    );
  });
}

describe('the ledger against commissionLedger on PGlite', () => {
  propertySuite(() => openPGliteDatabase());
});

const schema = freshSchema('qk_ledger_prop');
describe('the ledger against commissionLedger on PostgreSQL', { skip: pgSkip }, () => {
  after(() => dropSchemas(schema));
  propertySuite(() => openPostgresDatabase({ connectionString: pgUrl!, schema }));
});
