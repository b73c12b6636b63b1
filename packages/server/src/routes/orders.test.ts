// Placing orders: pricing, idempotency, phone orders, attribution precedence, bad fields.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { OrderResponseSchema } from '@quotekit/core';
import { createStaffKey } from '../staff.js';
import {
  bearer,
  customer,
  expectError,
  SEED_LINES,
  START,
  useApp,
  webOrder,
} from '../../test/harness.js';

const h = useApp();

describe('POST /v1/orders and GET /v1/orders/:id', () => {
  test('price the order on the server, number it, attribute it, and read it back', async () => {
    const res = await h.order(webOrder({ offerCode: 'ACME5' }));
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
    const got = await h.app.request(`/v1/orders/${placed.id}`, {
      headers: bearer(body.receiptToken),
    });
    assert.equal(got.status, 200);
    assert.deepEqual(await got.json(), { order: placed });
  });

  test('price the seed check: 25 Starter Plus users + one Px2 server → 300.00', async () => {
    const res = await h.order(webOrder());
    const { order: placed } = await res.json();
    assert.equal(placed.quote.totals.monthlyPayment, '300.00');
    assert.equal(placed.quote.totals.monthlyValue.affiliate, '250.00');
    assert.equal(placed.attribution, null);
  });

  test('accept the expected payment as a number or with other trailing zeros', async () => {
    assert.equal((await h.order({ ...webOrder(), expectedMonthlyPayment: 300 })).status, 201);
    assert.equal((await h.order({ ...webOrder(), expectedMonthlyPayment: '300.0' })).status, 201);
  });

  test('require an Idempotency-Key: 400 idempotency_key_required', async () => {
    await expectError(await h.post('/v1/orders', webOrder()), 400, 'idempotency_key_required');
    await expectError(
      await h.post('/v1/orders', webOrder(), { 'idempotency-key': '  ' }),
      400,
      'idempotency_key_required',
    );
    const error = await expectError(
      await h.post('/v1/orders', webOrder(), { 'idempotency-key': 'has space' }),
      400,
      'invalid_request',
    );
    assert.deepEqual(error.details?.problems, [
      { path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
    ]);
    assert.equal(await h.db.countOrders(), 0);
  });

  test('answer the same key and body with the same order, never a second one', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const first = await h.post('/v1/orders', webOrder(), headers);
    const again = await h.post('/v1/orders', webOrder(), headers);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    assert.equal(await h.db.countOrders(), 1);
  });

  test('answer a retry with its order even after the offer code was withdrawn', async () => {
    const headers = { 'idempotency-key': 'retry-after-change' };
    const first = await h.post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
    assert.equal(first.status, 201);
    await h.db.putOfferCode({
      code: 'ACME5',
      affiliate: 'ACME',
      discountRate: '0.05',
      active: false,
    });
    const again = await h.post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    // A new key with that code is refused once the server's 30 s memory of valid codes has passed.
    h.now = new Date(START.getTime() + 31_000);
    await expectError(await h.order(webOrder({ offerCode: 'ACME5' })), 422, 'invalid_offer_code');
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
    const first = await h.post('/v1/orders', body(285, 25), headers);
    assert.equal(first.status, 201);
    const again = await h.post('/v1/orders', body('285.00', '25.0'), headers);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await again.json()).order.id, (await first.json()).order.id);
  });

  test('refuse the same key with another body: 422 idempotency_conflict', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    const first = await (await h.post('/v1/orders', webOrder(), headers)).json();
    const other = { ...webOrder(), customer: { name: 'Someone Else', email: 'se@example.com' } };
    const error = await expectError(
      await h.post('/v1/orders', other, headers),
      422,
      'idempotency_conflict',
    );
    // The stored order is not given to whoever guessed or reused the key.
    assert.deepEqual(error.details, { idempotencyKey: 'reused-key' });
    assert.ok(!JSON.stringify(error).includes(first.order.id));
    assert.equal(await h.db.countOrders(), 1);
  });

  test('answer a wrong-price probe the same under a used key and an unused one: 409 price_changed', async () => {
    const used = { 'idempotency-key': 'used-key' };
    assert.equal((await h.post('/v1/orders', webOrder(), used)).status, 201);
    const probe = { ...webOrder(), expectedMonthlyPayment: '1.00' };
    const underUsed = await h.post('/v1/orders', probe, used);
    const underUnused = await h.post('/v1/orders', probe, { 'idempotency-key': 'unused-key' });
    const usedError = await expectError(underUsed, 409, 'price_changed');
    const unusedError = await expectError(underUnused, 409, 'price_changed');
    // Nothing in the answer tells the two keys apart.
    assert.deepEqual(usedError, unusedError);
    assert.equal(underUsed.headers.get('idempotent-replayed'), null);
    assert.equal(await h.db.countOrders(), 1);
  });

  test("answer a different total with 409 price_changed and the server's quote, storing nothing", async () => {
    const headers = { 'idempotency-key': 'stale-price' };
    const stale = { ...webOrder({ offerCode: 'ACME5' }), expectedMonthlyPayment: '300.00' };
    const error = await expectError(
      await h.post('/v1/orders', stale, headers),
      409,
      'price_changed',
    );
    const quote = error.details?.quote as { totals: { monthlyPayment: string }; lines: unknown[] };
    assert.equal(quote.totals.monthlyPayment, '285.00');
    assert.equal(quote.lines.length, 2);
    assert.equal(error.details?.expectedMonthlyPayment, '300.00');
    assert.match(error.message, /is 285\.00 USD, not 300\.00/);
    assert.equal(await h.db.countOrders(), 0);
    // Nothing was stored, so the key is free for the corrected order.
    const retried = await h.post('/v1/orders', webOrder({ offerCode: 'ACME5' }), headers);
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
    [
      '100,000,000 users, over the default maximum of 100,000',
      [{ product: 'starter-plus-user', quantity: 100_000_000 }],
      'invalid_quantity',
    ],
    ['a product twice', [SEED_LINES[0], SEED_LINES[0]], 'invalid_quote'],
  ] as const) {
    test(`refuse ${what} with core's code: 422 ${code}`, async () => {
      const error = await expectError(await h.order(webOrder({ lines })), 422, code);
      assert.equal(typeof error.details?.line, 'number');
      assert.equal(await h.db.countOrders(), 0);
    });
  }

  test('refuse an unknown offer code: 422 invalid_offer_code', async () => {
    await expectError(await h.order(webOrder({ offerCode: 'FAKE10' })), 422, 'invalid_offer_code');
  });

  test('count unknown offer codes in orders against the guessing limit', async () => {
    const headers = { 'x-test-client': '10.9.9.9' };
    for (let i = 0; i < 30; i++) {
      await expectError(
        await h.order(webOrder({ offerCode: `FAKE${i}` }), headers),
        422,
        'invalid_offer_code',
      );
    }
    const refused = await h.order(webOrder({ offerCode: 'NW10' }), headers);
    await expectError(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    // Orders without a code are never limited.
    assert.equal((await h.order(webOrder(), headers)).status, 201);
  });

  describe('phone orders', () => {
    const phone = (rest: Record<string, unknown>, quote: Record<string, unknown> = {}) => ({
      ...webOrder(quote),
      channel: 'phone',
      ...rest,
    });

    let salesKey: string;
    beforeEach(async () => {
      salesKey = (await createStaffKey(h.db, { name: 'Ann Lee', role: 'sales' })).key;
    });

    test('take a phone order with a sales key and an offer code: the rep is the key’s, attributed as a phone order', async () => {
      const res = await h.order(
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
      await expectError(await h.order(body), 401, 'unauthorized');
      await expectError(await h.order(body, bearer('qk_sales_madeup')), 401, 'unauthorized');
      assert.equal(await h.db.countOrders(), 0);
    });

    test('a revoked key places nothing', async () => {
      const made = await createStaffKey(h.db, { name: 'Bo Chen', role: 'sales' });
      await h.db.revokeStaffKey(made.record.id, START.toISOString());
      const body = phone({}, { offerCode: 'NW10' });
      await expectError(await h.order(body, bearer(made.key)), 401, 'unauthorized');
      assert.equal(await h.db.countOrders(), 0);
    });

    for (const [what, quote, details] of [
      ['without an offer code', {}, { missing: ['quote.offerCode'] }],
      ['with an invalid offer code', { offerCode: 'FAKE10' }, { offerCode: 'FAKE10' }],
    ] as const) {
      test(`refuse a phone order ${what}: 422 invalid_phone_order`, async () => {
        const error = await expectError(
          await h.order(phone({}, quote), bearer(salesKey)),
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
        assert.equal(await h.db.countOrders(), 0);
      });
    }
  });

  describe('attribution precedence: offer code, saved quote, body, cookie', () => {
    let savedAcme: string;
    beforeEach(async () => {
      // Made by ACME itself, with its partner key: the quote credits ACME.
      const { key } = await createStaffKey(h.db, {
        name: 'ACME',
        role: 'partner',
        partner: 'ACME',
      });
      savedAcme = (
        await (
          await h.post(
            '/v1/saved-quotes',
            { quote: { lines: SEED_LINES }, affiliate: 'ACME' },
            bearer(key),
          )
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
            : { token: await h.clickToken(c.claimed.affiliate) }),
        };
        const cookie = c.cookie && (await h.clickToken(c.cookie));
        const body = webOrder(quote, claim ? { attribution: claim } : {});
        const res = await h.order(body, cookie ? { cookie: `other=1; qk_ref_s=${cookie}` } : {});
        assert.equal(res.status, 201);
        assert.deepEqual((await res.json()).order.attribution, c.expect);
      });
    }

    test('an expired saved quote attributes nothing', async () => {
      h.now = new Date('2028-01-01T00:00:00.000Z');
      const res = await h.order(webOrder({ savedQuoteId: savedAcme }));
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.equal(placed.savedQuoteId, savedAcme);
    });
  });

  describe('self-referral', () => {
    test("refuse attribution when the customer's email is the affiliate's", async () => {
      const res = await h.order({
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
      const res = await h.order(
        webOrder({}, { customer: { name: 'Bo', email: 'bo@northwind.example' } }),
        { cookie: `qk_ref_s=${await h.clickToken('NORTHWIND')}` },
      );
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.deepEqual(placed.attributionRefused, {
        affiliate: 'NORTHWIND',
        reason: 'self_referral',
      });
    });

    test('compare registrable domains: boss@mail.acme.example is ACME (partner@acme.example)', async () => {
      const res = await h.order({
        ...webOrder({ offerCode: 'ACME5' }),
        customer: { name: 'Boss', email: 'boss@mail.acme.example' },
      });
      const { order: placed } = await res.json();
      assert.equal(placed.attribution, null);
      assert.deepEqual(placed.attributionRefused, { affiliate: 'ACME', reason: 'self_referral' });
    });
  });

  test('answer an unknown order id with 404 not_found', async () => {
    const admin = (await createStaffKey(h.db, { name: 'Admin', role: 'admin' })).key;
    await expectError(
      await h.app.request('/v1/orders/ord_doesnotexist', { headers: bearer(admin) }),
      404,
      'not_found',
    );
    await expectError(
      await h.app.request('/v1/orders/anything', { headers: bearer(admin) }),
      404,
      'not_found',
    );
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
      const before = await h.db.countOrders();
      const error = await expectError(await h.order(body), 400, 'invalid_request');
      const paths = (error.details?.problems as Array<{ path: string }>).map((p) => p.path);
      assert.deepEqual(paths, [field]);
      assert.equal(await h.db.countOrders(), before);
    });
  }
});

describe('a refused qk_ref_s cookie keeps only a reason and a well-formed affiliate id', () => {
  for (const [what, cookie, refused] of [
    ['a NUL byte', 'qk_ref_s=AC%00ME', undefined],
    ['markup', 'qk_ref_s=%3Cb%3EACME%3C%2Fb%3E:1772445600:abc:sig', undefined],
    ['an id over 32 characters', `qk_ref_s=${'A'.repeat(40)}`, undefined],
    ['a well-formed id in lower case', 'qk_ref_s=acme:1:x:y', { affiliate: 'ACME' }],
  ] as const) {
    test(`a cookie with ${what} places the order (201) and stores none of its text`, async () => {
      const res = await h.order(webOrder(), { cookie });
      assert.equal(res.status, 201);
      const { order: placed } = await res.json();
      const stored = await h.db.getOrder(placed.id);
      assert.deepEqual(stored, placed);
      assert.equal(stored?.attribution, null);
      assert.equal(stored?.attributionRefused?.affiliate, refused?.affiliate);
      if (refused) assert.match(stored?.attributionRefused?.reason ?? '', /^cookie_/);
      const text = JSON.stringify(stored);
      assert.ok(!/\\u0000|<b>|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/.test(text), text);
    });
  }
});
