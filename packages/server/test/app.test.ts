import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import {
  ApiErrorSchema,
  OfferCodeValidationSchema,
  OrderResponseSchema,
  SavedQuoteCreatedSchema,
  StoredSavedQuoteSchema,
} from '@quotekit/core';
import {
  createApp,
  createMemoryDatabase,
  createStaffKey,
  seedDemoData,
  type Database,
} from '@quotekit/server';

const START = new Date('2026-03-02T10:00:00.000Z');
let now: Date;
let db: Database;
let app: ReturnType<typeof createApp>;
let unexpected: unknown[];

beforeEach(async () => {
  now = new Date(START);
  db = createMemoryDatabase();
  await seedDemoData(db);
  unexpected = [];
  app = createApp({
    db,
    clock: () => now,
    clientAddress: (c) => c.req.header('x-test-client'),
    onError: (error) => unexpected.push(error),
  });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

let keys = 0;
const order = (body: unknown, headers: Record<string, string> = {}) =>
  post('/v1/orders', body, { 'idempotency-key': `key-${++keys}`, ...headers });

/** A click token from this server, as the SDK gets one when it captures `?aff=`. */
async function clickToken(affiliate: string): Promise<string> {
  const res = await post('/v1/attribution', { affiliate });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts the `{ error: { code, message, details? } }` shape, and returns the error. */
async function expectError(res: Response, status: number, code: string) {
  const body = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(ApiErrorSchema.safeParse(body).success, true, JSON.stringify(body));
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}

const SEED_LINES = [
  { product: 'starter-plus-user', quantity: 25 },
  { product: 'dedicated-px2', quantity: 1 },
];
const customer = { name: 'Ann Lee', email: 'ann@example.com' };
const webOrder = (quote: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  quote: { lines: SEED_LINES, ...quote },
  expectedMonthlyPayment:
    quote.offerCode === 'NW10' ? '270.00' : quote.offerCode ? '285.00' : '300.00',
  customer,
  channel: 'web',
  ...rest,
});

describe('GET /v1/catalog', () => {
  test("answer the server's catalog (luxsci by default)", async () => {
    const res = await app.request('/v1/catalog');
    assert.equal(res.status, 200);
    const catalog = await res.json();
    assert.equal(catalog.id, 'luxsci');
    assert.equal(catalog.currency, 'USD');
    assert.ok(catalog.products.some((p: { id: string }) => p.id === 'starter-plus-user'));
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });
});

describe('POST /v1/offer-codes/validate', () => {
  test('give a valid code its discount, and nothing about the commission', async () => {
    const res = await post('/v1/offer-codes/validate', { code: 'acme5' });
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
      await db.putOfferCode({
        code: 'OLD3',
        affiliate: 'ACME',
        discountRate: '0.03',
        active: false,
      });
      const res = await post('/v1/offer-codes/validate', { code });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { valid: false, reason });
    });
  }

  test('reject a body without a code string: 400 invalid_request with the path', async () => {
    const error = await expectError(
      await post('/v1/offer-codes/validate', { code: 5 }),
      400,
      'invalid_request',
    );
    assert.deepEqual(
      (error.details?.problems as Array<{ path: string }>).map((p) => p.path),
      ['code'],
    );
  });

  test('limit guesses to 30 a minute per client address: 429 rate_limited with Retry-After', async () => {
    const guess = (client: string) =>
      post('/v1/offer-codes/validate', { code: 'GUESS1' }, { 'x-test-client': client });
    for (let i = 0; i < 30; i++) assert.equal((await guess('10.0.0.1')).status, 200);
    now = new Date(START.getTime() + 20_000);
    const refused = await guess('10.0.0.1');
    const error = await expectError(refused, 429, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), '40');
    assert.equal(error.details?.retryAfter, 40);
    assert.doesNotMatch(error.message, /GUESS1/);
    // Another address has its own allowance; the first gets a new one next minute.
    assert.equal((await guess('10.0.0.2')).status, 200);
    now = new Date(START.getTime() + 60_000);
    assert.equal((await guess('10.0.0.1')).status, 200);
  });
});

