// What an order costs the database: one statement for a new order (with an
// offer code too, once the code and its affiliate are known) and one for a
// replayed Idempotency-Key, counted on a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { catalogs, priceQuote } from '@quotekit/core';
import { createApp, openPostgresDatabase, seedDemoData, type Database } from '@quotekit/server';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from './postgres.js';

const url = pgUrl;
const skip = pgSkip;
// A fresh schema per run, dropped afterwards.
const schema = freshSchema('qk_statements');

function orderBody(quantity: number, offerCode?: 'ACME5') {
  const lines = [
    { product: 'starter-plus-user', quantity },
    { product: 'dedicated-px2', quantity: 1 },
  ];
  const quote = priceQuote(catalogs.luxsci, {
    lines,
    ...(offerCode ? { discountRate: '0.05' } : {}),
  });
  return JSON.stringify({
    quote: { lines, ...(offerCode ? { offerCode } : {}) },
    expectedMonthlyPayment: quote.totals.monthlyPayment,
    customer: { name: 'Ann Lee', email: 'ann@customer.example' },
    channel: 'web',
  });
}

describe('statements per order on PostgreSQL', { skip }, () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    db = await openPostgresDatabase({ connectionString: url!, schema });
    await seedDemoData(db);
    app = createApp({ db });
  });
  after(async () => {
    await db?.close();
    await dropSchemas(schema);
  });

  /** Posts an order and counts the statements sent to the server meanwhile. */
  async function post(key: string, body: string) {
    const query = pg.Client.prototype.query;
    let statements = 0;
    let lookups = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      // An order with neither code nor click is then compared with the
      // registered opportunities, after its answer: counted apart.
      const text = (args[0] as { text?: string } | string | undefined) ?? '';
      if (String(typeof text === 'string' ? text : text.text).includes('FROM qk_opportunities')) {
        lookups += 1;
      } else statements += 1;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const res = await app.request('/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
      const json = (await res.json()) as { order?: { id: string } };
      // The lookup runs after the answer; give it a moment to reach the server.
      for (let waited = 0; lookups === 0 && waited < 1000; waited += 10) {
        await new Promise((done) => setTimeout(done, 10));
      }
      return {
        status: res.status,
        replayed: res.headers.get('idempotent-replayed'),
        id: json.order?.id,
        statements,
        lookups,
      };
    } finally {
      pg.Client.prototype.query = query;
    }
  }

  test('a new order is one statement; an offer-code order too once its code was seen', async () => {
    const first = await post('first', orderBody(3, 'ACME5'));
    assert.equal(first.status, 201);
    assert.ok(first.statements > 1, 'the first use of a code looks it up under the limits');
    const offer = await post('offer', orderBody(4, 'ACME5'));
    assert.equal(offer.status, 201);
    assert.equal(offer.statements, 1);
    assert.equal(offer.lookups, 0);
    const plain = await post('plain', orderBody(5));
    assert.equal(plain.status, 201);
    assert.equal(plain.statements, 1);
    // Matching against opportunities: one lookup, which the answer does not wait for.
    assert.equal(plain.lookups, 1);
  });

  test('a replayed key is one statement and answers the stored order', async () => {
    const body = orderBody(6, 'ACME5');
    const created = await post('replay', body);
    assert.equal(created.status, 201);
    const replay = await post('replay', body);
    assert.equal(replay.status, 201);
    assert.equal(replay.replayed, 'true');
    assert.equal(replay.id, created.id);
    assert.equal(replay.statements, 1);
  });

  test('another body under a used key is one statement and 422 idempotency_conflict', async () => {
    await post('conflict', orderBody(7));
    const conflict = await post('conflict', orderBody(8));
    assert.equal(conflict.status, 422);
    assert.equal(conflict.statements, 1);
  });
});
