// Journeys across origins, in Chromium against what `npm start` runs: an
// affiliate's embedded quote ordered on the vendor's site, and a page on an
// origin of your own using the paste-in folder against the demo's API
// (ALLOWED_ORIGINS). Each reads its result back from the API.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { admin, ROOT, startDemo, USERS, visitor, watchOrders, type Demo } from './demo-harness.js';

const CDN = join(ROOT, 'packages/elements/dist/cdn');

/**
 * Your own site, as the README says to try it: a page, and the paste-in
 * folder copied beside it (served here from where the build writes it).
 */
function ownSite(api: () => string): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://own').pathname;
    if (path === '/') {
      response.setHeader('Content-Type', 'text/html');
      response.end(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>My own page</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/quotekit/quotekit.js"></script>
  </head>
  <body>
    <quote-builder api-base="${api()}" products="starter-plus-user,dedicated-px2"></quote-builder>
  </body>
</html>`);
      return;
    }
    const file = join(CDN, path.replace(/^\/quotekit\//, ''));
    if (!path.startsWith('/quotekit/') || !file.startsWith(CDN) || !existsSync(file)) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('Content-Type', extname(file) === '.js' ? 'text/javascript' : 'text/plain');
    response.end(readFileSync(file));
  });
}

let demo: Demo;
let own: Server;
let ownOrigin: string;
before(async () => {
  own = ownSite(() => demo.api);
  await new Promise<void>((done) => own.listen(0, '127.0.0.1', done));
  ownOrigin = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
  demo = await startDemo(2, { ALLOWED_ORIGINS: ownOrigin });
});
after(async () => {
  await demo?.stop();
  await new Promise((done) => own?.close(done));
});

/** The visitor's qk_ref cookie on the vendor's site. */
async function qkRef(context: BrowserContext) {
  return (await context.cookies(demo.vendor)).find((c) => c.name === 'qk_ref')?.value;
}

describe('journeys across origins', () => {
  test('9. affiliate to vendor: "Order this" on ACME’s embedded quote opens the stored quote; without the code the order is still ACME’s by saved_quote, and NORTHWIND’s signed cookie stays', async () => {
    const { context, page, errors } = await visitor(demo);
    // Earlier, the visitor came through NORTHWIND's link: a click the API signed.
    await page.goto(`${demo.vendor}/pricing?aff=NORTHWIND`);
    await page.waitForFunction(() =>
      /qk_ref=NORTHWIND\.affiliate_url\.\d+\.\d+\.NORTHWIND:/.test(document.cookie),
    );
    const northwind = await qkRef(context);

    // Now ACME's site, with the package ACME recommends (a quote stored with ACME's partner key).
    await page.goto(`${demo.affiliate}/`);
    const embed = page.locator('quote-builder');
    const shown = embed.locator('[part="total-amount"]', { hasText: '$' });
    // The quote's ACME5 code has applied.
    await embed.locator('[part="totals"]', { hasText: '5%' }).waitFor();
    const embedTotal = (await shown.textContent())!.trim();
    await embed.getByRole('link', { name: 'Order this' }).click();
    await page.waitForURL(`${demo.vendor}/pricing?qid=*`);
    const qid = new URL(page.url()).searchParams.get('qid');
    assert.match(qid ?? '', /^[A-Za-z0-9_-]+$/);

    const builder = page.locator('quote-builder#quote');
    await builder.locator('[part="total-amount"]', { hasText: embedTotal }).waitFor();
    // The stored quote's affiliate does not displace the signed click.
    assert.equal(await qkRef(context), northwind);

    // The visitor takes the code off, and orders at the full price.
    await builder.getByRole('button', { name: 'Remove' }).click();
    await builder.getByRole('button', { name: 'Remove' }).waitFor({ state: 'detached' });
    const fullTotal = (await builder.locator('[part="total-amount"]').textContent())!.trim();
    assert.notEqual(fullTotal, embedTotal);
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Lise Meitner');
    await builder.getByRole('textbox', { name: 'Email' }).fill('lise@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const { order } = await admin(demo, `/v1/orders/${(await placed()).id}`);
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'saved_quote' });
    assert.equal(order.savedQuoteId, qid);
    assert.equal(order.quote.offerCode, undefined);
    assert.equal(`$${order.quote.totals.monthlyPayment}`, fullTotal);
    // NORTHWIND's signed click is still there for the visitor's next order without the quote.
    assert.equal(await qkRef(context), northwind);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('15. a page on your own origin, listed in ALLOWED_ORIGINS, prices and orders through the demo’s API with the paste-in folder', async () => {
    const { context, page, errors } = await visitor(demo);
    await page.goto(`${ownOrigin}/`);
    const builder = page.locator('quote-builder');
    await builder.getByRole('spinbutton', { name: USERS }).fill('10');
    await builder.locator('[part="total-amount"]', { hasText: '$40.00' }).waitFor();
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Chien-Shiung Wu');
    await builder.getByRole('textbox', { name: 'Email' }).fill('wu@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const { order } = await admin(demo, `/v1/orders/${(await placed()).id}`);
    assert.equal(order.quote.totals.monthlyPayment, '40.00');
    assert.equal(order.customer.email, 'wu@example.com');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('15. npm start refuses ALLOWED_ORIGINS=* with one line, before building or starting anything', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, ALLOWED_ORIGINS: '*', DEMO_PORT: '0', AFFILIATE_PORT: '0', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^ALLOWED_ORIGINS=\* is refused by npm start: name the origins/);
    assert.doesNotMatch(result.stdout, /quotekit is running/);
  });
});
