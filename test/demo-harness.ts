// What the end-to-end journeys share: `npm start` on ports of their own, a
// Chromium, fresh visitors, and the API read back with the demo's admin key.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';

export interface Demo {
  vendor: string;
  affiliate: string;
  api: string;
  /** The demo's webhook receiver (its deliveries at `/webhooks`, what it got at `/events`). */
  receiver: string;
  dataDir: string;
  browser: Browser;
  /** The demo's staff keys, which `npm start` made beside its data. */
  keys(): { sales: string; admin: string; partner: string };
  /** Stops `npm start` and starts it again on the same data, with `env` added. */
  restart(env?: NodeJS.ProcessEnv): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `npm start --no-build` on ports derived from `offset` and this
 * process (the receiver on a free port), and a Chromium. `env` is added to
 * `npm start`'s environment: `QUOTEKIT_TEST_API_ENTRY` starts the API from a
 * test entry (packages/server/test/clock-server.ts: a clock the journey moves).
 */
export async function startDemo(offset: number, env: NodeJS.ProcessEnv = {}): Promise<Demo> {
  const base = 20_000 + ((process.pid + offset * 7) % 5_000) * 3;
  const ports = { vendor: base, affiliate: base + 1, api: base + 2 };
  const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-demo-'));
  if (!existsSync(join(ROOT, 'packages/server/dist/main.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  }
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_PORT: String(ports.vendor),
    AFFILIATE_PORT: String(ports.affiliate),
    PORT: String(ports.api),
    RECEIVER_PORT: '0',
    QUOTEKIT_DATA: join(dataDir, 'data'),
    ...env,
  };
  delete childEnv.DATABASE_URL;
  let demo: ChildProcess;
  let receiver = '';
  const launch = async (more: NodeJS.ProcessEnv) => {
    demo = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build'], {
      cwd: ROOT,
      env: { ...childEnv, ...more },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await new Promise<string>((done, fail) => {
      let text = '';
      const read = (chunk: Buffer) => {
        text += chunk;
        if (text.includes('Press Ctrl-C')) done(text);
      };
      demo.stdout!.on('data', read);
      demo.stderr!.on('data', read);
      demo.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${text}`)));
    });
    receiver = /receiver at (http:\/\/\S+)\/webhooks/.exec(output)![1]!;
  };
  const end = async () => {
    demo.kill('SIGTERM');
    if (demo.exitCode === null) await new Promise((done) => demo.once('exit', done));
  };
  await launch({});
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  return {
    vendor: `http://localhost:${ports.vendor}`,
    affiliate: `http://127.0.0.1:${ports.affiliate}`,
    api: `http://127.0.0.1:${ports.api}`,
    get receiver() {
      return receiver;
    },
    dataDir,
    browser,
    keys: () => JSON.parse(readFileSync(join(dataDir, 'data', 'demo-keys.json'), 'utf8')),
    async restart(more = {}) {
      await end();
      await launch(more);
    },
    async stop() {
      await browser.close();
      await end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh visitor: a new browser profile, its console errors collected. */
export async function visitor(demo: Demo, options: BrowserContextOptions = {}) {
  const context = await demo.browser.newContext({ colorScheme: 'light', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Remembers the order the page places, from its qk-order-success event. */
export async function watchOrders(page: Page) {
  await page.evaluate(() =>
    document.addEventListener('qk-order-success', (event) => {
      (window as unknown as { placed: unknown }).placed = (event as CustomEvent).detail.order;
    }),
  );
  return async () => {
    await page.waitForFunction(() => (window as unknown as { placed?: unknown }).placed);
    return page.evaluate(() => (window as unknown as { placed: { id: string } }).placed);
  };
}

/** GET on the API with the demo's admin key. */
export async function admin(demo: Demo, path: string) {
  const res = await fetch(`${demo.api}${path}`, {
    headers: { Authorization: `Bearer ${demo.keys().admin}` },
  });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

/** The test build of the Order API whose clock a journey moves: `startDemo(n, { QUOTEKIT_TEST_API_ENTRY: CLOCK_SERVER })`. */
export const CLOCK_SERVER = join(ROOT, 'packages/server/test/clock-server.ts');

/** Moves the test build's clock forward, by `advanceMs` or to `at`; answers the API's time now. */
export async function moveClock(
  demo: Demo,
  to: { advanceMs: number } | { at: string },
): Promise<Date> {
  const res = await fetch(`${demo.api}/__test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(to),
  });
  assert.equal(res.status, 200, `moving the clock: ${res.status}`);
  return new Date(((await res.json()) as { now: string }).now);
}

/** The test build's time now. */
export async function clockNow(demo: Demo): Promise<Date> {
  const res = await fetch(`${demo.api}/__test/clock`);
  assert.equal(res.status, 200, `reading the clock: ${res.status}`);
  return new Date(((await res.json()) as { now: string }).now);
}

/** A call to the API with one of the demo's keys; answers the status and the JSON body. */
export async function call(
  demo: Demo,
  role: 'admin' | 'partner' | 'sales',
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${demo.api}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${demo.keys()[role]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
