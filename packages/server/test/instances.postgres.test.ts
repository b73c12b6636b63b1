// Two server processes on one PostgreSQL, requests alternating between them,
// as behind a load balancer: one order per key, one offer-code limit, and
// every read works through either.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createStaffKey, openPostgresDatabase } from '@quotekit/server';
import { cleanEnv, startProcess, type ServerProcess } from './process.js';

const url = process.env.DATABASE_URL || undefined;
const database = `qk_instances_${process.pid}_${Date.now().toString(36)}`;
const skip = url === undefined && 'set DATABASE_URL to run two instances on a PostgreSQL server';

const ORDER = {
  quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
  expectedMonthlyPayment: '95.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('two instances on one PostgreSQL', { skip }, () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let dataDir: string;
  /** The database both instances share. */
  let target = '';
  /** Alternates between the instances, as a round-robin balancer does. */
  let turn = 0;
  const next = () => (turn++ % 2 === 0 ? a : b);

  before(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const address = new URL(url!);
    address.pathname = `/${database}`;
    target = address.href;
    dataDir = await mkdtemp(join(tmpdir(), 'quotekit-instances-'));
    const env = {
      ...cleanEnv(),
      DATABASE_URL: target,
      QUOTEKIT_SIGNING_SECRET: randomBytes(32).toString('base64'),
      TRUST_PROXY: '1',
      LOG_LEVEL: 'silent',
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await startProcess({ ...env, QUOTEKIT_DATA: join(dataDir, 'a') });
    b = await startProcess({ ...env, QUOTEKIT_DATA: join(dataDir, 'b') });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('one Idempotency-Key sent 20 times through both makes one order', async () => {
    const key = `instances-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${next().url}/v1/orders`, json(ORDER, { 'idempotency-key': key })),
      ),
    );
    assert.deepEqual(new Set(answers.map((res) => res.status)), new Set([201]));
    const bodies = await Promise.all(answers.map((res) => res.json()));
    assert.equal(new Set(bodies.map((body) => body.order.id)).size, 1);
    assert.equal(
      answers.filter((res) => res.headers.get('idempotent-replayed') === null).length,
      1,
    );
  });

  test('the offer-code limit of one address holds across both: 30 wrong guesses, then 429 on either', async () => {
    const address = `198.51.100.${(process.pid % 200) + 1}`;
    const guess = (server: ServerProcess, code: string) =>
      fetch(
        `${server.url}/v1/offer-codes/validate`,
        json({ code }, { 'x-forwarded-for': address }),
      );
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => guess(next(), `NOPE${i}`)),
    );
    assert.deepEqual(new Set(answers.map((res) => res.status)), new Set([200]));
    assert.equal((await guess(a, 'NOPE-A')).status, 429);
    assert.equal((await guess(b, 'NOPE-B')).status, 429);
  });

  test('a saved quote, an order (by its receipt) and a click token from one are good on the other', async () => {
    // Saved on one with ACME's partner key: the affiliate is credited, and the other reads it so.
    const db = await openPostgresDatabase({ connectionString: target });
    const { key } = await createStaffKey(db, { name: 'ACME', role: 'partner', partner: 'ACME' });
    await db.close();
    const saved = await (
      await fetch(
        `${a.url}/v1/saved-quotes`,
        json({ quote: ORDER.quote, affiliate: 'ACME' }, { authorization: `Bearer ${key}` }),
      )
    ).json();
    assert.equal(saved.affiliate, 'ACME');
    const read = await fetch(`${b.url}/v1/saved-quotes/${saved.id}`);
    assert.equal(read.status, 200);
    assert.equal((await read.json()).affiliate, 'ACME');

    const { token } = await (
      await fetch(`${b.url}/v1/attribution`, json({ affiliate: 'NORTHWIND' }))
    ).json();
    const placed = await (
      await fetch(
        `${a.url}/v1/orders`,
        json(
          {
            ...ORDER,
            quote: { lines: ORDER.quote.lines },
            expectedMonthlyPayment: '100.00',
            attribution: { affiliate: 'NORTHWIND', method: 'affiliate_url', token },
          },
          { 'idempotency-key': `click-${Date.now()}` },
        ),
      )
    ).json();
    assert.deepEqual(placed.order.attribution, { affiliate: 'NORTHWIND', method: 'affiliate_url' });
    const back = await fetch(`${b.url}/v1/orders/${placed.order.id}`, {
      headers: { authorization: `Bearer ${placed.receiptToken}` },
    });
    assert.equal(back.status, 200);
    assert.equal((await back.json()).order.number, placed.order.number);
  });
  test('2,000 parallel wrong codes from 2,000 addresses across both: at most the 300-a-minute ceiling is answered, and a valid code still is', async () => {
    // 100 keep-alive sockets an instance: as many requests in flight as a
    // balancer would pass on, without the client itself running out of sockets.
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
    const guess = (server: ServerProcess, code: string, address: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ code });
        const req = request(
          `${server.url}/v1/offer-codes/validate`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-forwarded-for': address,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          guess(next(), `WRONG${i}`, `10.${i >> 8}.${i & 255}.7`),
        ),
      );
      const answered = statuses.filter((status) => status === 200).length;
      assert.ok(answered > 0 && answered <= 300, `${answered} wrong codes were answered`);
      assert.equal(statuses.filter((status) => status === 429).length, 2000 - answered);
    } finally {
      agent.destroy();
    }
    const valid = await fetch(
      `${next().url}/v1/offer-codes/validate`,
      json({ code: 'ACME5' }, { 'x-forwarded-for': '192.0.2.200' }),
    );
    assert.equal((await valid.json()).valid, true);
  });
});
