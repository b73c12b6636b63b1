// On Node the order body is read straight off the socket: no web stream is
// built for it, and bodies over the limit are still refused with 413, whether
// their length is declared or they arrive in chunks.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { catalogs, priceQuote } from '@quotekit/core';
import { createApp, createMemoryDatabase } from '@quotekit/server';

const app = createApp({ db: createMemoryDatabase() });
let port = 0;
let server: ReturnType<typeof serve>;
before(async () => {
  await new Promise<void>((done) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done());
  });
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((done) => server.close(() => done())));

const lines = [{ product: 'starter-plus-user', quantity: 3 }];
const order = JSON.stringify({
  quote: { lines },
  expectedMonthlyPayment: priceQuote(catalogs.luxsci, { lines }).totals.monthlyPayment,
  customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  channel: 'web',
});

/** POSTs `chunks` to /v1/orders: with Content-Length when `declared`, else chunked. */
function post(chunks: string[], key: string, declared: boolean) {
  const length = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
  return new Promise<{ status: number; body: { error?: { code: string } } }>((done, fail) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/v1/orders',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          ...(declared ? { 'content-length': length } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', fail);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** How often Node's adapter turned the socket into a web stream while `fn` ran. */
async function webStreamsDuring(fn: () => Promise<unknown>): Promise<number> {
  const toWeb = Readable.toWeb;
  let calls = 0;
  Readable.toWeb = ((...args: Parameters<typeof toWeb>) => {
    calls += 1;
    return toWeb(...args);
  }) as typeof toWeb;
  try {
    await fn();
  } finally {
    Readable.toWeb = toWeb;
  }
  return calls;
}

describe('the order body on Node', () => {
  test('of declared length is read without a web stream and makes the order', async () => {
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    const streams = await webStreamsDuring(async () => {
      answer = await post([order], 'declared-1', true);
    });
    assert.equal(answer?.status, 201);
    assert.equal(streams, 0);
  });

  test('sent in chunks without a length still makes the order', async () => {
    const half = Math.floor(order.length / 2);
    const answer = await post([order.slice(0, half), order.slice(half)], 'chunked-1', false);
    assert.equal(answer.status, 201);
  });

  test('over 64 KB is refused with 413, declared or chunked', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(70_000) });
    const declared = await post([big], 'big-declared', true);
    assert.equal(declared.status, 413);
    assert.equal(declared.body.error?.code, 'payload_too_large');
    const chunked = await post([big.slice(0, 30_000), big.slice(30_000)], 'big-chunked', false);
    assert.equal(chunked.status, 413);
    assert.equal(chunked.body.error?.code, 'payload_too_large');
  });
});
