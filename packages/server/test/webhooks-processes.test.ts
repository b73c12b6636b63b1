// Webhooks with real server processes and a real receiver process: a server
// killed with SIGKILL while an order's delivery is under way still delivers
// it after a restart (PGlite on a data directory, and PostgreSQL), and two
// instances on one PostgreSQL deliver each event exactly once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openPGliteDatabase, openPostgresDatabase, type Database } from '@quotekit/server';
import { createStaffKey } from '../src/staff.js';
import { webOrder } from './harness.js';
import { pgSkip, pgUrl } from './postgres.js';
import { cleanEnv, post, startProcess, type ServerProcess } from './process.js';
import { startReceiver, type Receiver } from './webhook-harness.js';

const SERVER_ENV = {
  QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE: '1',
  // A crashed instance's claim on the endpoint lapses after 2 s, not 60.
  QUOTEKIT_WEBHOOKS_LEASE_MS: '2000',
  QUOTEKIT_WEBHOOKS_POLL_MS: '200',
  QUOTEKIT_LOCK_STALE_MS: '2000',
  LOG_LEVEL: 'silent',
};

/** An admin key written into `db` before any server runs on it. */
async function adminKey(db: Database): Promise<string> {
  try {
    return (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
  } finally {
    await db.close();
  }
}

async function register(server: ServerProcess, key: string, receiver: Receiver) {
  const res = await post(
    `${server.url}/v1/webhook-endpoints`,
    { url: receiver.hookUrl, events: ['order.created'] },
    { authorization: `Bearer ${key}` },
  );
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  await receiver.setSecret(body.secret);
  return body.endpoint.id as string;
}

let orders = 0;
async function placeOrder(server: ServerProcess): Promise<string> {
  const res = await post(`${server.url}/v1/orders`, webOrder(), {
    'idempotency-key': `process-${process.pid}-${++orders}`,
  });
  assert.equal(res.status, 201);
  return (await res.json()).order.id;
}

/**
 * Starts a server, holds its first delivery unanswered at the receiver,
 * kills the server, starts it again: the order still arrives, verified.
 */
async function crashAndRestart(env: NodeJS.ProcessEnv, key: string, receiver: Receiver) {
  const first = await startProcess(env);
  try {
    await register(first, key, receiver);
    await receiver.plan([], 1);
    const orderId = await placeOrder(first);
    // The delivery has reached the receiver, which does not answer.
    await receiver.waitFor((r) => r.requests >= 1);
    await first.crash();
    assert.equal((await receiver.received()).verified.length, 0);
    const second = await startProcess(env);
    try {
      const received = await receiver.waitFor((r) => r.verified.length >= 1);
      assert.deepEqual(
        received.verified.map((event) => [event.type, event.body.data.id]),
        [['order.created', orderId]],
      );
    } finally {
      await second.stop();
    }
  } finally {
    await first.crash();
  }
}

describe('a server killed after an order’s 201 delivers it after a restart', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver?.stop());

  test('PGlite on a data directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quotekit-webhooks-'));
    try {
      const key = await adminKey(await openPGliteDatabase({ dataDir: dir }));
      await crashAndRestart({ ...cleanEnv(), ...SERVER_ENV, QUOTEKIT_DATA: dir }, key, receiver);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('webhooks on PostgreSQL', { skip: pgSkip }, () => {
  let receiver: Receiver;
  const databases: string[] = [];
  let dir: string;
  const secret = randomBytes(32).toString('base64');

  /** A fresh database on the server, dropped after the suite, with an admin key in it. */
  async function freshDatabase(): Promise<{ url: string; key: string }> {
    const name = `qk_webhooks_${process.pid}_${Date.now().toString(36)}_${databases.length}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databases.push(name);
    const target = new URL(pgUrl!);
    target.pathname = `/${name}`;
    const key = await adminKey(await openPostgresDatabase({ connectionString: target.href }));
    return { url: target.href, key };
  }
  const envFor = (url: string, name: string) => ({
    ...cleanEnv(),
    ...SERVER_ENV,
    DATABASE_URL: url,
    QUOTEKIT_SIGNING_SECRET: secret,
    QUOTEKIT_DATA: join(dir, name),
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quotekit-webhooks-pg-'));
  });
  after(async () => {
    receiver?.stop();
    await rm(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  test('a server killed after an order’s 201 delivers it after a restart', async () => {
    receiver = await startReceiver();
    const { url, key } = await freshDatabase();
    await crashAndRestart(envFor(url, 'crash'), key, receiver);
    receiver.stop();
  });

  test('two instances deliver each of 40 events exactly once to a receiver that counts', async () => {
    receiver = await startReceiver();
    const { url, key } = await freshDatabase();
    const a = await startProcess(envFor(url, 'a'));
    const b = await startProcess(envFor(url, 'b'));
    try {
      const endpoint = await register(a, key, receiver);
      const placed: string[] = [];
      for (let i = 0; i < 40; i++) placed.push(await placeOrder(i % 2 === 0 ? a : b));
      await receiver.waitFor((r) => r.verified.length >= 40);
      // Every delivery is recorded delivered before the count is final.
      for (;;) {
        const res = await fetch(
          `${b.url}/v1/webhook-deliveries?endpoint=${endpoint}&status=pending`,
          { headers: { authorization: `Bearer ${key}` } },
        );
        if ((await res.json()).deliveries.length === 0) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      const received = await receiver.received();
      assert.equal(received.requests, 40, 'one request per event');
      assert.equal(received.rejected, 0);
      assert.deepEqual(
        received.verified.map((event) => event.body.data.id).sort(),
        [...placed].sort(),
      );
      assert.equal(new Set(received.verified.map((event) => event.id)).size, 40);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      receiver.stop();
    }
  });
});
