// `npm run bench:api`: a benchmark, not a test. Starts the server on a free
// loopback port with a fresh PGlite directory (or on DATABASE_URL), sends
// 2,000 orders at concurrency 32 with 10 % repeated Idempotency-Keys, prints
// orders/s and p50/p95/p99 latency, and checks that every key made exactly
// one order (0 lost, 0 doubled) by counting rows in the database afterwards.
//
//   --against <git ref>  also runs the server as it was at that commit (from a
//                        temporary git worktree), the two measured in turns in
//                        one run, and prints the after/before ratio
//   --rounds <n>         measured rounds per server (default 3; the median is reported)
//   --short              a few hundred orders, one round: checks nothing is lost or
//                        doubled (`npm test` runs this), timings indicative only
//   --write              writes the run's table into packages/server/README.md,
//                        between the markers of the database it ran on
//   --no-webhook         skips the run of this tree with one webhook endpoint
//                        registered (on by default, in --short too): a loopback
//                        receiver that answers 200 gets every order.created; each
//                        round waits until every order's event arrived (or fails)
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { catalogs, priceQuote } from '@quotekit/core';
import { openPGliteDatabase } from '../src/db/pglite.js';
import { openPostgresDatabase } from '../src/db/postgres.js';
import { createStaffKey } from '../src/staff.js';
import { writeReadmeBlock } from '../../../scripts/readme-block.mjs';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const SHORT = args.includes('--short');
const WRITE = args.includes('--write') && !SHORT;
const AGAINST = option('--against');
const ROUNDS = SHORT ? 1 : Number(option('--rounds') ?? 3);
const TOTAL = SHORT ? 300 : 2_000;
const CONCURRENCY = 32;
const REPEATED = 0.1;
const WARMUP = SHORT ? 100 : 1_000;
const databaseUrl = process.env.DATABASE_URL || undefined;
const WEBHOOK = !args.includes('--no-webhook');
/** The name of the run with one webhook endpoint registered. */
const HOOKED = 'this tree, 1 webhook endpoint';
/** How long a round waits for its orders' events to reach the receiver. */
const DELIVERY_WAIT_MS = 120_000;

/**
 * On PostgreSQL each server measured gets a schema of its own, named after
 * its data directory and made afresh for the run, so that servers from
 * different commits never share tables (nor migrate each other's).
 */
const schemaOf = (dataDir: string) => `qk_bench_${process.pid}_${basename(dataDir)}`;
function databaseUrlOf(dataDir: string): string {
  const url = new URL(databaseUrl!);
  url.searchParams.set('options', `-c search_path=${schemaOf(dataDir)}`);
  return url.href;
}
async function onDatabase(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
const SIGNING_SECRET = 'c2lnbmluZy1zZWNyZXQtZm9yLXRoZS1iZW5jaG1hcmstMzItYnl0ZXM=';

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

/**
 * A git worktree of `ref` beside this one, for `--against`: its node_modules
 * links to this checkout's packages from the registry, and its own workspace
 * packages, so the server there runs entirely as it was.
 */
async function checkout(ref: string): Promise<{ root: string; remove: () => Promise<void> }> {
  const here = join(import.meta.dirname, '../../..');
  const root = await mkdtemp(join(tmpdir(), 'quotekit-bench-against-'));
  execFileSync('git', ['worktree', 'add', '--detach', root, ref], { cwd: here, stdio: 'ignore' });
  await mkdir(join(root, 'node_modules/@quotekit'), { recursive: true });
  for (const entry of await readdir(join(here, 'node_modules'))) {
    if (entry !== '@quotekit')
      await symlink(join(here, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  for (const pkg of await readdir(join(root, 'packages'))) {
    await symlink(join(root, 'packages', pkg), join(root, 'node_modules/@quotekit', pkg));
  }
  return {
    root,
    async remove() {
      execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: here, stdio: 'ignore' });
    },
  };
}

/** Clock ticks a second, for the CPU times in /proc (Linux); NaN elsewhere. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return NaN;
  }
})();

/**
 * The CPU time a process has used, user and system, in ms (NaN where /proc
 * is missing): unlike orders/s it hardly moves when other work shares the machine.
 */
async function cpuMsOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return NaN;
  }
}