describe('POST /v1/saved-quotes and GET /v1/saved-quotes/:id', () => {
  test('store a quote for a year and give it back with its affiliate and offer code', async () => {
    const res = await post('/v1/saved-quotes', {
      quote: { lines: SEED_LINES },
      affiliate: 'acme',
      offerCode: 'acme5',
    });
    assert.equal(res.status, 201);
    const created = await res.json();
    assert.equal(SavedQuoteCreatedSchema.safeParse(created).success, true);
    assert.match(created.id, /^[A-Za-z0-9]{10}$/);
    assert.equal(created.expiresAt, '2027-03-02T10:00:00.000Z');
    assert.equal(res.headers.get('location'), `/v1/saved-quotes/${created.id}`);

    const got = await app.request(`/v1/saved-quotes/${created.id}`);
    assert.equal(got.status, 200);
    const saved = await got.json();
    assert.equal(StoredSavedQuoteSchema.safeParse(saved).success, true);
    assert.deepEqual(saved, {
      id: created.id,
      quote: { lines: SEED_LINES },
      affiliate: 'ACME',
      offerCode: 'ACME5',
      createdAt: START.toISOString(),
      expiresAt: created.expiresAt,
    });
  });

  test('answer 410 saved_quote_expired after expiry and 404 not_found for an unknown id', async () => {
    const { id } = await (await post('/v1/saved-quotes', { quote: { lines: SEED_LINES } })).json();
    now = new Date('2027-03-02T10:00:00.001Z');
    await expectError(await app.request(`/v1/saved-quotes/${id}`), 410, 'saved_quote_expired');
    await expectError(await app.request('/v1/saved-quotes/NoSuchId1'), 404, 'not_found');
    await expectError(await app.request('/v1/saved-quotes/%3Cscript%3E'), 404, 'not_found');
  });

  test("refuse quotes core cannot price, with core's code: 422", async () => {
    await expectError(
      await post('/v1/saved-quotes', {
        quote: { lines: [{ product: 'warp-drive', quantity: 1 }] },
      }),
      422,
      'unknown_product',
    );
    await expectError(
      await post('/v1/saved-quotes', {
        quote: { lines: [{ product: 'starter-plus-user', quantity: 1.5 }] },
      }),
      422,
      'invalid_quantity',
    );
  });

  test('refuse an unknown affiliate (422) and a quote without lines (400 with the path)', async () => {
    await expectError(
      await post('/v1/saved-quotes', { quote: { lines: SEED_LINES }, affiliate: 'NOBODY' }),
      422,
      'unknown_affiliate',
    );
    const error = await expectError(
      await post('/v1/saved-quotes', { quote: {} }),
      400,
      'invalid_request',
    );
    assert.deepEqual(
      (error.details?.problems as Array<{ path: string }>).map((p) => p.path),
      ['quote.lines'],
    );
  });
});

