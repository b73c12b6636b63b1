// Offer-code checks and the limits on guessing codes, kept in the database.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OfferCodeValidationSchema } from '@quotekit/core';
import { createApp } from '../app.js';
import { createStaffKey } from '../staff.js';
import {
  bearer,
  expectError,
  START,
  testClient,
  type App,
  useApp,
  webOrder,
} from '../../test/harness.js';

const h = useApp();

describe('POST /v1/offer-codes/validate', () => {
  test('give a valid code its discount, and nothing about the commission', async () => {
    const res = await h.post('/v1/offer-codes/validate', { code: 'acme5' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body, { valid: true, code: 'ACME5', discountRate: '0.05' });
    assert.equal(OfferCodeValidationSchema.safeParse(body).success, true);
    assert.doesNotMatch(JSON.stringify(body), /commission|affiliate|ACME"/i);
  });

  for (const [code, reason] of [
    ['NOPE1', 'unknown'],
    ['<script>', 'malformed'],
    ['', 'malformed'],
    ['OLD3', 'inactive'],
  ] as const) {
    test(`say ${JSON.stringify(code)} is not valid: ${reason}`, async () => {
      await h.db.putOfferCode({
        code: 'OLD3',
        affiliate: 'ACME',
        discountRate: '0.03',
        active: false,
      });
      const res = await h.post('/v1/offer-codes/validate', { code });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { valid: false, reason });
    });
  }

  test('reject a body without a code string: 400 invalid_request with the path', async () => {
    const error = await expectError(
      await h.post('/v1/offer-codes/validate', { code: 5 }),
      400,
      'invalid_request',
    );
    assert.deepEqual(
      (error.details?.problems as Array<{ path: string }>).map((p) => p.path),
      ['code'],
    );
    assert.match(error.message, /^Invalid offer-code request: code /);
  });

  test('limit guesses to 30 a minute per client address: 429 rate_limited with Retry-After', async () => {
    const guess = (client: string) =>
      h.post('/v1/offer-codes/validate', { code: 'GUESS1' }, { 'x-test-client': client });
    for (let i = 0; i < 30; i++) assert.equal((await guess('10.0.0.1')).status, 200);
    h.now = new Date(START.getTime() + 20_000);
    const refused = await guess('10.0.0.1');
    const error = await expectError(refused, 429, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), '40');
    assert.equal(error.details?.retryAfter, 40);
    assert.doesNotMatch(error.message, /GUESS1/);
    // Another address has its own allowance; the first gets a new one next minute.
    assert.equal((await guess('10.0.0.2')).status, 200);
    h.now = new Date(START.getTime() + 60_000);
    assert.equal((await guess('10.0.0.1')).status, 200);
  });
});

