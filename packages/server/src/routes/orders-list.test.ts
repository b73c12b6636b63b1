// `GET /v1/orders` query filters: hostile values are refused as `400 invalid_request`
// naming the field, before any SQL runs, on memory and on PostgreSQL alike.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createMemoryDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, START, testApp, webOrder, type App } from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

const url = pgUrl;
const skip = pgSkip;
// A fresh schema per run, dropped afterwards.
const schema = freshSchema('qk_list');

/** Query strings each refused with `400 invalid_request` naming the field. */
const HOSTILE: [query: string, field: string][] = [
  ['affiliate=%00', 'affiliate'],
  ['affiliate=AC%00ME', 'affiliate'],
  ['affiliate=%27%20OR%201%3D1--', 'affiliate'],
  [`affiliate=${'A'.repeat(33)}`, 'affiliate'],
  ['since=%2B275760-09-13T00:00:00Z', 'since'],
  ['since=-271821-04-20T00:00:00Z', 'since'],
  ['since=9999-12-31T23:00:00-05:00', 'since'],
  ['since=1999-12-31', 'since'],
  ['since=0001-01-01', 'since'],
  ['since=2026-02-31', 'since'],
  ['since=Mar%204%202026%2010:00%20Z', 'since'],
  ['since=2026-03-04%00', 'since'],
];

/** Filters at the edges of what is accepted, and the orders each lists (one ACME order exists). */
const ACCEPTED: [query: string, count: number][] = [
  ['since=2000-01-01', 1],
  ['since=9999-12-31T23:59:59.999Z', 0],
  ['since=2026-03-02T10:00:00%2B01:00', 1],
  ['affiliate=acme', 1],
  ['affiliate=no-such_affiliate', 0],
];

/** One app on `open()`'s database with the demo data, an admin key and one ACME order. */
function listFilterTests(open: () => Promise<Database>) {
  let db: Database;
  let app: App;
  let key = '';
  const unexpected: unknown[] = [];
  before(async () => {
    db = await open();
    await seedDemoData(db);
    app = testApp(db, () => START, unexpected);
    key = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
    const res = await app.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'list-filters' },
      body: JSON.stringify(webOrder({ offerCode: 'ACME5' })),
    });
    assert.equal(res.status, 201, await res.clone().text());
  });
  after(() => db.close());

  for (const [query, field] of HOSTILE) {
    test(`?${query} is 400 invalid_request naming ${field}`, async () => {
      unexpected.length = 0;
      const res = await app.request(`/v1/orders?${query}`, { headers: bearer(key) });
      const error = await expectError(res, 400, 'invalid_request');
      const problems = error.details?.problems as { path: string }[];
      assert.deepEqual(
        problems.map((p) => p.path),
        [field],
      );
      assert.deepEqual(unexpected, []);
    });
  }

  for (const [query, count] of ACCEPTED) {
    test(`?${query} lists ${count} order(s)`, async () => {
      unexpected.length = 0;
      const res = await app.request(`/v1/orders?${query}`, { headers: bearer(key) });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await res.json()).orders.length, count);
      assert.deepEqual(unexpected, []);
    });
  }
}

describe('GET /v1/orders filters on memory', () => {
  listFilterTests(async () => createMemoryDatabase());
});

describe('GET /v1/orders filters on PostgreSQL', { skip }, () => {
  listFilterTests(() => openPostgresDatabase({ connectionString: url!, schema }));
  after(() => dropSchemas(schema));
});
