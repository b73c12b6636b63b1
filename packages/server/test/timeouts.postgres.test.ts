// A PostgreSQL server that stops answering (frozen, a network cut) must not
// hang the Order API: orders fail within the statement timeout, /readyz
// answers 503 within 2 s, and SIGTERM stops the process by its deadline.
// A real server process talks to PostgreSQL through a TCP proxy in this test
// that can stop forwarding bytes, as a frozen server looks from outside.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { cleanEnv, startProcess, type ServerProcess } from './process.js';

const url = process.env.DATABASE_URL || undefined;
const database = `qk_timeouts_${process.pid}_${Date.now().toString(36)}`;
const skip = url === undefined && 'set DATABASE_URL to run it against a PostgreSQL server';

const STATEMENT_TIMEOUT_MS = 1_000;
const SHUTDOWN_TIMEOUT_MS = 3_000;
/** What a loaded machine adds to a timer in a child process and its HTTP round trip. */
const SLACK_MS = 1_000;

const ORDER = {
  quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
  expectedMonthlyPayment: '200.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};
const order = (base: string, key: string) =>
  fetch(`${base}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(ORDER),
  });

/** A TCP proxy to `target` that, once paused, holds every byte either way and never closes a side. */
function pausableProxy(target: { host: string; port: number }) {
  let paused = false;
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (!paused) to.write(chunk);
    });
    from.on('end', () => paused || to.end());
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  return {
    listen: () =>
      new Promise<number>((done) =>
        server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)),
      ),
    pause() {
      paused = true;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('PostgreSQL that stops answering', { skip }, () => {
  let proxy: ReturnType<typeof pausableProxy>;
  /** Short statement timeout. */
  let server: ServerProcess;
  /** A statement timeout far beyond its shutdown deadline: the deadline is what stops it. */
  let patient: ServerProcess;
  let dataDir: string;

  before(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const target = new URL(url!);
    proxy = pausableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(url!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(await proxy.listen());
    proxied.pathname = `/${database}`;
    dataDir = await mkdtemp(join(tmpdir(), 'quotekit-timeouts-'));
    const env = {
      ...cleanEnv(),
      DATABASE_URL: proxied.href,
      QUOTEKIT_DATA: dataDir,
      QUOTEKIT_SIGNING_SECRET: randomBytes(32).toString('base64'),
      QUOTEKIT_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'silent',
    };
    // One after the other: the first migrates and seeds.
    server = await startProcess({
      ...env,
      QUOTEKIT_PG_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      QUOTEKIT_PG_CONNECT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    patient = await startProcess({ ...env, QUOTEKIT_PG_STATEMENT_TIMEOUT_MS: '60000' });
  });

  after(async () => {
    await Promise.all([server?.stop(), patient?.stop()]);
    proxy?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('with the database frozen: an order fails with a JSON 5xx within the statement timeout, /readyz answers 503 within 2 s, SIGTERM stops each process by its deadline', async () => {
    // Answering before the freeze: the timeouts are not what fails.
    assert.equal((await order(server.url, 'timeouts-before')).status, 201);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${patient.url}/readyz`)).status, 200);

    proxy.pause();

    let started = performance.now();
    const res = await order(server.url, 'timeouts-frozen');
    const orderMs = performance.now() - started;
    assert.ok(res.status >= 500 && res.status < 600, `answered ${res.status}`);
    const body = (await res.json()) as { error?: { code?: unknown } };
    assert.equal(typeof body.error?.code, 'string');
    // The statement timeout, the half second the client waits beyond it, slack.
    assert.ok(
      orderMs < STATEMENT_TIMEOUT_MS + 500 + SLACK_MS,
      `the order took ${Math.round(orderMs)} ms`,
    );

    for (const each of [server, patient]) {
      started = performance.now();
      const ready = await fetch(`${each.url}/readyz`);
      const readyMs = performance.now() - started;
      assert.equal(ready.status, 503);
      assert.ok(readyMs < 2_000, `/readyz took ${Math.round(readyMs)} ms`);
    }

    // Orders in flight on a database that does not answer.
    const inFlight = [server, patient].map((each, i) =>
      order(each.url, `timeouts-in-flight-${i}`).catch(() => undefined),
    );
    await new Promise((done) => setTimeout(done, 100));
    started = performance.now();
    const codes = await Promise.all(
      [server, patient].map((each) =>
        each.stop().then((code) => ({ code, ms: performance.now() - started })),
      ),
    );
    await Promise.all(inFlight);
    for (const { ms } of codes) {
      assert.ok(ms < SHUTDOWN_TIMEOUT_MS + SLACK_MS, `SIGTERM took ${Math.round(ms)} ms`);
    }
    // Its order holds a connection for a minute: only the deadline ended it.
    assert.equal(codes[1]!.code, 1);
    assert.match(patient.output(), /Not stopped after 3000 ms/);
  });
});
