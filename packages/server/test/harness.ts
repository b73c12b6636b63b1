// The server tests' one harness: a fresh app on a fresh memory database for
// every test, its clock, and the helpers the route tests share.
import assert from 'node:assert/strict';
import { beforeEach } from 'node:test';
import { ApiErrorSchema } from '@quotekit/core';
import type { Context } from 'hono';
import { createApp, createMemoryDatabase, seedDemoData, type Database } from '@quotekit/server';

export type App = ReturnType<typeof createApp>;

/** When every test starts: a Monday morning in March, 05:00 in New York. */
export const START = new Date('2026-03-02T10:00:00.000Z');

/** The client address a test request names in `X-Test-Client` (rate limits count by it). */
export const testClient = (c: Context): string | undefined => c.req.header('x-test-client');

export interface Harness {
  /** The app under test, built before each test on `db` with the `now` clock. */
  readonly app: App;
  /** A fresh memory database with the demo data (affiliates ACME and NORTHWIND, their codes). */
  readonly db: Database;
  /** The time the app sees; set it to move the clock. Starts at `START`. */
  now: Date;
  /** Errors the app answered with a 500. */
  readonly unexpected: unknown[];
  /** A JSON POST to the app under test (a string body is sent as it is). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** `POST /v1/orders` with a fresh Idempotency-Key. */
  order(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A click token from this server, as the SDK gets one when it captures `?aff=`. */
  clickToken(affiliate: string): Promise<string>;
}

/** Registers a `beforeEach` that builds a fresh app and database, and returns them. */
export function useApp(): Harness {
  let app: App | undefined;
  let db: Database | undefined;
  let keys = 0;
  const unexpected: unknown[] = [];
  const harness: Harness = {
    get app() {
      assert.ok(app, 'the harness builds the app before each test');
      return app;
    },
    get db() {
      assert.ok(db, 'the harness builds the database before each test');
      return db;
    },
    now: new Date(START),
    unexpected,
    post: async (path, body, headers = {}) =>
      harness.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    order: (body, headers = {}) =>
      harness.post('/v1/orders', body, { 'idempotency-key': `key-${++keys}`, ...headers }),
    async clickToken(affiliate) {
      const res = await harness.post('/v1/attribution', { affiliate });
      assert.equal(res.status, 200);
      return (await res.json()).token;
    },
  };
  beforeEach(async () => {
    harness.now = new Date(START);
    db = createMemoryDatabase();
    await seedDemoData(db);
    unexpected.length = 0;
    app = testApp(db, () => harness.now, unexpected);
  });
  return harness;
}

/** The app as the tests build it on `db`: the test client's address, and its 500s kept in `unexpected`. */
export function testApp(db: Database, clock: () => Date, unexpected: unknown[]): App {
  return createApp({
    db,
    clock,
    clientAddress: testClient,
    onError: (error) => unexpected.push(error),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts the `{ error: { code, message, details? } }` shape, and returns the error. */
export async function expectError(res: Response, status: number, code: string) {
  const body = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(ApiErrorSchema.safeParse(body).success, true, JSON.stringify(body));
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}

/** The seed check: 25 Starter Plus users and one Px2 server, 300.00 a month. */
export const SEED_LINES = [
  { product: 'starter-plus-user', quantity: 25 },
  { product: 'dedicated-px2', quantity: 1 },
];
export const customer = { name: 'Ann Lee', email: 'ann@example.com' };

/** A web order for the seed lines, expecting the price its offer code gives. */
export const webOrder = (
  quote: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
) => ({
  quote: { lines: SEED_LINES, ...quote },
  expectedMonthlyPayment:
    quote.offerCode === 'NW10' ? '270.00' : quote.offerCode ? '285.00' : '300.00',
  customer,
  channel: 'web',
  ...rest,
});
