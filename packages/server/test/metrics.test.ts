// `/metrics` counts orders by channel and affiliate: it is never on the
// public port for anyone to read. Each test starts main.ts on fresh PGlite.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanEnv, startProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-metrics-'));
after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const dataDir = () => join(root, `data-${++dirs}`);

const ORDER_COUNT = /quotekit_orders_total\{channel="web",attributed="false"\} 1/;
const placeOrder = (url: string) =>
  fetch(`${url}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'metrics-1' },
    body: JSON.stringify({
      quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
      expectedMonthlyPayment: '200.00',
      customer: { name: 'Ann Lee', email: 'ann@example.com' },
      channel: 'web',
    }),
  });

describe('GET /metrics', () => {
  test('is not served on the API port when neither a metrics port nor a token is set', async () => {
    const server = await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: dataDir() });
    try {
      assert.equal((await placeOrder(server.url)).status, 201);
      const res = await fetch(`${server.url}/metrics`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(await res.text(), /quotekit_orders_total/);
      assert.match(
        server.output(),
        /Metrics off: set QUOTEKIT_METRICS_PORT or QUOTEKIT_METRICS_TOKEN/,
      );
    } finally {
      await server.stop();
    }
  });

  test('with QUOTEKIT_METRICS_TOKEN, answers 401 without the bearer token and the counts with it', async () => {
    const server = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_METRICS_TOKEN: 'scraper-token-1',
    });
    try {
      assert.equal((await placeOrder(server.url)).status, 201);
      const anonymous = await fetch(`${server.url}/metrics`);
      assert.equal(anonymous.status, 401);
      assert.doesNotMatch(await anonymous.text(), /quotekit_orders_total/);
      const wrong = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer scraper-token-2' },
      });
      assert.equal(wrong.status, 401);
      const right = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer scraper-token-1' },
      });
      assert.equal(right.status, 200);
      const scraped = await right.text();
      assert.match(scraped, ORDER_COUNT);
      // Read from the database at scrape: the one order placed is not attributed.
      assert.match(scraped, /^quotekit_attribution_examined_orders 0$/m);
      assert.match(scraped, /^quotekit_attribution_flagged_orders\{signal="reused_click"\} 0$/m);
    } finally {
      await server.stop();
    }
  });

  test('with QUOTEKIT_METRICS_PORT, is served on that port only', async () => {
    const server = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_METRICS_PORT: '0',
    });
    try {
      const metricsUrl = /Metrics on (http:\/\/\S+\/metrics)/.exec(server.output())?.[1];
      assert.ok(metricsUrl, 'the start-up log names the metrics address');
      assert.notEqual(new URL(metricsUrl).port, new URL(server.url).port);
      assert.equal((await placeOrder(server.url)).status, 201);
      assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
      const res = await fetch(metricsUrl);
      assert.equal(res.status, 200);
      assert.match(await res.text(), ORDER_COUNT);
      assert.equal((await fetch(metricsUrl.replace('/metrics', '/v1/catalog'))).status, 404);
    } finally {
      await server.stop();
    }
  });

  test('QUOTEKIT_METRICS_PORT that is not a port stops the start with exit code 1', async () => {
    const error = (await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_METRICS_PORT: 'nine',
    }).then(
      () => assert.fail('started with a bad metrics port'),
      (e: unknown) => e,
    )) as { code: number; output: string };
    assert.equal(error.code, 1);
    assert.match(error.output, /did not start: QUOTEKIT_METRICS_PORT must be a port number/);
  });
});
