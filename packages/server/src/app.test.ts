// What every route shares: bad input, CORS, JSON-only bodies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from './app.js';
import { expectError, useApp } from '../test/harness.js';

const h = useApp();

describe('bad input', () => {
  test('answer malformed JSON with 400 invalid_json', async () => {
    await expectError(await h.order('{"quote": '), 400, 'invalid_json');
    await expectError(await h.post('/v1/offer-codes/validate', 'not json'), 400, 'invalid_json');
    await expectError(await h.post('/v1/saved-quotes', ''), 400, 'invalid_json');
  });

  test('answer schema violations with 400 invalid_request and every path', async () => {
    const res = await h.order({
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
    await expectError(await h.post('/v1/offer-codes/validate', big), 413, 'payload_too_large');
    const bytes = new TextEncoder().encode(big);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 8192)
          controller.enqueue(bytes.slice(at, at + 8192));
        controller.close();
      },
    });
    const res = await h.app.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'big' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, 'payload_too_large');
    // Just under the limit is read (and then judged on its content).
    const fits = JSON.stringify({ code: 'x'.repeat(65_536 - 20) });
    assert.ok(new TextEncoder().encode(fits).length <= 65_536);
    assert.equal((await h.post('/v1/offer-codes/validate', fits)).status, 400);
  });

  test('answer unknown routes and methods with 404 not_found', async () => {
    await expectError(await h.app.request('/v2/orders'), 404, 'not_found');
    await expectError(await h.app.request('/v1/orders', { method: 'DELETE' }), 404, 'not_found');
    await expectError(await h.app.request('/'), 404, 'not_found');
  });

  test('answer an unexpected failure with 500 internal_error, without its details', async () => {
    const broken = createApp({
      db: { ...h.db, getOfferCode: () => Promise.reject(new Error('disk on fire')) },
      onError: (error) => h.unexpected.push(error),
    });
    const res = await broken.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ACME5' }),
    });
    const error = await expectError(res, 500, 'internal_error');
    assert.doesNotMatch(error.message, /disk/);
    assert.equal(h.unexpected.length, 1);
  });
});

describe('CORS', () => {
  test('allow the configured origins, with credentials and the Idempotency-Key header', async () => {
    const cors = createApp({ db: h.db, allowedOrigins: ['https://shop.example'] });
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
    const cors = createApp({ db: h.db, allowedOrigins: ['https://shop.example'] });
    const other = await cors.request('/v1/catalog', {
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const plain = await h.app.request('/v1/catalog', {
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });

  test("allow any origin with '*', never with credentials", async () => {
    const cors = createApp({ db: h.db, allowedOrigins: ['*'] });
    const res = await cors.request('/v1/catalog', { headers: { origin: 'https://any.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
  });

  test('never allow Origin: null (a sandboxed frame, a file), even when listed', async () => {
    const cors = createApp({ db: h.db, allowedOrigins: ['null', 'https://shop.example'] });
    const res = await cors.request('/v1/catalog', { headers: { origin: 'null' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});

describe('POST bodies are JSON only', () => {
  test('a form post (or no Content-Type) is 415 unsupported_media_type, and nothing is stored', async () => {
    const before = await h.db.countOrders();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', '']) {
      const res = await h.app.request('/v1/orders', {
        method: 'POST',
        headers: { ...(type ? { 'content-type': type } : {}), 'idempotency-key': `form-${type}` },
        body: JSON.stringify({}),
      });
      assert.equal(res.status, 415, type);
      assert.equal((await res.json()).error.code, 'unsupported_media_type');
    }
    const attribution = await h.app.request('/v1/attribution', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    assert.equal(attribution.status, 415);
    assert.equal(attribution.headers.get('set-cookie'), null);
    assert.equal(await h.db.countOrders(), before);
  });

  test('application/json with a charset is JSON', async () => {
    const res = await h.app.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ code: 'ACME5' }),
    });
    assert.equal(res.status, 200);
  });
});
