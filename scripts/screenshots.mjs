// `npm run screenshots`: pictures for the READMEs, written to docs/screenshots/:
// - each element from Storybook (`<name>.png`; builds Storybook first);
// - every page of the demo as `npm start` serves it (`demo-<site>-<page>.png`;
//   runs `npm start` on its ports, with its own empty data directory).
// `--elements` or `--demo` takes only one of the two; `--no-build` serves the
// demo from the dist/ folders as they are.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { launchChromium } from './chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'docs/screenshots');
const argv = process.argv.slice(2);
const only = argv.includes('--elements') ? 'elements' : argv.includes('--demo') ? 'demo' : null;

const STORIES = [
  ['quote-builder', 'elements-quote-builder--offer-applied'],
  ['quote-builder-phone', 'elements-quote-builder--phone'],
  ['quote-builder-estimate', 'elements-quote-builder--estimate'],
  ['quote-builder-dark', 'elements-quote-builder--dark'],
  ['quote-builder-de', 'elements-quote-builder--german'],
  ['offer-code-input', 'elements-offer-code-input--valid'],
  ['commission-estimator', 'elements-commission-estimator--affiliate'],
  ['support-token-calculator', 'elements-support-token-calculator--dedicated'],
];

/**
 * The demo's pages, whole. /pricing is shown as the affiliate's "Order this"
 * opens it (ORDER_THIS: the link's address, read from the affiliate's home
 * page): the quote npm start stores for ACME, 25 Starter Plus users and a Px2
 * server with ACME5, $285.00 a month; `demo-vendor-pricing-quote` is its
 * first screen, down to the quote.
 */
const ORDER_THIS = 'the affiliate home page’s "Order this" link';
const PAGES = [
  { name: 'demo-vendor-home', site: 'vendor', path: '/' },
  { name: 'demo-vendor-pricing', site: 'vendor', path: ORDER_THIS },
  {
    name: 'demo-vendor-pricing-quote',
    site: 'vendor',
    path: ORDER_THIS,
    down: 'quote-builder',
  },
  { name: 'demo-vendor-sales', site: 'vendor', path: '/sales' },
  { name: 'demo-vendor-launch', site: 'vendor', path: '/launch' },
  { name: 'demo-affiliate-home', site: 'affiliate', path: '/' },
  { name: 'demo-affiliate-tools', site: 'affiliate', path: '/tools' },
  // Signed in with the admin key, after one order (its webhook received).
  { name: 'demo-vendor-admin', site: 'vendor', path: '/admin', admin: true },
  // Signed in with ACME's partner key, after one order.
  { name: 'demo-affiliate-portal', site: 'affiliate', path: '/portal', partner: true },
];
/** One moment and one time zone, so the dates the pages show are the same on every run. */
const NOW = new Date('2026-03-02T14:00:00Z');

mkdirSync(DIR, { recursive: true });
const browser = await launchChromium();
try {
  if (only !== 'demo') await shootElements();
  if (only !== 'elements') await shootDemo();
} finally {
  await browser.close();
}

