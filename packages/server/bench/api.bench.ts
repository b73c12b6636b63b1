// `npm run bench:api`: a benchmark, not a test. Starts the server on a free
// loopback port with a fresh PGlite directory (or on DATABASE_URL), sends
// 2,000 orders at concurrency 32 with 10 % repeated Idempotency-Keys, prints
// orders/s and p50/p95/p99 latency, and checks that every key made exactly
// one order (0 lost, 0 doubled) by counting rows in the database afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { catalogs, priceQuote } from '@quotekit/core';

const TOTAL = 2_000;
const CONCURRENCY = 32;
const REPEATED = 0.1;
const WARMUP = 1_000;
const databaseUrl = process.env.DATABASE_URL || undefined;

/** A small seeded PRNG, so that every run sends the same mix. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);

const OFFER_CODES = [undefined, 'ACME5', 'NW10'] as const;
const OFFER_RATES = { ACME5: '0.05', NW10: '0.10' } as const;

/** The order body for key number `i`: the same every time that key is sent. */
function orderBody(i: number): string {
  const offerCode = OFFER_CODES[i % 3];
  const lines = [
    { product: 'starter-plus-user', quantity: 1 + (i % 97) },
    ...(i % 4 === 0 ? [{ product: 'dedicated-px2', quantity: 1 }] : []),
  ];
  const quote = priceQuote(catalogs.luxsci, {
    lines,
    ...(offerCode ? { discountRate: OFFER_RATES[offerCode] } : {}),
  });
  return JSON.stringify({
    quote: { lines, ...(offerCode ? { offerCode } : {}) },
    expectedMonthlyPayment: quote.totals.monthlyPayment,
    customer: { name: `Bench Customer ${i}`, email: `customer${i}@bench.example` },
    channel: 'web',
  });
}

/** 2,000 sends: 1,800 distinct keys, and 200 repeats placed after their first send. */
function plan(run: string): Array<{ key: string; body: string }> {
  const distinct = Math.round(TOTAL * (1 - REPEATED));
  const sends = Array.from({ length: distinct }, (_, i) => i);
  for (let r = 0; r < TOTAL - distinct; r++) {
    const i = Math.floor(random() * distinct);
    const first = sends.indexOf(i);
    const at = first + 1 + Math.floor(random() * (sends.length - first));
    sends.splice(at, 0, i);
  }
  const bodies = new Map<number, string>();
  return sends.map((i) => ({
    key: `${run}-${i}`,
    body: bodies.get(i) ?? bodies.set(i, orderBody(i)).get(i)!,
  }));
}

async function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@quotekit/source',
      join(import.meta.dirname, '../src/main.ts'),
    ],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        QUOTEKIT_DATA: dataDir,
        LOG_LEVEL: 'silent',
        ...(databaseUrl
          ? {
              DATABASE_URL: databaseUrl,
              QUOTEKIT_SIGNING_SECRET: randomBytes(32).toString('base64'),
            }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  let listening = false;
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const found = /Order API on (http:\/\/\S+) \((.*)\)/.exec(output);
      if (found && !listening) {
        listening = true;
        console.log(`server: ${found[2]}`);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      agent.destroy();
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM`);
    },
  };
}

// node:http with a keep-alive pool rather than fetch: a lighter client leaves
// more of the two cores to the server being measured.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(url: string, key: string, body: string) {
  const started = performance.now();
  return new Promise<{ status: number; id: string | undefined; ms: number }>((resolve, reject) => {
    const req = request(
      `${url}/v1/orders`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': key,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const json = JSON.parse(text) as { order?: { id: string } };
          resolve({
            status: res.statusCode ?? 0,
            id: json.order?.id,
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `sends` from CONCURRENCY workers at once. */
async function drive(url: string, sends: Array<{ key: string; body: string }>) {
  const results: Array<{ key: string; status: number; id: string | undefined; ms: number }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < sends.length) {
        const { key, body } = sends[next++]!;
        results.push({ key, ...(await send(url, key, body)) });
      }
    }),
  );
  return results;
}

async function countOrders(dataDir: string, prefix: string): Promise<number> {
  const sql = 'SELECT count(*)::int AS n FROM qk_orders WHERE idempotency_key LIKE $1';
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, [`${prefix}-%`])).rows[0].n;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create({ dataDir });
  try {
    return (await db.query<{ n: number }>(sql, [`${prefix}-%`])).rows[0]!.n;
  } finally {
    await db.close();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-bench-'));
let failed = false;
try {
  const server = await startServer(dataDir);
  const run = `bench-${Date.now().toString(36)}`;
  // Warm-up at full concurrency, with keys of its own: lets the JIT settle.
  await drive(
    server.url,
    Array.from({ length: WARMUP }, (_, i) => ({ key: `${run}w-${i}`, body: orderBody(i) })),
  );

  const sends = plan(run);
  const started = performance.now();
  const results = await drive(server.url, sends);
  const seconds = (performance.now() - started) / 1000;
  await server.stop();

  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const keys = new Set(sends.map((s) => s.key));
  const idsByKey = new Map<string, Set<string>>();
  for (const r of results) {
    if (r.id) idsByKey.set(r.key, (idsByKey.get(r.key) ?? new Set()).add(r.id));
  }
  const notCreated = results.filter((r) => r.status !== 201).length;
  const lost = [...keys].filter((key) => !idsByKey.has(key)).length;
  const split = [...idsByKey.values()].filter((ids) => ids.size > 1).length;
  const stored = await countOrders(dataDir, run);
  const doubled = stored - keys.size + lost;

  const rate = TOTAL / seconds;
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(latencies, p)) as [
    number,
    number,
    number,
  ];
  console.log(
    `${TOTAL} orders (${keys.size} distinct keys, ${TOTAL - keys.size} repeats), concurrency ${CONCURRENCY}`,
  );
  console.log(`${rate.toFixed(0)} orders/s in ${seconds.toFixed(2)} s`);
  console.log(
    `latency p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
  );
  console.log(
    `${stored} orders stored for ${keys.size} keys: ${lost} lost, ${Math.max(0, doubled)} doubled, ` +
      `${split} keys answered with two ids, ${notCreated} answers other than 201`,
  );
  console.log(
    `aim ≥ 500 orders/s and p99 ≤ 100 ms: ${rate >= 500 && p99 <= 100 ? 'met' : 'not met on this run'}`,
  );
  failed = lost > 0 || doubled !== 0 || split > 0 || notCreated > 0 || stored !== keys.size;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
if (failed) {
  console.error('FAILED: orders were lost or doubled.');
  process.exit(1);
}