describe('POST /v1/attribution', () => {
  test('record the click and answer a signed token, also set as qk_ref_s for a year: HttpOnly, SameSite=Lax, Path=/', async () => {
    const res = await post(
      '/v1/attribution',
      {
        affiliate: 'northwind',
        landingPage: 'https://vendor.example/pricing?aff=NORTHWIND&email=x@y.z',
      },
      { 'x-test-client': '203.0.113.9' },
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.affiliate, 'NORTHWIND');
    assert.equal(body.expiresAt, '2027-03-02T10:00:00.000Z');
    const [affiliate, issuedAt, clickId, signature] = body.token.split(':');
    assert.equal(affiliate, 'NORTHWIND');
    assert.equal(Number(issuedAt), START.getTime() / 1000);
    assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
    // The click: affiliate, time, the page without its query, and no raw address.
    const click = await db.getClick(clickId);
    assert.equal(click?.affiliate, 'NORTHWIND');
    assert.equal(click?.at, START.toISOString());
    assert.equal(click?.landingPage, 'https://vendor.example/pricing');
    assert.ok(click && !JSON.stringify(click).includes('203.0.113.9'));
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.equal(decodeURIComponent(/^qk_ref_s=([^;]+);/.exec(cookie)?.[1] ?? ''), body.token);
    assert.match(cookie, /Max-Age=31536000/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.match(cookie, /Expires=Tue, 02 Mar 2027 10:00:00 GMT/);
    assert.doesNotMatch(cookie, /Secure/);
  });

  test('mark the cookie Secure on https, and behind a proxy only when TRUST_PROXY says so', async () => {
    const direct = await app.request('https://api.example/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.match(direct.headers.get('set-cookie') ?? '', /Secure/);
    // Any client can send X-Forwarded-Proto: without a trusted proxy it is ignored.
    const claimed = await post(
      '/v1/attribution',
      { affiliate: 'ACME' },
      { 'x-forwarded-proto': 'https' },
    );
    assert.doesNotMatch(claimed.headers.get('set-cookie') ?? '', /Secure/);
    const behindProxy = createApp({ db, trustProxy: 1 });
    const proxied = await behindProxy.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.match(proxied.headers.get('set-cookie') ?? '', /Secure/);
  });

  test('count offer-code guesses by the address the trusted proxy saw, not one a client wrote', async () => {
    const guess = (target: ReturnType<typeof createApp>, forwardedFor: string) =>
      target.request('/v1/offer-codes/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ code: 'NOPE1' }),
      });
    const limits = { offerCodeAttemptsPerMinute: 1 };
    // Untrusted: a forged X-Forwarded-For does not give a fresh allowance.
    const direct = createApp({ db, limits, clock: () => now, clientAddress: () => '10.0.0.1' });
    assert.equal((await guess(direct, '1.1.1.1')).status, 200);
    assert.equal((await guess(direct, '2.2.2.2')).status, 429);
    // One trusted proxy: the right-most address is the one it saw.
    const proxied = createApp({
      db,
      limits,
      clock: () => now,
      trustProxy: 1,
      clientAddress: () => '10.0.0.2',
    });
    assert.equal((await guess(proxied, 'forged, 3.3.3.3')).status, 200);
    assert.equal((await guess(proxied, 'other-forgery, 3.3.3.3')).status, 429);
    assert.equal((await guess(proxied, '4.4.4.4')).status, 200);
  });

  test('set nothing for an unknown (422) or malformed (400) affiliate', async () => {
    const unknown = await post('/v1/attribution', { affiliate: 'NOBODY' });
    assert.equal(unknown.headers.get('set-cookie'), null);
    await expectError(unknown, 422, 'unknown_affiliate');
    await expectError(
      await post('/v1/attribution', { affiliate: 'a;b=c' }),
      400,
      'invalid_request',
    );
  });
});

describe('POST /v1/orders and GET /v1/orders/:id', () => {
  test('price the order on the server, number it, attribute it, and read it back', async () => {
    const res = await order(webOrder({ offerCode: 'ACME5' }));
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(OrderResponseSchema.safeParse(body).success, true);
    const placed = body.order;
    assert.match(placed.id, /^ord_[A-Za-z0-9]{22}$/);
    assert.equal(placed.number, 'QK-1001');
    assert.equal(placed.status, 'received');
    assert.equal(placed.createdAt, START.toISOString());
    assert.equal(placed.channel, 'web');
    assert.deepEqual(placed.customer, customer);
    assert.equal(placed.offerCode, 'ACME5');
    assert.equal(placed.quote.discountRate, '0.05');
    assert.equal(placed.quote.totals.monthlyPayment, '285.00');
    assert.deepEqual(placed.attribution, { affiliate: 'ACME', method: 'offer_code' });
    assert.equal('attributionRefused' in placed, false);
    assert.equal(res.headers.get('location'), `/v1/orders/${placed.id}`);
    assert.equal(res.headers.get('cache-control'), 'no-store');

    // Only the receipt token that came with the order reads it back.
    assert.match(body.receiptToken, /^[A-Za-z0-9_-]{43}$/);
    const got = await app.request(`/v1/orders/${placed.id}`, {
      headers: bearer(body.receiptToken),
    });
    assert.equal(got.status, 200);
    assert.deepEqual(await got.json(), { order: placed });
  });

  test('price the seed check: 25 Starter Plus users + one Px2 server → 300.00', async () => {
    const res = await order(webOrder());
    const { order: placed } = await res.json();
    assert.equal(placed.quote.totals.monthlyPayment, '300.00');
    assert.equal(placed.quote.totals.monthlyValue.affiliate, '250.00');
    assert.equal(placed.attribution, null);
  });

  test('accept the expected payment as a number or with other trailing zeros', async () => {
    assert.equal((await order({ ...webOrder(), expectedMonthlyPayment: 300 })).status, 201);
    assert.equal((await order({ ...webOrder(), expectedMonthlyPayment: '300.0' })).status, 201);
  });

  test('require an Idempotency-Key: 400 idempotency_key_required', async () => {
    await expectError(await post('/v1/orders', webOrder()), 400, 'idempotency_key_required');
    await expectError(
      await post('/v1/orders', webOrder(), { 'idempotency-key': '  ' }),
      400,
      'idempotency_key_required',
    );
    const error = await expectError(
      await post('/v1/orders', webOrder(), { 'idempotency-key': 'has space' }),
      400,
      'invalid_request',
    );
    assert.deepEqual(error.details?.problems, [
      { path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
    ]);
    assert.equal(await db.countOrders(), 0);
  });

  test('answer the same key and body with the same order, never a second one', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const first = await post('/v1/orders', webOrder(), headers);
    const again = await post('/v1/orders', webOrder(), headers);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    assert.equal(await db.countOrders(), 1);
  });

  test('answer a retry with its order even after the offer code was withdrawn', async () => {
    const headers = { 'idempotency-key': 'retry-after-change' };
    const first = await post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
    assert.equal(first.status, 201);
    await db.putOfferCode({
      code: 'ACME5',
      affiliate: 'ACME',
      discountRate: '0.05',
      active: false,
    });
    const again = await post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    // A new key with that code is refused once the server's 30 s memory of valid codes has passed.
    now = new Date(START.getTime() + 31_000);
    await expectError(await order(webOrder({ offerCode: 'ACME5' })), 422, 'invalid_offer_code');
  });

  test('285 and "285.00", 25 and "25.0" are the same order under one key', async () => {
    const headers = { 'idempotency-key': 'canonical-amounts' };
    const lines = [
      { product: 'starter-plus-user', quantity: 25 },
      { product: 'dedicated-px2', quantity: 1 },
    ];
    const body = (amount: string | number, quantity: string | number) => ({
      ...webOrder({ offerCode: 'ACME5', lines: [{ ...lines[0], quantity }, lines[1]] }),
      expectedMonthlyPayment: amount,
    });
    const first = await post('/v1/orders', body(285, 25), headers);
    assert.equal(first.status, 201);
    const again = await post('/v1/orders', body('285.00', '25.0'), headers);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await again.json()).order.id, (await first.json()).order.id);
  });

  test('refuse the same key with another body: 422 idempotency_conflict', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    const first = await (await post('/v1/orders', webOrder(), headers)).json();
    const other = { ...webOrder(), customer: { name: 'Someone Else', email: 'se@example.com' } };
    const error = await expectError(
      await post('/v1/orders', other, headers),
      422,
      'idempotency_conflict',
    );
    // The stored order is not given to whoever guessed or reused the key.
    assert.deepEqual(error.details, { idempotencyKey: 'reused-key' });
    assert.ok(!JSON.stringify(error).includes(first.order.id));
    assert.equal(await db.countOrders(), 1);
  });

  test("answer a different total with 409 price_changed and the server's quote, storing nothing", async () => {
    const headers = { 'idempotency-key': 'stale-price' };
    const stale = { ...webOrder({ offerCode: 'ACME5' }), expectedMonthlyPayment: '300.00' };
    const error = await expectError(await post('/v1/orders', stale, headers), 409, 'price_changed');
    const quote = error.details?.quote as { totals: { monthlyPayment: string }; lines: unknown[] };
    assert.equal(quote.totals.monthlyPayment, '285.00');
    assert.equal(quote.lines.length, 2);
    assert.equal(error.details?.expectedMonthlyPayment, '300.00');
    assert.match(error.message, /is 285\.00 USD, not 300\.00/);
    assert.equal(await db.countOrders(), 0);
    // Nothing was stored, so the key is free for the corrected order.
    const retried = await post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
    assert.equal(retried.status, 201);
  });

  for (const [what, lines, code] of [
    ['an unknown product', [{ product: 'warp-drive', quantity: 1 }], 'unknown_product'],
    [
      'a fractional quantity',
      [{ product: 'starter-plus-user', quantity: 2.5 }],
      'invalid_quantity',
    ],
    ['a negative quantity', [{ product: 'starter-plus-user', quantity: -1 }], 'invalid_quantity'],
    ['a quantity over the bound', [{ product: 'dedicated-px2', quantity: 2 }], 'invalid_quantity'],
    ['a product twice', [SEED_LINES[0], SEED_LINES[0]], 'invalid_quote'],
  ] as const) {
    test(`refuse ${what} with core's code: 422 ${code}`, async () => {
      const error = await expectError(await order(webOrder({ lines })), 422, code);
      assert.equal(typeof error.details?.line, 'number');
      assert.equal(await db.countOrders(), 0);
    });
  }

  test('refuse an unknown offer code: 422 invalid_offer_code', async () => {
    await expectError(await order(webOrder({ offerCode: 'FAKE10' })), 422, 'invalid_offer_code');
  });

  test('count unknown offer codes in orders against the guessing limit', async () => {
    const headers = { 'x-test-client': '10.9.9.9' };
    for (let i = 0; i < 30; i++) {
      await expectError(
        await order(webOrder({ offerCode: `FAKE${i}` }), headers),
        422,
        'invalid_offer_code',
      );
    }
    const refused = await order(webOrder({ offerCode: 'NW10' }), headers);
    await expectError(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    // Orders without a code are never limited.
    assert.equal((await order(webOrder(), headers)).status, 201);
  });

  describe('phone orders', () => {
    const phone = (rest: Record<string, unknown>, quote: Record<string, unknown> = {}) => ({
      ...webOrder(quote),
      channel: 'phone',
      ...rest,
    });

    let salesKey: string;
    beforeEach(async () => {
      salesKey = (await createStaffKey(db, { name: 'Ann Lee', role: 'sales' })).key;
    });

    test('take a phone order with a sales key and an offer code: the rep is the key’s, attributed as a phone order', async () => {
      const res = await order(
        phone({ salesRep: 'someone-else' }, { offerCode: 'NW10' }),
        bearer(salesKey),
      );
      assert.equal(res.status, 201);
      const { order: placed } = await res.json();
      assert.equal(placed.channel, 'phone');
      assert.equal(placed.salesRep, 'Ann Lee');
      assert.equal(placed.quote.totals.monthlyPayment, '270.00');
      assert.deepEqual(placed.attribution, { affiliate: 'NORTHWIND', method: 'phone' });
    });

    test('refuse a phone order without a sales key or with an unknown one: 401 unauthorized', async () => {
      const body = phone({ salesRep: 'rep-42' }, { offerCode: 'NW10' });
      await expectError(await order(body), 401, 'unauthorized');
      await expectError(await order(body, bearer('qk_sales_madeup')), 401, 'unauthorized');
      assert.equal(await db.countOrders(), 0);
    });

    test('a revoked key places nothing', async () => {
      const made = await createStaffKey(db, { name: 'Bo Chen', role: 'sales' });
      await db.revokeStaffKey(made.record.id, START.toISOString());
      const body = phone({}, { offerCode: 'NW10' });
      await expectError(await order(body, bearer(made.key)), 401, 'unauthorized');
      assert.equal(await db.countOrders(), 0);
    });

    for (const [what, quote, details] of [
      ['without an offer code', {}, { missing: ['quote.offerCode'] }],
      ['with an invalid offer code', { offerCode: 'FAKE10' }, { offerCode: 'FAKE10' }],
    ] as const) {
      test(`refuse a phone order ${what}: 422 invalid_phone_order`, async () => {
        const error = await expectError(
          await order(phone({}, quote), bearer(salesKey)),
          422,
          'invalid_phone_order',
        );
        assert.deepEqual(error.details, details);
        // The message names what the details name, and nothing else as missing.
        const named =
          'missing' in details
            ? `missing: ${details.missing.map((field) => `\`${field}\``).join(', ')}.`
            : details.offerCode;
        assert.ok(error.message.includes(named), error.message);
        assert.equal(await db.countOrders(), 0);
      });
    }
  });

  describe('attribution precedence: offer code, saved quote, body, cookie', () => {
    let savedAcme: string;
    beforeEach(async () => {
      savedAcme = (
        await (
          await post('/v1/saved-quotes', { quote: { lines: SEED_LINES }, affiliate: 'ACME' })
        ).json()
      ).id;
    });
    const cases: Array<{
      name: string;
      offerCode?: string;
      saved?: boolean;
      claimed?: { affiliate: string; method: string };
      cookie?: string;
      expect: { affiliate: string; method: string } | null;
    }> = [
      {
        name: 'a valid offer code beats everything',
        offerCode: 'NW10',
        saved: true,
        claimed: { affiliate: 'ACME', method: 'affiliate_url' },
        cookie: 'ACME',
        expect: { affiliate: 'NORTHWIND', method: 'offer_code' },
      },
      {
        name: "the saved quote's affiliate beats the body and the cookie",
        saved: true,
        claimed: { affiliate: 'NORTHWIND', method: 'affiliate_url' },
        cookie: 'NORTHWIND',
        expect: { affiliate: 'ACME', method: 'saved_quote' },
      },
      {
        name: "the body's attribution beats the cookie",
        claimed: { affiliate: 'NORTHWIND', method: 'affiliate_url' },
        cookie: 'ACME',
        expect: { affiliate: 'NORTHWIND', method: 'affiliate_url' },
      },
      {
        name: 'the cookie alone attributes',
        cookie: 'acme',
        expect: { affiliate: 'ACME', method: 'affiliate_url' },
      },
      {
        name: 'an unknown affiliate is passed over',
        claimed: { affiliate: 'NOBODY', method: 'affiliate_url' },
        cookie: 'ACME',
        expect: { affiliate: 'ACME', method: 'affiliate_url' },
      },
      { name: 'no source, no attribution', expect: null },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const quote = {
          ...(c.offerCode ? { offerCode: c.offerCode } : {}),
          ...(c.saved ? { savedQuoteId: savedAcme } : {}),
        };
        // Claims and cookies carry this server's signed click tokens.
        const claim = c.claimed && {
          ...c.claimed,
          ...(c.claimed.affiliate === 'NOBODY'
            ? {}
            : { token: await clickToken(c.claimed.affiliate) }),
        };
        const cookie = c.cookie && (await clickToken(c.cookie));
        const body = webOrder(quote, claim ? { attribution: claim } : {});
        const res = await order(body, cookie ? { cookie: `other=1; qk_ref_s=${cookie}` } : {});
        assert.equal(res.status, 201);
        assert.deepEqual((await res.json()).order.attribution, c.expect);
      });
    }

    test('an expired saved quote attributes nothing', async () => {
      now = new Date('2028-01-01T00:00:00.000Z');
      const res = await order(webOrder({ savedQuoteId: savedAcme }));
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.equal(placed.savedQuoteId, savedAcme);
    });
  });

  describe('self-referral', () => {
    test("refuse attribution when the customer's email is the affiliate's", async () => {
      const res = await order({
        ...webOrder({ offerCode: 'ACME5' }),
        customer: { name: 'Acme', email: 'Partner@ACME.example' },
      });
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.deepEqual(placed.attributionRefused, { affiliate: 'ACME', reason: 'self_referral' });
      // The customer still gets the code's discount.
      assert.equal(placed.quote.totals.monthlyPayment, '285.00');
    });

    test("refuse attribution when the customer's domain is the affiliate's", async () => {
      const res = await order(
        webOrder({}, { customer: { name: 'Bo', email: 'bo@northwind.example' } }),
        { cookie: `qk_ref_s=${await clickToken('NORTHWIND')}` },
      );
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.deepEqual(placed.attributionRefused, {
        affiliate: 'NORTHWIND',
        reason: 'self_referral',
      });
    });

    test('compare registrable domains: boss@mail.acme.example is ACME (partner@acme.example)', async () => {
      const res = await order({
        ...webOrder({ offerCode: 'ACME5' }),
        customer: { name: 'Boss', email: 'boss@mail.acme.example' },
      });
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.deepEqual(placed.attributionRefused, { affiliate: 'ACME', reason: 'self_referral' });
    });
  });

  test('answer an unknown order id with 404 not_found', async () => {
    const admin = (await createStaffKey(db, { name: 'Admin', role: 'admin' })).key;
    await expectError(
      await app.request('/v1/orders/ord_doesnotexist', { headers: bearer(admin) }),
      404,
      'not_found',
    );
    await expectError(
      await app.request('/v1/orders/anything', { headers: bearer(admin) }),
      404,
      'not_found',
    );
  });
});

describe('bad input', () => {
  test('answer malformed JSON with 400 invalid_json', async () => {
    await expectError(await order('{"quote": '), 400, 'invalid_json');
    await expectError(await post('/v1/offer-codes/validate', 'not json'), 400, 'invalid_json');
    await expectError(await post('/v1/saved-quotes', ''), 400, 'invalid_json');
  });

  test('answer schema violations with 400 invalid_request and every path', async () => {
    const res = await order({
      quote: { lines: [{ product: 'starter-plus-user' }] },
      expectedMonthlyPayment: '-1',
      customer: { name: '', email: 'not-an-email' },
      channel: 'fax',
      attribution: { affiliate: 'ACME', method: 'bribe' },
    });
    const error = await expectError(res, 400, 'invalid_request');
    const paths = (error.details?.problems as Array<{ path: string }>).map((p) => p.path).sort();
    assert.deepEqual(paths, [
      'attribution.method',
      'channel',
      'customer.email',
      'customer.name',
      'expectedMonthlyPayment',
      'quote.lines.0.quantity',
    ]);
  });

  test('answer bodies over 64 KB with 413 payload_too_large, declared or streamed', async () => {
    const big = JSON.stringify({ code: 'x'.repeat(70_000) });
    await expectError(await post('/v1/offer-codes/validate', big), 413, 'payload_too_large');
    const bytes = new TextEncoder().encode(big);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 8192)
          controller.enqueue(bytes.slice(at, at + 8192));
        controller.close();
      },
    });
    const res = await app.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'big' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, 'payload_too_large');
    // Just under the limit is read (and then judged on its content).
    const fits = JSON.stringify({ code: 'x'.repeat(65_536 - 20) });
    assert.ok(new TextEncoder().encode(fits).length <= 65_536);
    assert.equal((await post('/v1/offer-codes/validate', fits)).status, 400);
  });

  test('answer unknown routes and methods with 404 not_found', async () => {
    await expectError(await app.request('/v2/orders'), 404, 'not_found');
    await expectError(await app.request('/v1/orders', { method: 'DELETE' }), 404, 'not_found');
    await expectError(await app.request('/'), 404, 'not_found');
  });

  test('answer an unexpected failure with 500 internal_error, without its details', async () => {
    const broken = createApp({
      db: { ...db, getOfferCode: () => Promise.reject(new Error('disk on fire')) },
      onError: (error) => unexpected.push(error),
    });
    const res = await broken.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ACME5' }),
    });
    const error = await expectError(res, 500, 'internal_error');
    assert.doesNotMatch(error.message, /disk/);
    assert.equal(unexpected.length, 1);
  });
});

describe('CORS', () => {
  test('allow the configured origins, with credentials and the Idempotency-Key header', async () => {
    const cors = createApp({ db, allowedOrigins: ['https://shop.example'] });
    const preflight = await cors.request('/v1/orders', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
    const simple = await cors.request('/v1/catalog', {
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(simple.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(simple.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });

  test('allow no other origin, and none at all by default', async () => {
    const cors = createApp({ db, allowedOrigins: ['https://shop.example'] });
    const other = await cors.request('/v1/catalog', {
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const plain = await app.request('/v1/catalog', { headers: { origin: 'https://shop.example' } });
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });

  test("allow any origin with '*', never with credentials", async () => {
    const cors = createApp({ db, allowedOrigins: ['*'] });
    const res = await cors.request('/v1/catalog', { headers: { origin: 'https://any.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
  });

  test('never allow Origin: null (a sandboxed frame, a file), even when listed', async () => {
    const cors = createApp({ db, allowedOrigins: ['null', 'https://shop.example'] });
    const res = await cors.request('/v1/catalog', { headers: { origin: 'null' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});

describe('text fields refuse control characters', () => {
  const cases: [field: string, body: Record<string, unknown>][] = [
    ['customer.name', webOrder({}, { customer: { ...customer, name: 'Ann\u0000Lee' } })],
    ['customer.company', webOrder({}, { customer: { ...customer, company: 'ACME\u001b[31m' } })],
    ['customer.phone', webOrder({}, { customer: { ...customer, phone: '555\n0100' } })],
    ['salesRep', webOrder({}, { salesRep: 'ann\u0000' })],
    ['quote.savedQuoteId', webOrder({ savedQuoteId: 'abc\u0000' })],
  ];
  for (const [field, body] of cases) {
    // 400, as every schema violation of a body is (invalid_request), never a 500.
    test(`a control character in ${field} is 400 invalid_request naming it, not a 500`, async () => {
      const before = await db.countOrders();
      const error = await expectError(await order(body), 400, 'invalid_request');
      const paths = (error.details?.problems as Array<{ path: string }>).map((p) => p.path);
      assert.deepEqual(paths, [field]);
      assert.equal(await db.countOrders(), before);
    });
  }
});

describe('POST bodies are JSON only', () => {
  test('a form post (or no Content-Type) is 415 unsupported_media_type, and nothing is stored', async () => {
    const before = await db.countOrders();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', '']) {
      const res = await app.request('/v1/orders', {
        method: 'POST',
        headers: { ...(type ? { 'content-type': type } : {}), 'idempotency-key': `form-${type}` },
        body: JSON.stringify({}),
      });
      assert.equal(res.status, 415, type);
      assert.equal((await res.json()).error.code, 'unsupported_media_type');
    }
    const attribution = await app.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.equal(attribution.status, 415);
    assert.equal(attribution.headers.get('set-cookie'), null);
    assert.equal(await db.countOrders(), before);
  });

  test('application/json with a charset is JSON', async () => {
    const res = await app.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ code: 'ACME5' }),
    });
    assert.equal(res.status, 200);
  });
});

describe('signed attribution: a client carries only what this server issued', () => {
  const refusedOf = async (res: Response) => {
    assert.equal(res.status, 201);
    const { order: placed } = await res.json();
    return { attribution: placed.attribution, refused: placed.attributionRefused };
  };

  test('an unsigned claim, even one naming offer_code, is ignored and the reason kept', async () => {
    const res = await order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'offer_code' } }),
    );
    assert.deepEqual(await refusedOf(res), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'unsigned_claim' },
    });
  });

  test('a hand-made qk_ref_s cookie is ignored', async () => {
    const res = await order(webOrder(), { cookie: 'qk_ref_s=ACME' });
    assert.deepEqual(await refusedOf(res), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'cookie_unsigned_claim' },
    });
  });

  test('a token altered to name another affiliate, or claimed for another, counts for nothing', async () => {
    const token = await clickToken('NORTHWIND');
    const forged = token.replace(/^NORTHWIND:/, 'ACME:');
    const altered = await order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token: forged } }),
    );
    assert.deepEqual(await refusedOf(altered), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'invalid_signature' },
    });
    const borrowed = await order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } }),
    );
    assert.deepEqual(await refusedOf(borrowed), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'claim_affiliate_mismatch' },
    });
  });

  test('a token from another server (another secret) is not ours', async () => {
    const other = createApp({ db, clock: () => now, signingSecrets: ['another-secret'] });
    const res = await other.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    const { token } = await res.json();
    const placed = await order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } }),
    );
    assert.equal((await refusedOf(placed)).refused?.reason, 'invalid_signature');
  });

  test('a signed click counts for one calendar year from the visit, then expires', async () => {
    const token = await clickToken('ACME');
    const claim = { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } };
    now = new Date(START.getTime() + 200 * 86_400_000);
    assert.deepEqual((await refusedOf(await order(webOrder({}, claim)))).attribution, {
      affiliate: 'ACME',
      method: 'affiliate_url',
    });
    // 2026-03-02T10:00Z is 05:00 in New York; a year later at 05:00 New York it has expired.
    now = new Date('2027-03-02T10:00:00.000Z');
    assert.deepEqual(await refusedOf(await order(webOrder({}, claim))), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'expired_claim' },
    });
  });

  test('while the secret is rotated, tokens signed with the previous one still count', async () => {
    const old = createApp({ db, clock: () => now, signingSecrets: ['old-secret'] });
    const res = await old.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    const { token } = await res.json();
    const rotated = createApp({
      db,
      clock: () => now,
      signingSecrets: ['new-secret', 'old-secret'],
    });
    const placed = await rotated.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'rotated-1' },
      body: JSON.stringify(
        webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } }),
      ),
    });
    assert.deepEqual((await placed.json()).order.attribution, {
      affiliate: 'ACME',
      method: 'affiliate_url',
    });
  });
});

describe('reading orders: receipt tokens and staff keys', () => {
  test('GET /v1/orders/:id answers the order’s own receipt or an admin key, and nobody else', async () => {
    const first = await (await order(webOrder())).json();
    const second = await (await order(webOrder())).json();
    const id = first.order.id;
    await expectError(await app.request(`/v1/orders/${id}`), 401, 'unauthorized');
    // Another order's receipt, a sales key, or a made-up token read nothing.
    await expectError(
      await app.request(`/v1/orders/${id}`, { headers: bearer(second.receiptToken) }),
      404,
      'not_found',
    );
    const sales = (await createStaffKey(db, { name: 'Ann Lee', role: 'sales' })).key;
    await expectError(
      await app.request(`/v1/orders/${id}`, { headers: bearer(sales) }),
      404,
      'not_found',
    );
    const admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
    const got = await app.request(`/v1/orders/${id}`, { headers: bearer(admin) });
    assert.equal(got.status, 200);
    assert.equal((await got.json()).order.id, id);
  });

  test('a replay gives the same receipt token back', async () => {
    const headers = { 'idempotency-key': 'receipt-replay' };
    const first = await (await post('/v1/orders', webOrder(), headers)).json();
    const again = await (await post('/v1/orders', webOrder(), headers)).json();
    assert.equal(again.receiptToken, first.receiptToken);
  });

  test('GET /v1/orders: admins list with filters and a cursor; a sales key sees its own orders only', async () => {
    const ann = (await createStaffKey(db, { name: 'Ann Lee', role: 'sales' })).key;
    const bo = (await createStaffKey(db, { name: 'Bo Chen', role: 'sales' })).key;
    const admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
    const phoneOrder = { ...webOrder({ offerCode: 'NW10' }), channel: 'phone' };
    await order(phoneOrder, bearer(ann)); // QK-1001
    await order(webOrder({ offerCode: 'ACME5' })); // QK-1002
    now = new Date('2026-03-05T10:00:00.000Z');
    await order(phoneOrder, bearer(bo)); // QK-1003
    await order(webOrder()); // QK-1004
    const list = async (query: string, key: string) => {
      const res = await app.request(`/v1/orders${query}`, { headers: bearer(key) });
      assert.equal(res.status, 200);
      const body = await res.json();
      return {
        numbers: body.orders.map((o: { number: string }) => o.number),
        next: body.nextCursor,
      };
    };
    assert.deepEqual(await list('', admin), {
      numbers: ['QK-1004', 'QK-1003', 'QK-1002', 'QK-1001'],
      next: null,
    });
    assert.deepEqual((await list('?channel=phone', admin)).numbers, ['QK-1003', 'QK-1001']);
    assert.deepEqual((await list('?affiliate=acme', admin)).numbers, ['QK-1002']);
    assert.deepEqual((await list('?since=2026-03-04', admin)).numbers, ['QK-1004', 'QK-1003']);
    const page1 = await list('?limit=3', admin);
    assert.deepEqual(page1, { numbers: ['QK-1004', 'QK-1003', 'QK-1002'], next: '1002' });
    assert.deepEqual(await list(`?limit=3&cursor=${page1.next}`, admin), {
      numbers: ['QK-1001'],
      next: null,
    });
    assert.deepEqual((await list('', ann)).numbers, ['QK-1001']);
    assert.deepEqual((await list('', bo)).numbers, ['QK-1003']);
    await expectError(await app.request('/v1/orders'), 401, 'unauthorized');
    await expectError(
      await app.request('/v1/orders?channel=fax', { headers: bearer(admin) }),
      400,
      'invalid_request',
    );
  });
});

describe('limits kept in the database, shared by every instance on it', () => {
  const guess = (target: ReturnType<typeof createApp>, code: string, client: string) =>
    target.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': client },
      body: JSON.stringify({ code }),
    });
  const instance = (limits: Record<string, number>) =>
    createApp({
      db,
      clock: () => now,
      limits,
      clientAddress: (c) => c.req.header('x-test-client'),
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
    now = new Date(START.getTime() + 50_000);
    assert.equal((await guess(a, 'NOPE1', '10.6.6.6')).status, 200);
    now = new Date(START.getTime() + 55_000);
    const refused = await guess(a, 'NOPE2', '10.6.6.6');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '55');
    // Not at the clock's minute (START + 60 s) but a minute after the first guess.
    now = new Date(START.getTime() + 100_000);
    assert.equal((await guess(a, 'NOPE3', '10.6.6.6')).status, 429);
    now = new Date(START.getTime() + 110_000);
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
      db,
      clock: () => now,
      limits: { offerCodeFailuresPerMinute: 3 },
      clientAddress: (c) => c.req.header('x-test-client'),
      events: { rateLimited: (limit) => events.push(limit) },
    });
    for (let i = 0; i < 3; i++)
      assert.equal((await guess(a, `NOPE${i}`, `10.3.3.${i}`)).status, 200);
    await expectError(await guess(a, 'NOPE3', '10.3.3.99'), 429, 'rate_limited');
    assert.deepEqual(events, ['offerCodeFailures']);
    now = new Date(START.getTime() + 60_000);
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

    const { key } = await createStaffKey(db, { name: 'Ceiling Rep', role: 'sales' });
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

  test('saved quotes: 60 an hour per address by default, at most 8 KB, and purged once expired', async () => {
    const a = createApp({
      db,
      clock: () => now,
      limits: { savedQuotesPerHour: 2 },
      clientAddress: (c) => c.req.header('x-test-client'),
    });
    const save = (client: string, lines = SEED_LINES) =>
      a.request('/v1/saved-quotes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-client': client },
        body: JSON.stringify({ quote: { lines } }),
      });
    const first = await (await save('10.4.4.4')).json();
    assert.equal((await save('10.4.4.4')).status, 201);
    await expectError(await save('10.4.4.4'), 429, 'rate_limited');
    assert.equal((await save('10.4.4.5')).status, 201);
    const huge = Array.from({ length: 190 }, () => ({ product: 'starter-plus-user', quantity: 1 }));
    await expectError(await save('10.4.4.6', huge), 413, 'payload_too_large');
    assert.equal(
      await db.purgeExpired(new Date('2027-03-03T00:00:00Z').toISOString(), START.toISOString()),
      3,
    );
    assert.equal(await db.getSavedQuote(first.id), null);
  });
});

describe('the catalog a vendor prices from', () => {
  test('GET /v1/catalog sends an ETag and Cache-Control: no-cache, and 304 while unchanged', async () => {
    const res = await app.request('/v1/catalog');
    const etag = res.headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const again = await app.request('/v1/catalog', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const placed = (await (await order(webOrder())).json()).order;
    assert.equal(`"${placed.catalogVersion}"`, etag);
  });

  test('a changed catalog has another version, and an order priced on the old one gets 409 price_changed', async () => {
    const { catalogs } = await import('@quotekit/core');
    const dearer = structuredClone(catalogs.luxsci);
    const px2 = dearer.products.find((p) => p.id === 'dedicated-px2')!;
    px2.price = { model: 'flat', amount: '220.00' };
    const changed = createApp({ db, clock: () => now, catalog: dearer });
    const before = (await app.request('/v1/catalog')).headers.get('etag');
    const after = (await changed.request('/v1/catalog')).headers.get('etag');
    assert.notEqual(after, before);
    const res = await changed.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'old-price' },
      body: JSON.stringify(webOrder()),
    });
    const error = await expectError(res, 409, 'price_changed');
    assert.equal(error.details?.monthlyPayment, '320.00');
    assert.equal(await db.countOrders(), 0);
  });
});

describe('operating it', () => {
  test('/healthz is up; /readyz answers ready, and 503 once the database is gone', async () => {
    assert.deepEqual(await (await app.request('/healthz')).json(), { status: 'ok' });
    assert.deepEqual(await (await app.request('/readyz')).json(), { status: 'ready' });
    await db.close();
    assert.equal((await app.request('/readyz')).status, 503);
  });

  test('every answer carries a request id, and reports its route pattern, status and time', async () => {
    const seen: Array<{ requestId: string; route: string; status: number }> = [];
    const observed = createApp({ db, clock: () => now, events: { request: (e) => seen.push(e) } });
    const res = await observed.request('/v1/saved-quotes/nope', {
      headers: { 'x-request-id': 'req-123' },
    });
    assert.equal(res.headers.get('x-request-id'), 'req-123');
    const fresh = await observed.request('/v1/catalog');
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[A-Za-z0-9]{16}$/);
    assert.deepEqual(
      seen.map(({ route, status }) => ({ route, status })),
      [
        { route: '/v1/saved-quotes/:id', status: 404 },
        { route: '/v1/catalog', status: 200 },
      ],
    );
    assert.equal(seen[0]?.requestId, 'req-123');
  });

  test('GET /metrics serves what the metrics source gives, in its content type', async () => {
    const withMetrics = createApp({
      db,
      metrics: { contentType: 'text/plain; version=0.0.4', text: async () => 'qk_up 1\n' },
    });
    const res = await withMetrics.request('/metrics');
    assert.equal(await res.text(), 'qk_up 1\n');
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal((await app.request('/metrics')).status, 404);
  });
});

describe('the guessing limit counts wrong guesses only', () => {
  test('orders with a valid code never use up the allowance; wrong codes do', async () => {
    const limited = createApp({
      db,
      clock: () => now,
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
