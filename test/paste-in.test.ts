// The paste-in folder end to end, as a vendor would use it: a plain HTML
// page on one origin loads only dist/cdn/quotekit.js and points api-base at
// the Order API (`npm run serve`'s main.ts, PGlite) on another port, allowed
// through ALLOWED_ORIGINS. A visitor arrives through an affiliate link,
// configures 25 Starter Plus users and a Px2 server, sees $300.00, applies
// ACME5, sees $285.00 and orders; the server stores the order with its affiliate.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CDN = join(ROOT, 'packages/elements/dist/cdn');
if (!existsSync(join(CDN, 'quotekit.js'))) {
  execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';
const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-paste-in-'));

/** The vendor's static site: one plain page and the paste-in folder. */
const site = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://site').pathname;
  if (path === '/pricing') {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Pricing</title>
    <script type="module" src="/cdn/quotekit.js"></script></head>
  <body>
    <quote-builder api-base="${process.env.API_URL}" products="starter-plus-user,dedicated-px2"></quote-builder>
    <script>
      addEventListener('qk-order-success', (e) => (window.placed = e.detail.order));
    </script>
  </body>
</html>`);
    return;
  }
  if (path === '/slow') {
    // The paste-in snippet with its stylesheet, and text below the builder that must not move.
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Pricing</title>
    <link rel="stylesheet" href="/cdn/quotekit.css">
    <script type="module" src="/cdn/quotekit.js"></script></head>
  <body>
    <quote-builder api-base="${process.env.API_URL}" products="starter-plus-user,dedicated-px2"></quote-builder>
    <script>window.heightAtParse = document.querySelector('quote-builder').getBoundingClientRect().height;</script>
    <p id="below">Questions? Call us.</p>
  </body>
</html>`);
    return;
  }
  if (path === '/calculator') {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Support</title>
    <meta name="quotekit:attribution" content="off">
    <script type="module" src="/cdn/quotekit.js"></script></head>
  <body><support-token-calculator></support-token-calculator></body>
</html>`);
    return;
  }
  const file = join(CDN, path.replace(/^\/cdn\//, ''));
  if (
    !path.startsWith('/cdn/') ||
    !file.startsWith(CDN) ||
    !existsSync(file) ||
    !statSync(file).isFile()
  ) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'content-type':
      extname(file) === '.js'
        ? 'text/javascript'
        : extname(file) === '.css'
          ? 'text/css'
          : 'text/plain',
  });
  createReadStream(file).pipe(response);
});
await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
const siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;

const env = { ...process.env };
delete env.DATABASE_URL;
// An admin key, made before the API opens the data directory, to read the order back.
const adminKey = execFileSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=@quotekit/source',
    join(ROOT, 'packages/server/src/keys.ts'),
    'create',
    '--role',
    'admin',
    '--name',
    'Paste-in test',
    '--quiet',
  ],
  { env: { ...env, QUOTEKIT_DATA: dataDir }, encoding: 'utf8' },
).trim();
const api = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=@quotekit/source', join(ROOT, 'packages/server/src/main.ts')],
  {
    env: { ...env, PORT: '0', HOST: '127.0.0.1', QUOTEKIT_DATA: dataDir, ALLOWED_ORIGINS: siteUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const apiUrl = await new Promise<string>((resolveUrl, reject) => {
  let output = '';
  api.stdout.setEncoding('utf8');
  api.stdout.on('data', (chunk: string) => {
    output += chunk;
    const found = /Order API on (http:\/\/\S+)/.exec(output);
    if (found) resolveUrl(found[1]!.replace('localhost', '127.0.0.1'));
  });
  api.once('exit', (code) => reject(new Error(`the API exited with ${code}:\n${output}`)));
});
process.env.API_URL = apiUrl;

after(async () => {
  api.kill('SIGTERM');
  site.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the paste-in folder on a plain page, against the Order API on another port', () => {
  test('on a network with 600 ms latency, the builder has its room from the first paint and nothing shifts by more than 0.05', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { shift: number };
        w.shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as Array<{
            value: number;
            hadRecentInput: boolean;
          }>) {
            if (!entry.hadRecentInput) w.shift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 600,
        downloadThroughput: 1.5 * 1024 * 1024,
        uploadThroughput: 750 * 1024,
      });
      await page.goto(`${siteUrl}/slow`, { waitUntil: 'commit' });
      const builder = page.locator('quote-builder');
      await builder.locator('[part="products"] input').first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      const { heightAtParse, shift, height } = await page.evaluate(() => ({
        heightAtParse: (window as unknown as { heightAtParse: number }).heightAtParse,
        shift: (window as unknown as { shift: number }).shift,
        height: document.querySelector('quote-builder')!.getBoundingClientRect().height,
      }));
      // Before any script has run, the stylesheet keeps the builder's room (0 px without it).
      assert.ok(heightAtParse > 600, `the room at first paint: ${heightAtParse} px`);
      assert.ok(height > 0);
      assert.ok(
        shift <= 0.05,
        `layout shift ${shift.toFixed(3)} (the builder is ${height} px tall)`,
      );
    } finally {
      await browser.close();
    }
  });

  test('configure, see $300.00, apply ACME5, see $285.00, order: stored with its affiliate', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${siteUrl}/pricing?aff=NORTHWIND`);
      const builder = page.locator('quote-builder');
      await builder.getByRole('spinbutton', { name: USERS }).fill('25');
      await builder.getByRole('checkbox', { name: 'Px2 dedicated server' }).check();
      const total = builder.locator('[part="total-amount"]');
      await assert.doesNotReject(total.filter({ hasText: '$300.00' }).waitFor());
      await builder.getByRole('textbox', { name: 'Offer code' }).fill('ACME5');
      await builder.getByRole('button', { name: 'Apply' }).click();
      await total.filter({ hasText: '$285.00' }).waitFor();
      await builder.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
      await builder.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
      await builder.getByRole('button', { name: 'Place order' }).click();
      await builder.getByText(/Your order number is QK-\d+/).waitFor();
      const placed = await page.evaluate(
        () => (window as unknown as { placed: { id: string } }).placed,
      );
      // The affiliate cookie was set by the autoloader; the offer code's affiliate wins.
      const cookies = await page.context().cookies(siteUrl);
      assert.ok(cookies.some((c) => c.name === 'qk_ref' && c.value.startsWith('NORTHWIND.')));
      const stored = await fetch(`${apiUrl}/v1/orders/${placed.id}`, {
        headers: { Authorization: `Bearer ${adminKey}` },
      }).then((r) => r.json());
      assert.equal(stored.order.quote.totals.monthlyPayment, '285.00');
      assert.deepEqual(stored.order.attribution, { affiliate: 'ACME', method: 'offer_code' });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("preloads every chunk of <quote-builder>'s first paint at once (no pricing), and requests no attribution chunk on a page that turns it off", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${siteUrl}/pricing`);
      await page.locator('quote-builder [part="total-amount"]').filter({ hasText: /\d/ }).waitFor();
      const preloaded = await page.evaluate(() =>
        [...document.querySelectorAll('link[rel="modulepreload"]')].map(
          (link) => new URL((link as HTMLLinkElement).href).pathname,
        ),
      );
      // Every chunk the element's chunk imports, followed from the files on disk.
      const element = readdirSync(join(CDN, 'chunks')).find((f) => f.startsWith('quote-builder-'))!;
      const graph = new Set<string>();
      const follow = (file: string) => {
        if (graph.has(file)) return;
        graph.add(file);
        const code = readFileSync(join(CDN, 'chunks', file), 'utf8');
        for (const m of code.matchAll(/from\s*["'`]\.\/([^"'`]+)["'`]/g)) follow(m[1]!);
      };
      follow(element);
      // The element's chunk and the base every element shares; pricing loads after the first paint.
      assert.ok(graph.size >= 2);
      assert.deepEqual([...preloaded].sort(), [...graph].map((f) => `/cdn/chunks/${f}`).sort());
      assert.deepEqual(
        preloaded.filter((p) => /\/(decimal|zod|live)-/.test(p)),
        [],
      );

      const off = await browser.newPage();
      const requested: string[] = [];
      off.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await off.goto(`${siteUrl}/calculator`);
      await off.waitForFunction(
        () => customElements.get('support-token-calculator') !== undefined && globalThis.quotekit,
      );
      await off.waitForLoadState('networkidle');
      assert.ok(requested.some((p) => p.startsWith('/cdn/chunks/support-token-calculator-')));
      assert.deepEqual(
        requested.filter((p) => p.includes('attribution')),
        [],
      );
      assert.equal(await off.evaluate(() => globalThis.quotekit?.attribution), null);
    } finally {
      await browser.close();
    }
  });
});
