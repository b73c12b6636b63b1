// Running the server for real: its catalog file, its signing secret across
// restarts, its logs and its metrics. Each test starts main.ts processes on
// a fresh PGlite directory.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { catalogs } from '@quotekit/core';
import { cleanEnv, post, startProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-operations-'));
after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const dataDir = () => join(root, `data-${++dirs}`);

const ORDER = {
  quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
  expectedMonthlyPayment: '200.00',
  customer: { name: 'Zelda Quinterro', email: 'zelda.q@private.example', phone: '+1 555 0100' },
  channel: 'web',
};

describe('QUOTEKIT_CATALOG', () => {
  test('a bad catalog file stops the start, listing every problem', async () => {
    const file = join(root, 'bad-catalog.json');
    const bad = structuredClone(catalogs.luxsci) as unknown as {
      currency: string;
      products: Array<Record<string, unknown>>;
    };
    bad.currency = 'dollars';
    bad.products[0]!.price = { model: 'flat', amount: '-5' };
    await writeFile(file, JSON.stringify(bad));
    const started = startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_CATALOG: file,
    });
    const error = (await started.then(
      () => assert.fail('started on a bad catalog'),
      (e: unknown) => e,
    )) as { code: number; output: string };
    assert.notEqual(error.code, 0);
    assert.match(error.output, /is not a valid catalog/);
    assert.match(error.output, /currency/);
    assert.match(error.output, /products\.0\.price/);
  });

  test('a changed file and a restart change prices; orders priced on the old version get 409 price_changed', async () => {
    const file = join(root, 'catalog.json');
    const data = dataDir();
    await writeFile(file, JSON.stringify(catalogs.luxsci));
    const first = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: data,
      QUOTEKIT_CATALOG: file,
    });
    const etag = (await fetch(`${first.url}/v1/catalog`)).headers.get('etag');
    const placed = await post(`${first.url}/v1/orders`, ORDER, { 'idempotency-key': 'cat-1' });
    assert.equal(placed.status, 201);
    assert.equal(`"${(await placed.json()).order.catalogVersion}"`, etag);
    await first.stop();

    const dearer = structuredClone(catalogs.luxsci);
    dearer.products.find((p) => p.id === 'dedicated-px2')!.price = {
      model: 'flat',
      amount: '210.00',
    };
    await writeFile(file, JSON.stringify(dearer));
    const second = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: data,
      QUOTEKIT_CATALOG: file,
    });
    try {
      const catalog = await fetch(`${second.url}/v1/catalog`, {
        headers: { 'if-none-match': etag! },
      });
      assert.equal(catalog.status, 200);
      assert.notEqual(catalog.headers.get('etag'), etag);
      const stale = await post(`${second.url}/v1/orders`, ORDER, { 'idempotency-key': 'cat-2' });
      assert.equal(stale.status, 409);
      assert.equal((await stale.json()).error.details.monthlyPayment, '210.00');
    } finally {
      await second.stop();
    }
  });
});

describe('the signing secret', () => {
  test('is kept in the data directory, so a click token outlives a restart', async () => {
    const data = dataDir();
    const first = await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: data });
    const { token } = await (
      await post(`${first.url}/v1/attribution`, { affiliate: 'ACME' })
    ).json();
    await first.stop();
    const second = await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: data });
    try {
      const res = await post(
        `${second.url}/v1/orders`,
        { ...ORDER, attribution: { affiliate: 'ACME', method: 'affiliate_url', token } },
        { 'idempotency-key': 'secret-1' },
      );
      assert.deepEqual((await res.json()).order.attribution, {
        affiliate: 'ACME',
        method: 'affiliate_url',
      });
    } finally {
      await second.stop();
    }
  });

  test('PostgreSQL without QUOTEKIT_SIGNING_SECRET does not start', async () => {
    const started = startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    const error = (await started.then(
      () => assert.fail('started without a secret'),
      (e: unknown) => e,
    )) as { output: string };
    assert.match(error.output, /QUOTEKIT_SIGNING_SECRET is required with DATABASE_URL/);
  });
});

describe('logs and metrics', () => {
  test('JSON lines with a request id, and no customer data even when a request fails', async () => {
    const server = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      LOG_LEVEL: 'info',
      QUOTEKIT_METRICS_TOKEN: 'operations-scraper',
    });
    try {
      await post(`${server.url}/v1/orders`, ORDER, {
        'idempotency-key': 'log-1',
        'x-request-id': 'trace-abc',
      });
      await post(
        `${server.url}/v1/orders`,
        { ...ORDER, customer: { ...ORDER.customer, name: 'Zelda\u0000Quinterro' } },
        {
          'idempotency-key': 'log-2',
        },
      );
      await post(
        `${server.url}/v1/orders`,
        { ...ORDER, attribution: { affiliate: 'ACME', method: 'offer_code' } },
        {
          'idempotency-key': 'log-3',
        },
      );
      const metrics = await (
        await fetch(`${server.url}/metrics`, {
          headers: { authorization: 'Bearer operations-scraper' },
        })
      ).text();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const requests = lines.filter((line) => line.msg === 'request');
      assert.ok(requests.length >= 3);
      assert.ok(
        requests.every((line) => typeof line.requestId === 'string' && line.requestId !== ''),
      );
      assert.ok(
        requests.some((line) => line.requestId === 'trace-abc' && line.route === '/v1/orders'),
      );
      assert.ok(
        lines.some(
          (line) => line.msg === 'attribution claim refused' && line.reason === 'unsigned_claim',
        ),
      );
      const all = server.output();
      for (const secret of ['Zelda', 'Quinterro', 'zelda.q@private.example', '555 0100']) {
        assert.ok(!all.includes(secret), `${secret} must not be logged`);
      }
      // Metrics: requests by route and status, latency, orders, refused claims.
      assert.match(
        metrics,
        /quotekit_http_requests_total\{method="POST",route="\/v1\/orders",status="201"\} 2/,
      );
      assert.match(
        metrics,
        /quotekit_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/v1\/orders"\}/,
      );
      assert.match(metrics, /quotekit_orders_total\{channel="web",attributed="false"\} 2/);
      assert.match(metrics, /quotekit_attribution_refused_total\{reason="unsigned_claim"\} 1/);
      assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: 'ready' });
    } finally {
      await server.stop();
    }
  });
});
