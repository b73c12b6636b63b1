// Two instances on one PostgreSQL decide on one order at the same moment:
// an order's account gets one referrer, whatever the instances race.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPostgresDatabase, seedDemoData, type Database } from '@quotekit/server';
import { createStaffKey } from '../src/staff.js';
import { matchingApp } from './matching.js';
import { bearer, START } from './harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from './postgres.js';

const schema = freshSchema('qk_opp_race');
const ROUNDS = 8;

describe('deciding one order on two instances at once', { skip: pgSkip }, () => {
  let a: Database;
  let b: Database;
  let appA: ReturnType<typeof matchingApp>;
  let appB: ReturnType<typeof matchingApp>;
  const keys = { admin: '', acme: '', northwind: '' };

  before(async () => {
    a = await openPostgresDatabase({ connectionString: pgUrl!, schema });
    b = await openPostgresDatabase({ connectionString: pgUrl!, schema });
    await seedDemoData(a);
    appA = matchingApp(a, () => START);
    appB = matchingApp(b, () => START);
    keys.admin = (await createStaffKey(a, { name: 'Ops', role: 'admin' })).key;
    keys.acme = (await createStaffKey(a, { name: 'A', role: 'partner', partner: 'ACME' })).key;
    keys.northwind = (
      await createStaffKey(a, { name: 'N', role: 'partner', partner: 'NORTHWIND' })
    ).key;
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropSchemas(schema);
  });

  const post = (
    app: ReturnType<typeof matchingApp>,
    path: string,
    body?: unknown,
    key = keys.admin,
  ) =>
    app.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  test(`confirming both matches of one order, one on each instance, attributes it once (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const domain = `race${round}-${Date.now().toString(36)}.example`;
      for (const key of [keys.acme, keys.northwind]) {
        const res = await post(
          appA,
          '/v1/partner/opportunities',
          { company: `Race ${round}`, website: domain },
          key,
        );
        assert.equal(res.status, 201);
      }
      const placed = await appA.app.request('/v1/orders', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `race-${round}-${domain}`,
        },
        body: JSON.stringify({
          quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }] },
          expectedMonthlyPayment: '100.00',
          customer: { name: 'Ann Lee', email: `ann@${domain}` },
          channel: 'web',
        }),
      });
      assert.equal(placed.status, 201);
      const order = (await placed.json()).order;
      assert.equal((await appA.matched(order.id)).matches, 2);
      const matches = (await a.listOpportunityMatches({ status: 'open', limit: 1000 })).filter(
        (m) => m.orderId === order.id,
      );
      assert.equal(matches.length, 2);
      // Half the rounds race two matches, half race one match against itself, and post facto joins in.
      const request =
        round % 2 === 0
          ? (
              await (
                await post(
                  appB,
                  '/v1/partner/post-facto',
                  { orderId: order.id, evidence: 'x' },
                  keys.acme,
                )
              ).json()
            ).request
          : null;
      const answers = await Promise.all([
        post(appA, `/v1/opportunity-matches/${matches[0]!.id}/confirm`),
        post(appB, `/v1/opportunity-matches/${matches[round % 2]!.id}/confirm`),
        ...(request ? [post(appB, `/v1/post-facto/${request.id}/approve`)] : []),
      ]);
      const statuses = answers.map((res) => res.status).sort();
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses}`);
      assert.ok(
        statuses.slice(1).every((s) => s === 409),
        `round ${round}: ${statuses}`,
      );
      for (const res of answers.filter((r) => r.status === 409)) {
        assert.match((await res.json()).error.code, /^already_(decided|attributed)$/);
      }
      const winner = answers.find((res) => res.status === 200)!;
      const won = await winner.json();
      const stored = await b.getOrder(order.id);
      if ('match' in won) {
        assert.deepEqual(stored?.attribution, {
          affiliate: won.match.opportunity.partner,
          method: 'opportunity',
        });
      } else {
        assert.deepEqual(stored?.attribution, { affiliate: 'ACME', method: 'post_facto' });
      }
      const decided = (await b.listOpportunityMatches({ limit: 1000 })).filter(
        (m) => m.orderId === order.id,
      );
      assert.equal(decided.filter((m) => m.status === 'confirmed').length, 'match' in won ? 1 : 0);
      assert.equal(decided.filter((m) => m.status === 'open').length, 0);
    }
    assert.deepEqual([...appA.unexpected, ...appB.unexpected], []);
  });
});
