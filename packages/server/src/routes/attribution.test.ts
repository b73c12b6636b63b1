// Click tokens: issuing them, and what an order believes of them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../app.js';
import { expectError, START, type App, useApp, webOrder } from '../../test/harness.js';

const h = useApp();

describe('POST /v1/attribution', () => {
  test('record the click and answer a signed token, also set as qk_ref_s for a year: HttpOnly, SameSite=Lax, Path=/', async () => {
    const res = await h.post(
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
    const click = await h.db.getClick(clickId);
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
    const direct = await h.app.request('https://api.example/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.match(direct.headers.get('set-cookie') ?? '', /Secure/);
    // Any client can send X-Forwarded-Proto: without a trusted proxy it is ignored.
    const claimed = await h.post(
      '/v1/attribution',
      { affiliate: 'ACME' },
      { 'x-forwarded-proto': 'https' },
    );
    assert.doesNotMatch(claimed.headers.get('set-cookie') ?? '', /Secure/);
    const behindProxy = createApp({ db: h.db, trustProxy: 1 });
    const proxied = await behindProxy.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.match(proxied.headers.get('set-cookie') ?? '', /Secure/);
  });

  test('count offer-code guesses by the address the trusted proxy saw, not one a client wrote', async () => {
    const guess = (target: App, forwardedFor: string) =>
      target.request('/v1/offer-codes/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ code: 'NOPE1' }),
      });
    const limits = { offerCodeAttemptsPerMinute: 1 };
    // Untrusted: a forged X-Forwarded-For does not give a fresh allowance.
    const direct = createApp({
      db: h.db,
      limits,
      clock: () => h.now,
      clientAddress: () => '10.0.0.1',
    });
    assert.equal((await guess(direct, '1.1.1.1')).status, 200);
    assert.equal((await guess(direct, '2.2.2.2')).status, 429);
    // One trusted proxy: the right-most address is the one it saw.
    const proxied = createApp({
      db: h.db,
      limits,
      clock: () => h.now,
      trustProxy: 1,
      clientAddress: () => '10.0.0.2',
    });
    assert.equal((await guess(proxied, 'forged, 3.3.3.3')).status, 200);
    assert.equal((await guess(proxied, 'other-forgery, 3.3.3.3')).status, 429);
    assert.equal((await guess(proxied, '4.4.4.4')).status, 200);
  });

  test('set nothing for an unknown (422) or malformed (400) affiliate', async () => {
    const unknown = await h.post('/v1/attribution', { affiliate: 'NOBODY' });
    assert.equal(unknown.headers.get('set-cookie'), null);
    await expectError(unknown, 422, 'unknown_affiliate');
    await expectError(
      await h.post('/v1/attribution', { affiliate: 'a;b=c' }),
      400,
      'invalid_request',
    );
  });

  test('a body the schema refuses is 400 invalid_request naming each problem, before any click is counted', async () => {
    const error = await expectError(
      await h.post('/v1/attribution', { affiliate: 7, landingPage: 'x'.repeat(2001) }),
      400,
      'invalid_request',
    );
    assert.match(error.message, /^Invalid attribution request: affiliate .+ \(and 1 more\)\.$/);
    assert.deepEqual(
      (error.details?.problems as Array<{ path: string }>).map((p) => p.path),
      ['affiliate', 'landingPage'],
    );
    // A refused body counts nothing: the whole minute's visits are still there.
    for (let i = 0; i < 60; i++) {
      assert.equal((await h.post('/v1/attribution', { affiliate: 'ACME' })).status, 200);
    }
  });
});

describe('signed attribution: a client carries only what this server issued', () => {
  const refusedOf = async (res: Response) => {
    assert.equal(res.status, 201);
    const { order: placed } = await res.json();
    return { attribution: placed.attribution, refused: placed.attributionRefused };
  };

  test('an unsigned claim, even one naming offer_code, is ignored and the reason kept', async () => {
    const res = await h.order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'offer_code' } }),
    );
    assert.deepEqual(await refusedOf(res), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'unsigned_claim' },
    });
  });

  test('a hand-made qk_ref_s cookie is ignored', async () => {
    const res = await h.order(webOrder(), { cookie: 'qk_ref_s=ACME' });
    assert.deepEqual(await refusedOf(res), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'cookie_unsigned_claim' },
    });
  });

  test('a token altered to name another affiliate, or claimed for another, counts for nothing', async () => {
    const token = await h.clickToken('NORTHWIND');
    const forged = token.replace(/^NORTHWIND:/, 'ACME:');
    const altered = await h.order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token: forged } }),
    );
    assert.deepEqual(await refusedOf(altered), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'invalid_signature' },
    });
    const borrowed = await h.order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } }),
    );
    assert.deepEqual(await refusedOf(borrowed), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'claim_affiliate_mismatch' },
    });
  });

  test('a token from another server (another secret) is not ours', async () => {
    const other = createApp({ db: h.db, clock: () => h.now, signingSecrets: ['another-secret'] });
    const res = await other.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    const { token } = await res.json();
    const placed = await h.order(
      webOrder({}, { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } }),
    );
    assert.equal((await refusedOf(placed)).refused?.reason, 'invalid_signature');
  });

  test('a signed click counts for one calendar year from the visit, then expires', async () => {
    const token = await h.clickToken('ACME');
    const claim = { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } };
    h.now = new Date(START.getTime() + 200 * 86_400_000);
    assert.deepEqual((await refusedOf(await h.order(webOrder({}, claim)))).attribution, {
      affiliate: 'ACME',
      method: 'affiliate_url',
    });
    // 2026-03-02T10:00Z is 05:00 in New York; a year later at 05:00 New York it has expired.
    h.now = new Date('2027-03-02T10:00:00.000Z');
    assert.deepEqual(await refusedOf(await h.order(webOrder({}, claim))), {
      attribution: null,
      refused: { affiliate: 'ACME', reason: 'expired_claim' },
    });
  });

  test('while the secret is rotated, tokens signed with the previous one still count', async () => {
    const old = createApp({ db: h.db, clock: () => h.now, signingSecrets: ['old-secret'] });
    const res = await old.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    const { token } = await res.json();
    const rotated = createApp({
      db: h.db,
      clock: () => h.now,
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