async function startServer(
  dataDir: string,
  root = join(import.meta.dirname, '../../..'),
  env: Record<string, string> = {},
): Promise<{ url: string; cpuMs: () => Promise<number>; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@quotekit/source', join(root, 'packages/server/src/main.ts')],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        QUOTEKIT_DATA: dataDir,
        LOG_LEVEL: 'silent',
        ...(databaseUrl
          ? { DATABASE_URL: databaseUrlOf(dataDir), QUOTEKIT_SIGNING_SECRET: SIGNING_SECRET }
          : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: root,
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
        console.log(
          `server${root === join(import.meta.dirname, '../../..') ? '' : ` at ${AGAINST}`}: ${found[2]}`,
        );
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    cpuMs: () => cpuMsOf(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM`);
    },
  };
}

/**
 * The webhook endpoint of the hooked run: a loopback server that answers
 * 200 to every delivery and counts events once by their `webhook-id`.
 */
async function startReceiver() {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = req.headers['webhook-id'];
      if (typeof id === 'string') seen.add(id);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/quotekit`,
    received: () => seen.size,
    /** Resolves once `count` events arrived in all; false after `ms` without. */
    async until(count: number, ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (seen.size < count) {
        if (Date.now() > deadline) return false;
        await new Promise((done) => setTimeout(done, 50));
      }
      return true;
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** An admin key in the hooked run's database, made before its server first starts (PGlite has one process a directory). */
async function adminKeyFor(dataDir: string): Promise<string> {
  const db = databaseUrl
    ? await openPostgresDatabase({ connectionString: databaseUrl, schema: schemaOf(dataDir) })
    : await openPGliteDatabase({ dataDir });
  try {
    return (await createStaffKey(db, { name: 'Benchmark', role: 'admin' })).key;
  } finally {
    await db.close();
  }
}

/** Registers the receiver for `order.created` through the API, as a vendor would. */
async function registerEndpoint(url: string, key: string, receiver: string): Promise<void> {
  const res = await fetch(`${url}/v1/webhook-endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ url: receiver, events: ['order.created'], description: 'benchmark' }),
  });
  if (res.status !== 201)
    throw new Error(`registering the endpoint: ${res.status} ${await res.text()}`);
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
    const client = new pg.Client({ connectionString: databaseUrlOf(dataDir) });
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

interface Round {
  rate: number;
  cpuMsPerOrder: number;
  p50: number;
  p95: number;
  p99: number;
  lost: number;
  doubled: number;
  split: number;
  notCreated: number;
  /** The hooked run: orders whose event had not arrived when the round gave up waiting. */
  undelivered: number;
}

type Sent = {
  sends: Array<{ key: string; body: string }>;
  results: Awaited<ReturnType<typeof drive>>;
  seconds: number;
  /** Server CPU time (user and system) over the round, per order sent. */
  cpuMsPerOrder: number;
};

/** One measured round on a running server: `TOTAL` sends. */
async function measure(
  server: { url: string; cpuMs: () => Promise<number> },
  run: string,
): Promise<Sent> {
  const sends = plan(run);
  const cpuBefore = await server.cpuMs();
  const started = performance.now();
  const results = await drive(server.url, sends);
  const seconds = (performance.now() - started) / 1000;
  return { sends, results, seconds, cpuMsPerOrder: ((await server.cpuMs()) - cpuBefore) / TOTAL };
}

/** A round's figures, with the orders counted in the database once its server has stopped. */
async function tally(
  { sends, results, seconds, cpuMsPerOrder }: Sent,
  dataDir: string,
  run: string,
): Promise<Round> {
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const keys = new Set(sends.map((s) => s.key));
  const idsByKey = new Map<string, Set<string>>();
  for (const r of results) {
    if (r.id) idsByKey.set(r.key, (idsByKey.get(r.key) ?? new Set()).add(r.id));
  }
  const lost = [...keys].filter((key) => !idsByKey.has(key)).length;
  const stored = await countOrders(dataDir, run);
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(latencies, p)) as [
    number,
    number,
    number,
  ];
  return {
    rate: TOTAL / seconds,
    cpuMsPerOrder,
    p50,
    p95,
    p99,
    lost,
    doubled: stored - keys.size + lost,
    split: [...idsByKey.values()].filter((ids) => ids.size > 1).length,
    notCreated: results.filter((r) => r.status !== 201).length,
    undelivered: 0,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The round with the median rate, and the losses of every round. */
function summary(rounds: Round[]): Round {
  const mid = [...rounds].sort((a, b) => a.rate - b.rate)[Math.floor(rounds.length / 2)]!;
  const sum = (key: 'lost' | 'doubled' | 'split' | 'notCreated' | 'undelivered') =>
    rounds.reduce((n, r) => n + r[key], 0);
  return {
    ...mid,
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    p99: median(rounds.map((r) => r.p99)),
    cpuMsPerOrder: median(rounds.map((r) => r.cpuMsPerOrder)),
    lost: sum('lost'),
    doubled: sum('doubled'),
    split: sum('split'),
    notCreated: sum('notCreated'),
    undelivered: sum('undelivered'),
  };
}

const cpu = (r: Round) =>
  Number.isNaN(r.cpuMsPerOrder) ? 'n/a' : `${r.cpuMsPerOrder.toFixed(2)} ms`;
const line = (name: string, r: Round) =>
  `${name.padEnd(10)} ${r.rate.toFixed(0).padStart(6)} orders/s   p50 ${r.p50.toFixed(1)} ms, ` +
  `p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms   server CPU ${cpu(r)}/order   ${r.lost} lost, ${Math.max(0, r.doubled)} doubled` +
  (r.split + r.notCreated > 0
    ? `, ${r.split} keys with two ids, ${r.notCreated} answers other than 201`
    : '') +
  (r.undelivered > 0 ? `, ${r.undelivered} order.created events not delivered` : '');

/** `a` against `b`: the ratios of orders/s, p99 and server CPU per order. */
const ratios = (a: Round, b: Round) =>
  `${(a.rate / b.rate).toFixed(2)}× the orders/s, p99 ${(a.p99 / b.p99).toFixed(2)}×, ` +
  `server CPU per order ${(a.cpuMsPerOrder / b.cpuMsPerOrder).toFixed(2)}×`;

const README = join(import.meta.dirname, '../README.md');
const git = (...gitArgs: string[]) =>
  execFileSync('git', gitArgs, { cwd: import.meta.dirname, encoding: 'utf8' }).trim();

/** The database's name and version, as the README's table states it. */
async function databaseName(): Promise<string> {
  if (!databaseUrl) return 'PGlite, in the server process';
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const version = String((await client.query('SHOW server_version')).rows[0].server_version);
    return `PostgreSQL ${version.split(' ')[0]}`;
  } finally {
    await client.end();
  }
}

const thousands = (n: number) => n.toLocaleString('en-US');

/**
 * Writes the run's table into the server README between
 * `<!-- bench:<database>:start -->` and `<!-- bench:<database>:end -->`,
 * formatted as prettier would, so the file stays as `npm run format` leaves it.
 */
async function writeReadme(
  results: ReadonlyArray<readonly [string, Round]>,
  context: { load: number; started: Date; label: (name: string) => string },
): Promise<void> {
  const which = databaseUrl ? 'postgres' : 'pglite';
  const distinct = Math.round(TOTAL * (1 - REPEATED)) * ROUNDS;
  const rows = results.map(
    ([name, r]) =>
      `| ${context.label(name)} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpu(r)} | ` +
      `${thousands(distinct)} keys: ${r.lost} lost, ${Math.max(0, r.doubled)} doubled |`,
  );
  const now = results.find(([name]) => name === 'this tree')![1];
  const earlier = results.find(([name]) => name.startsWith('at '))?.[1];
  const hooked = results.find(([name]) => name === HOOKED)?.[1];
  const lines = [
    `${await databaseName()}, ${context.started.toISOString().slice(0, 10)}: \`npm run bench:api -- ${args.join(' ')}\`, ` +
      `${ROUNDS} round${ROUNDS === 1 ? '' : 's'} of ${thousands(TOTAL)} orders per server${results.length > 1 ? ', in turns' : ''}, ` +
      `median round; Node ${process.versions.node}, ${cpus().length} cores, load average ${context.load.toFixed(1)} at the start.`,
    '',
    '| server | orders/s | p50 | p95 | p99 | server CPU / order | each key one order |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
  if (earlier) lines.push('', `After / before: ${ratios(now, earlier)}.`);
  if (hooked) {
    lines.push(
      '',
      `With one webhook endpoint (a loopback receiver answering 200, every order's \`order.created\` delivered before the round ended) / without: ${ratios(hooked, now)}.`,
    );
  }
  if (databaseUrl) {
    lines.push(
      '',
      `Aim ≥ 800 orders/s with p99 ≤ 80 ms: ${now.rate >= 800 && now.p99 <= 80 ? 'met' : `not met on this run (${now.rate.toFixed(0)} orders/s, p99 ${now.p99.toFixed(1)} ms)`}.`,
    );
  }
  await writeReadmeBlock(README, `bench:${which}`, lines.join('\n'));
  console.log(`${README}: the ${which} table is written.`);
}

const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-bench-'));
const started = new Date();
const load = loadavg()[0]!;
// The servers as they were when the run started, for the README's table.
const commits = {
  here: git('rev-parse', '--short', 'HEAD'),
  // The README this bench writes its tables into does not make the tree dirty.
  dirty:
    git(
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      ':(top)',
      ':(top,exclude)packages/server/README.md',
    ) !== '',
  against: AGAINST === undefined ? '' : git('rev-parse', '--short', AGAINST),
};
const label = (name: string) =>
  name.startsWith('this tree')
    ? name.replace(
        'this tree',
        `this tree (${commits.here}${commits.dirty ? ' with uncommitted changes' : ''})`,
      )
    : `${name.replace(/^at /, '')} (${commits.against})`;
const old = AGAINST === undefined ? undefined : await checkout(AGAINST);
let failed = false;
try {
  // With PostgreSQL both servers share the database (each run uses keys of
  // its own); with PGlite each has its own directory.
  const servers = [
    { name: 'this tree', root: undefined as string | undefined, dir: join(dataDir, 'now') },
  ];
  if (old) servers.unshift({ name: `at ${AGAINST}`, root: old.root, dir: join(dataDir, 'before') });
  if (WEBHOOK) servers.push({ name: HOOKED, root: undefined, dir: join(dataDir, 'hook') });
  const rounds = new Map<string, Round[]>(servers.map((s) => [s.name, []]));
  if (databaseUrl) {
    for (const { dir } of servers) {
      await onDatabase(
        `DROP SCHEMA IF EXISTS ${schemaOf(dir)} CASCADE; CREATE SCHEMA ${schemaOf(dir)}`,
      );
    }
  }
  console.log(
    `${TOTAL} orders a round (${Math.round(TOTAL * (1 - REPEATED))} distinct keys, ${Math.round(TOTAL * REPEATED)} repeats), ` +
      `concurrency ${CONCURRENCY}, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} each${servers.length > 1 ? ', in turns' : ''}`,
  );
  const hook = WEBHOOK
    ? { receiver: await startReceiver(), key: await adminKeyFor(join(dataDir, 'hook')) }
    : undefined;
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, root, dir } of servers) {
      const hooked = name === HOOKED && hook !== undefined;
      // A fresh process each round, warmed up at full concurrency with keys of its own.
      const server = await startServer(
        dir,
        root,
        hooked ? { QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE: '1' } : {},
      );
      const run = `bench-${Date.now().toString(36)}-${round}`;
      let sent: Sent;
      let undelivered = 0;
      try {
        if (hooked && round === 0) await registerEndpoint(server.url, hook.key, hook.receiver.url);
        const before = hook?.receiver.received() ?? 0;
        await drive(
          server.url,
          Array.from({ length: WARMUP }, (_, i) => ({ key: `${run}w-${i}`, body: orderBody(i) })),
        );
        // The warm-up's deliveries are done before the round starts: the round pays for its own.
        if (hooked) await hook.receiver.until(before + WARMUP, DELIVERY_WAIT_MS);
        sent = await measure(server, run);
        if (hooked) {
          const expected = before + WARMUP + new Set(sent.sends.map((x) => x.key)).size;
          await hook.receiver.until(expected, DELIVERY_WAIT_MS);
          undelivered = Math.max(0, expected - hook.receiver.received());
        }
      } finally {
        await server.stop();
      }
      rounds.get(name)!.push({ ...(await tally(sent, dir, run)), undelivered });
    }
  }
  hook?.receiver.close();
  agent.destroy();
  const results = servers.map(({ name }) => [name, summary(rounds.get(name)!)] as const);
  for (const [name, r] of results) console.log(line(name, r));
  const of = (name: string) => results.find(([n]) => n === name)?.[1];
  const now = of('this tree')!;
  const earlier = old ? of(`at ${AGAINST}`) : undefined;
  const hooked = of(HOOKED);
  if (earlier) console.log(`after / before: ${ratios(now, earlier)}`);
  if (hooked) console.log(`with one webhook endpoint / without: ${ratios(hooked, now)}`);
  // The aim is PostgreSQL's: PGlite runs on the request thread and cannot reach it.
  if (!SHORT && databaseUrl !== undefined) {
    console.log(
      `aim ≥ 800 orders/s and p99 ≤ 80 ms on PostgreSQL: ${now.rate >= 800 && now.p99 <= 80 ? 'met' : 'not met on this run'}`,
    );
  }
  failed = results.some(
    ([, r]) =>
      r.lost > 0 || r.doubled !== 0 || r.split > 0 || r.notCreated > 0 || r.undelivered > 0,
  );
  // A run that lost or doubled orders measured something broken: its figures are not written.
  if (WRITE && !failed) await writeReadme(results, { load, started, label });
} finally {
  if (databaseUrl) {
    for (const which of ['now', 'before']) {
      await onDatabase(`DROP SCHEMA IF EXISTS ${schemaOf(join(dataDir, which))} CASCADE`);
    }
  }
  await old?.remove();
  await rm(dataDir, { recursive: true, force: true });
}
if (failed) {
  console.error('FAILED: orders were lost or doubled, or their webhook events not delivered.');
  process.exit(1);
}
