// Two app instances, each with its own connection pool, on one PostgreSQL:
// the billing system retrying a statement through both at once, and two
// operators running one month's payouts at once, make one of each.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPostgresDatabase, seedDemoData, type Database } from '@quotekit/server';
import { createStaffKey } from '../src/staff.js';
import { bearer, START, testApp, type App } from './harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl, withClient } from './postgres.js';

const schema = freshSchema('qk_ledger_two');
const json = (body: unknown, key: string, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...bearer(key), ...extra },
  body: JSON.stringify(body),
});

describe('the ledger on two instances of one PostgreSQL', { skip: pgSkip }, () => {
  const dbs: Database[] = [];
  const apps: App[] = [];
  let now = new Date(START);
  let admin = '';
  let acme = '';
  before(async () => {
    for (let i = 0; i < 2; i++) {
      const db = await openPostgresDatabase({ connectionString: pgUrl!, schema });
      dbs.push(db);
      apps.push(testApp(db, () => now, []));
    }
    await seedDemoData(dbs[0]!);
    admin = (await createStaffKey(dbs[0]!, { name: 'Ops', role: 'admin' })).key;
    acme = (await createStaffKey(dbs[0]!, { name: 'ACME', role: 'partner', partner: 'ACME' })).key;
  });
  after(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await dropSchemas(schema);
  });

  test('one statement posted 10 times through both instances at once: one 201, nine 200 with the same answer, one commission', async () => {
    const placed = await apps[0]!.request(
      '/v1/orders',
      json(
        {
          quote: { lines: [{ product: 'starter-plus-user', quantity: 250 }], offerCode: 'ACME5' },
          expectedMonthlyPayment: '950.00',
          customer: { name: 'Ann Lee', email: 'ann@customer.example' },
          channel: 'web',
        },
        admin,
        { 'idempotency-key': 'two-instances-order' },
      ),
    );
    assert.equal(placed.status, 201, await placed.clone().text());
    const order = (await placed.json()).order;
    const statement = {
      id: 'inv-2026-03-two',
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '950.00' }],
      paidInFullAt: '2026-04-02T12:00:00Z',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        apps[i % 2]!.request('/v1/statements', json(statement, admin)),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.status).sort(),
      [200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
    );
    const bodies = await Promise.all(answers.map((r) => r.json()));
    for (const body of bodies) assert.deepEqual(body.commission, bodies[0].commission);
    // 10 % tier (950.00 of monthly payments) less the 5 % code: 47.50.
    assert.equal(bodies[0].commission.amount, '47.50');
    const entries = await dbs[1]!.ledgerEntries('ACME');
    assert.deepEqual(
      entries.map((e) => [e.type, e.amount]),
      [['commission', '47.50']],
    );
  });

  test("a month's payouts asked of both instances at once are made once: one 201, the other 200 with the same run, one payout entry", async () => {
    now = new Date('2026-05-01T12:00:00Z');
    const answers = await Promise.all(
      apps.map((app) => app.request('/v1/payout-runs', json({ month: '2026-04' }, admin))),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 201]);
    const [x, y] = await Promise.all(answers.map((r) => r.json()));
    assert.deepEqual(x, y);
    const line = x.run.payouts.find((p: { partner: string }) => p.partner === 'ACME');
    assert.equal(line.amount, '47.50');
    const ledger = await apps[1]!.request('/v1/partner/ledger', { headers: bearer(acme) });
    const { entries } = await ledger.json();
    assert.deepEqual(
      entries.map((e: { type: string; balanceAfter: string }) => [e.type, e.balanceAfter]),
      [
        ['commission', '47.50'],
        ['payout', '0.00'],
      ],
    );
  });

  test('the ledger is append-only: PostgreSQL refuses to change or delete an entry', async () => {
    for (const sql of [
      `UPDATE ${schema}.qk_ledger_entries SET amount = 1000`,
      `DELETE FROM ${schema}.qk_ledger_entries`,
    ]) {
      await assert.rejects(
        withClient((client) => client.query(sql)),
        /append-only/,
      );
    }
    assert.equal((await dbs[0]!.ledgerEntries('ACME')).length, 2);
  });
});
