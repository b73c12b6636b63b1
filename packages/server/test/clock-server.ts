// A test build of the Order API whose clock a test can move: the end-to-end
// journeys where a customer must be over 30 days old, or a month must end,
// start `npm start` with QUOTEKIT_TEST_API_ENTRY naming this file. It is not
// in src/ and not in the published package: production code has no way to
// fake time. It serves the same app as `main.ts` (same environment: PORT,
// HOST, QUOTEKIT_DATA on PGlite, ALLOWED_ORIGINS, the webhook settings) with
// `createApp`'s `clock` reading an offset, and one more route, on loopback
// only:
//
//   GET  /__test/clock   { now, offsetMs }
//   POST /__test/clock   { advanceMs } or { at }: moves the app's clock
//                        (forward only) → { now, offsetMs }
//
// Only the app's clock moves (every program time: orders, statements,
// payable dates, payout runs, expiries). The webhook worker keeps real time,
// so that its deliveries' `webhook-timestamp` is what a receiver checks
// against its own clock.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { createApp } from '../src/app.js';
import { openPGliteDatabase } from '../src/db/pglite.js';
import { seedDemoData } from '../src/db/seed.js';
import { configFromEnv, openDataDir } from '../src/serve.js';
import { randomToken } from '../src/signing.js';
import { createWebhookWorker } from '../src/webhooks/worker.js';

const config = configFromEnv();
if (config.databaseUrl) throw new Error('The clock test server runs on PGlite only.');
let offsetMs = Number(process.env.QUOTEKIT_TEST_CLOCK_OFFSET_MS ?? 0);
const clock = () => new Date(Date.now() + offsetMs);

const dataDir = openDataDir(config.dataDir);
// The same signing secret `main.ts` keeps in the data directory.
const secretFile = join(dataDir, 'signing-secret');
if (!existsSync(secretFile)) {
  writeFileSync(secretFile, `${randomToken(32)}\n`, { mode: 0o600, flag: 'wx' });
}
const db = await openPGliteDatabase({ dataDir });
if (await db.isEmpty()) await seedDemoData(db, clock());

const allowPrivate = config.webhooks?.allowPrivate ?? false;
const worker = createWebhookWorker({ db, allowPrivate, pollMs: 200 });
const app = createApp({
  db,
  clock,
  signingSecrets: [readFileSync(secretFile, 'utf8').trim()],
  allowedOrigins: config.allowedOrigins,
  clientAddress: (c) => (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress,
  events: { order: () => worker.wake() },
  webhooks: { allowPrivate, wake: () => worker.wake() },
  onError: (error) => console.error('request failed:', error),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const now = () => ({ now: clock().toISOString(), offsetMs });

/** The clock's route; anything else is the app's. */
async function handle(request: Request, env: HttpBindings): Promise<Response> {
  if (new URL(request.url).pathname !== '/__test/clock') return app.fetch(request, env);
  if (!LOOPBACK.has(env.incoming.socket.remoteAddress ?? '')) {
    return answer(403, { error: 'The test clock answers on loopback only.' });
  }
  if (request.method === 'GET') return answer(200, now());
  if (request.method !== 'POST') return answer(405, { error: 'GET or POST.' });
  const body = (await request.json().catch(() => null)) as {
    advanceMs?: unknown;
    at?: unknown;
  } | null;
  const current = clock().getTime();
  const target =
    typeof body?.advanceMs === 'number'
      ? current + body.advanceMs
      : typeof body?.at === 'string'
        ? Date.parse(body.at)
        : NaN;
  if (!Number.isFinite(target) || target < current) {
    return answer(400, { error: 'Give { advanceMs } (≥ 0) or { at } (not before now).' });
  }
  offsetMs = target - Date.now();
  return answer(200, now());
}

const server = await new Promise<Server>((done, fail) => {
  const s = serve(
    {
      fetch: (request, env) => handle(request, env as HttpBindings),
      port: config.port,
      ...(config.host ? { hostname: config.host } : {}),
    },
    () => done(s as Server),
  );
  s.once('error', fail);
});
worker.start();
console.log(
  `quotekit Order API on http://${config.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port} (PGlite in ${dataDir}, test clock)`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  void worker
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