async function shootElements() {
  const OUT = join(ROOT, 'storybook-static');
  execFileSync('npm', ['run', 'build-storybook', '--', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
  const TYPES = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.css': 'text/css',
  };
  const server = createServer((request, response) => {
    const path = join(OUT, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!path.startsWith(OUT) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    });
    createReadStream(path).pipe(response);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const context = await browser.newContext({
    viewport: { width: 900, height: 800 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  for (const [name, id] of STORIES) {
    await page.goto(
      `http://127.0.0.1:${server.address().port}/iframe.html?id=${id}&viewMode=story`,
    );
    await page.waitForFunction(() =>
      ['finished', 'errored'].includes(globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase),
    );
    await page.waitForTimeout(300); // let the last render and the fonts settle
    await page.locator('#storybook-root').screenshot({ path: join(DIR, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  }
  await context.close();
  server.close();
}

/** `npm start` on its usual ports (or DEMO_PORT, AFFILIATE_PORT, PORT), on an empty database. */
async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), 'quotekit-screenshots-'));
  const demo = spawn(
    process.execPath,
    [join(ROOT, 'scripts/start.mjs'), ...(argv.includes('--no-build') ? ['--no-build'] : [])],
    {
      cwd: ROOT,
      env: { ...process.env, QUOTEKIT_DATA: join(dataDir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = await new Promise((done, fail) => {
    let text = '';
    const read = (chunk) => {
      text += chunk;
      if (text.includes('Press Ctrl-C')) done(text);
    };
    demo.stdout.on('data', read);
    demo.stderr.on('data', read);
    demo.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${text}`)));
  });
  const site = (pattern) => output.match(pattern)?.[1];
  return {
    vendor: site(/(http:\/\/\S+?)\/ +the vendor's site/),
    affiliate: site(/(http:\/\/\S+?)\/ +an affiliate's site/),
    api: site(/(http:\/\/\S+?)\/v1\/catalog/),
    adminKey: site(/Admin key for \S+ \(.*\): (\S+)/),
    partnerKey: site(/Partner key for .*?: (qk_partner_\S+)/),
    async stop() {
      demo.kill('SIGTERM');
      await new Promise((done) => demo.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function shootDemo() {
  const demo = await startDemo();
  try {
    for (const { name, site, path, down, admin, partner } of PAGES) {
      if (admin) await orderOnce(demo);
      const context = await browser.newContext({
        viewport: { width: 1100, height: 800 },
        deviceScaleFactor: 1,
        colorScheme: 'light',
        locale: 'en-US',
        timezoneId: 'UTC',
      });
      // The back office and the portal show the server's records, made at the
      // server's real time: a page clock fixed in the past would bill a month
      // before the orders were placed.
      if (!admin && !partner) await context.clock.setFixedTime(NOW);
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      const url = path === ORDER_THIS ? await orderThis(demo) : `${demo[site]}${path}`;
      await page.goto(url, { waitUntil: 'networkidle' });
      if (admin) {
        await page.getByLabel('Admin key').fill(demo.adminKey);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText('1 webhook received.').waitFor();
      }
      if (partner) {
        await page.getByLabel('Partner key').fill(demo.partnerKey);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Partner portal', exact: true }).waitFor();
      }
      // Every element defined and drawn, no builder still loading its catalog.
      await page.waitForFunction(() =>
        [
          ...document.querySelectorAll(
            'quote-builder, offer-code-input, commission-estimator, support-token-calculator, partner-portal',
          ),
        ].every(
          (element) =>
            customElements.get(element.localName) &&
            element.shadowRoot?.childElementCount &&
            !element.shadowRoot.querySelector('[aria-busy="true"]'),
        ),
      );
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const file = join(DIR, `${name}.png`);
      if (down) {
        const box = await page.locator(down).first().boundingBox();
        const height = Math.ceil(box.y + box.height + 24);
        await page.setViewportSize({ width: 1100, height });
        await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1100, height } });
      } else {
        await page.screenshot({ path: file, fullPage: true });
      }
      await context.close();
      if (errors.length > 0) throw new Error(`${url}: ${errors.join('\n')}`);
      console.log(`docs/screenshots/${name}.png`);
    }
  } finally {
    await demo.stop();
  }
}

/** The address the affiliate's embedded quote's "Order this" opens on the vendor's site. */
async function orderThis(demo) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${demo.affiliate}/`, { waitUntil: 'networkidle' });
    const href = await page.getByRole('link', { name: 'Order this' }).getAttribute('href');
    return new URL(href, `${demo.affiliate}/`).href;
  } finally {
    await context.close();
  }
}

/** One order with ACME's code, as the pricing page would send it (for /admin's lists). */
async function orderOnce(demo) {
  const res = await fetch(`${demo.api}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
      expectedMonthlyPayment: '95.00',
      customer: { name: 'Ann Lee', email: 'ann@example.com', company: 'Lee Dental' },
      channel: 'web',
    }),
  });
  if (res.status !== 201) throw new Error(`The screenshot's order was refused: ${res.status}`);
}
