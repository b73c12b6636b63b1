// The flagged-order gauges of /metrics, read from the same signals as the admin order list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, createMemoryDatabase, seedDemoData } from '@quotekit/server';
import { createMetrics } from './metrics.js';
import { START, testClient, webOrder } from '../test/harness.js';

test('count the attributed orders of the last day that reuse a click, come from a busy address or from the affiliate’s network', async () => {
  const db = createMemoryDatabase();
  await seedDemoData(db);
  let now = new Date(START);
  const app = createApp({ db, clock: () => now, clientAddress: testClient });
  let failing = false;
  const metrics = createMetrics({
    attributionSignals: async (scope) => {
      if (failing) throw new Error('the database is down');
      return db.attributionSignals(scope);
    },
    now: () => now,
  });
  const post = (path: string, body: unknown, from: string, key?: string) =>
    app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-test-client': from,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
  const click = async (affiliate: string, from: string) =>
    (await (await post('/v1/attribution', { affiliate }, from)).json()).token as string;
  let n = 0;
  const order = async (from: string, affiliate: string, token: string) => {
    n += 1;
    const body = webOrder(
      {},
      {
        customer: { name: `Customer ${n}`, email: `c${n}@example.com` },
        attribution: { affiliate, method: 'affiliate_url', token },
      },
    );
    assert.equal((await post('/v1/orders', body, from, `m-${n}`)).status, 201);
  };
  const value = (text: string, name: string) =>
    Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1]);

  // One click on three orders from three addresses: three reused_click.
  const reused = await click('ACME', 'a1');
  for (const from of ['b1', 'b2', 'b3']) await order(from, 'ACME', reused);
  // Five clicks from one address, one of them on an order: one busy_address.
  const busy: string[] = [];
  for (let i = 0; i < 5; i++) busy.push(await click('NORTHWIND', 'a2'));
  await order('b4', 'NORTHWIND', busy[0]!);
  // Two orders of NORTHWIND's from one address, each on a click of its own: two own_network.
  await order('b5', 'NORTHWIND', await click('NORTHWIND', 'a3'));
  await order('b5', 'NORTHWIND', await click('NORTHWIND', 'a4'));

  const text = await metrics.text();
  assert.equal(value(text, 'quotekit_attribution_examined_orders'), 6);
  assert.equal(value(text, 'quotekit_attribution_flagged_orders{signal="reused_click"}'), 3);
  assert.equal(value(text, 'quotekit_attribution_flagged_orders{signal="busy_address"}'), 1);
  assert.equal(value(text, 'quotekit_attribution_flagged_orders{signal="own_network"}'), 2);

  // A failing read keeps the last reading; a day later the orders have left the window.
  failing = true;
  now = new Date(START.getTime() + 120_000);
  const stale = await metrics.text();
  assert.equal(value(stale, 'quotekit_attribution_examined_orders'), 6);
  assert.equal(value(stale, 'quotekit_attribution_flagged_orders{signal="reused_click"}'), 3);
  failing = false;
  now = new Date(START.getTime() + 86_400_000 + 1);
  assert.equal(value(await metrics.text(), 'quotekit_attribution_examined_orders'), 0);
});

test('without a signal source there are no flagged-order gauges', async () => {
  assert.doesNotMatch(await createMetrics().text(), /quotekit_attribution_flagged_orders/);
});