describe('limits kept in the database, shared by every instance on it', () => {
  const guess = (target: App, code: string, client: string) =>
    target.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': client },
      body: JSON.stringify({ code }),
    });
  const instance = (limits: Record<string, number>) =>
    createApp({
      db: h.db,
      clock: () => h.now,
      limits,
      clientAddress: testClient,
    });

  test('two apps on one database share the per-address count', async () => {
    const a = instance({ offerCodeAttemptsPerMinute: 2 });
    const b = instance({ offerCodeAttemptsPerMinute: 2 });
    assert.equal((await guess(a, 'NOPE1', '10.1.1.1')).status, 200);
    assert.equal((await guess(b, 'NOPE2', '10.1.1.1')).status, 200);
    assert.equal((await guess(a, 'NOPE3', '10.1.1.1')).status, 429);
    assert.equal((await guess(b, 'NOPE4', '10.1.1.1')).status, 429);
  });

  test('a window opens at the first wrong guess and lasts a minute: Retry-After is the rest of it', async () => {
    const a = instance({ offerCodeAttemptsPerMinute: 1 });
    h.now = new Date(START.getTime() + 50_000);
    assert.equal((await guess(a, 'NOPE1', '10.6.6.6')).status, 200);
    h.now = new Date(START.getTime() + 55_000);
    const refused = await guess(a, 'NOPE2', '10.6.6.6');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '55');
    // Not at the clock's minute (START + 60 s) but a minute after the first guess.
    h.now = new Date(START.getTime() + 100_000);
    assert.equal((await guess(a, 'NOPE3', '10.6.6.6')).status, 429);
    h.now = new Date(START.getTime() + 110_000);
    assert.equal((await guess(a, 'NOPE4', '10.6.6.6')).status, 200);
  });

  test('100 parallel guesses from one address: exactly the limit is answered', async () => {
    const a = instance({ offerCodeAttemptsPerMinute: 30 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => guess(a, `GUESS${i}`, '10.2.2.2')),
    );
    assert.equal(answers.filter((res) => res.status === 200).length, 30);
    assert.equal(answers.filter((res) => res.status === 429).length, 70);
  });

  test('a ceiling on failed checks a minute holds against rotating addresses, and lifts the next minute', async () => {
    const events: string[] = [];
    const a = createApp({
      db: h.db,
      clock: () => h.now,
      limits: { offerCodeFailuresPerMinute: 3 },
      clientAddress: testClient,
      events: { rateLimited: (limit) => events.push(limit) },
    });
    for (let i = 0; i < 3; i++)
      assert.equal((await guess(a, `NOPE${i}`, `10.3.3.${i}`)).status, 200);
    await expectError(await guess(a, 'NOPE3', '10.3.3.99'), 429, 'rate_limited');
    assert.deepEqual(events, ['offerCodeFailures']);
    h.now = new Date(START.getTime() + 60_000);
    assert.equal((await guess(a, 'NOPE4', '10.3.3.99')).status, 200);
  });

  test('200 parallel wrong codes from 200 addresses: exactly the ceiling is answered, the rest refused', async () => {
    const a = instance({ offerCodeFailuresPerMinute: 30 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => guess(a, `ROTATE${i}`, `10.7.${i >> 8}.${i & 255}`)),
    );
    assert.equal(answers.filter((res) => res.status === 200).length, 30);
    assert.equal(answers.filter((res) => res.status === 429).length, 170);
  });

  test('while the ceiling is reached, a valid code, a staff key and a phone order still get through', async () => {
    const a = instance({ offerCodeFailuresPerMinute: 2 });
    for (let i = 0; i < 3; i++) await guess(a, `FLOOD${i}`, `10.8.8.${i}`);
    await expectError(await guess(a, 'FLOOD9', '10.8.8.9'), 429, 'rate_limited');

    const valid = await guess(a, 'ACME5', '10.8.8.10');
    assert.equal(valid.status, 200);
    assert.equal((await valid.json()).valid, true);

    const { key } = await createStaffKey(h.db, { name: 'Ceiling Rep', role: 'sales' });
    const asStaff = await a.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': '10.8.8.11', ...bearer(key) },
      body: JSON.stringify({ code: 'NOPE-STAFF' }),
    });
    assert.equal(asStaff.status, 200);
    assert.equal((await asStaff.json()).valid, false);

    const phone = await a.request('/v1/orders', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `ceiling-${Date.now()}`,
        'x-test-client': '10.8.8.12',
        ...bearer(key),
      },
      body: JSON.stringify({ ...webOrder({ offerCode: 'NW10' }), channel: 'phone' }),
    });
    assert.equal(phone.status, 201);
  });
});

describe('the guessing limit counts wrong guesses only', () => {
  test('orders with a valid code never use up the allowance; wrong codes do', async () => {
    const limited = createApp({
      db: h.db,
      clock: () => h.now,
      limits: { offerCodeAttemptsPerMinute: 2 },
      clientAddress: () => '10.5.5.5',
    });
    const place = (code: string, key: string) =>
      limited.request('/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(webOrder({ offerCode: code })),
      });
    for (let i = 0; i < 5; i++) assert.equal((await place('ACME5', `valid-${i}`)).status, 201);
    assert.equal((await place('WRONG1', 'wrong-1')).status, 422);
    assert.equal((await place('WRONG2', 'wrong-2')).status, 422);
    await expectError(await place('WRONG3', 'wrong-3'), 429, 'rate_limited');
    // A code known to be valid is no guess: the customer who has one still orders.
    assert.equal((await place('ACME5', 'after')).status, 201);
  });
});
