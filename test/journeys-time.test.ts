// The journeys where time or the server changes under the visitor: an
// affiliate visit that still counts 200 days later, and a price that changes
// between page load and order. Chromium against what `npm start` runs; each
// reads its result back from the API.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogs } from '@quotekit/core';
import { cleanEnv, startProcess } from '../packages/server/test/process.js';
import { admin, ROOT, startDemo, USERS, visitor, watchOrders, type Demo } from './demo-harness.js';

const DAY = 86_400_000;
let demo: Demo;
before(async () => {
  demo = await startDemo(1);
});
after(() => demo?.stop());

describe('journeys over time', () => {
  test('1. affiliate link: aff leaves the address, qk_ref lasts a year, and an order 200 days later is ACME’s by affiliate_url', async () => {
    const { context, page, errors } = await visitor(demo);
    const start = Date.now();
    await context.clock.install({ time: start });
    await page.goto(`${demo.affiliate}/`);
    await page.getByRole('link', { name: 'See their prices' }).click();
    await page.waitForURL(`${demo.vendor}/pricing**`);
    // The vendor page records the visit and drops `aff` from the address.
    await page.waitForFunction(() => !location.search.includes('aff='));
    assert.equal(new URL(page.url()).searchParams.has('aff'), false);
    await page.waitForFunction(() =>
      /qk_ref=ACME\.affiliate_url\.\d+\.\d+\.ACME:/.test(document.cookie),
    );
    const cookie = (await context.cookies(demo.vendor)).find((c) => c.name === 'qk_ref')!;
    const days = (cookie.expires * 1000 - start) / DAY;
    assert.ok(days > 364 && days < 367, `qk_ref lasts ${days} days`);

    // 200 days later, the visitor comes back and orders without the link.
    await page.clock.setSystemTime(start + 200 * DAY);
    await page.goto(`${demo.vendor}/pricing`);
    const builder = page.locator('quote-builder#quote');
    await builder.getByRole('spinbutton', { name: USERS }).fill('10');
    await builder.locator('[part="total-amount"]', { hasText: '$40.00' }).waitFor();
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Hedy Lamarr');
    await builder.getByRole('textbox', { name: 'Email' }).fill('hedy@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const { order } = await admin(demo, `/v1/orders/${(await placed()).id}`);
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'affiliate_url' });
    assert.equal(order.quote.totals.monthlyPayment, '40.00');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('5. price changed: the visitor sees the new total, confirms, and only then is the order stored, at the new price', async () => {
    // An Order API of the journey's own, on a catalog file it changes and restarts on;
    // the page's calls to the demo API are sent to it.
    const dir = await mkdtemp(join(tmpdir(), 'quotekit-price-'));
    const file = join(dir, 'catalog.json');
    await writeFile(file, JSON.stringify(catalogs.luxsci));
    const port = 20_000 + ((process.pid + 31) % 5_000) * 3;
    const own = `http://127.0.0.1:${port}`;
    // main.ts on a port of the journey's own, as `npm run serve` runs it.
    const start = () =>
      startProcess({
        ...cleanEnv(),
        PORT: String(port),
        QUOTEKIT_DATA: join(dir, 'data'),
        QUOTEKIT_CATALOG: file,
        ALLOWED_ORIGINS: demo.vendor,
        LOG_LEVEL: 'silent',
      });
    // An admin key for this API, made before it opens its data directory.
    const adminKey = execFileSync(
      process.execPath,
      [
        join(ROOT, 'packages/server/dist/keys.js'),
        'create',
        '--role',
        'admin',
        '--name',
        'Journey 5',
        '--quiet',
      ],
      {
        env: { ...process.env, DATABASE_URL: '', QUOTEKIT_DATA: join(dir, 'data') },
        encoding: 'utf8',
      },
    ).trim();
    const orders = async () => {
      const res = await fetch(`${own}/v1/orders`, {
        headers: { Authorization: `Bearer ${adminKey}` },
      });
      assert.equal(res.status, 200);
      return (await res.json()).orders;
    };
    let api = await start();
    try {
      const { context, page, errors } = await visitor(demo);
      await page.route(`${demo.api}/**`, async (route) => {
        const request = route.request();
        const response = await route.fetch({ url: request.url().replace(demo.api, own) });
        await route.fulfill({ response });
      });
      await page.goto(`${demo.vendor}/pricing`);
      const builder = page.locator('quote-builder#quote');
      await builder.getByRole('spinbutton', { name: USERS }).fill('25');
      await builder.locator('[part="total-amount"]', { hasText: '$100.00' }).waitFor();

      // Between page load and order: Starter Plus goes from 4.00 to 4.40, and the API restarts on it.
      const dearer = structuredClone(catalogs.luxsci);
      dearer.products.find((p) => p.id === 'starter-plus-user')!.price = {
        model: 'per_unit',
        unitAmount: '4.40',
      };
      await writeFile(file, JSON.stringify(dearer));
      await api.stop();
      api = await start();

      await builder.getByRole('textbox', { name: 'Name' }).fill('Mary Jackson');
      await builder.getByRole('textbox', { name: 'Email' }).fill('mary@example.com');
      await builder.getByRole('button', { name: 'Place order' }).click();
      await builder
        .getByText('The price has changed: $110.00 a month (was $100.00).', { exact: false })
        .waitFor();
      // Nothing is stored before the visitor confirms.
      assert.deepEqual(await orders(), []);
      const placed = await watchOrders(page);
      await builder.getByRole('button', { name: 'Order at $110.00 a month' }).click();
      const { id } = await placed();
      const stored = await orders();
      assert.deepEqual(
        stored.map((o: { id: string; quote: { totals: { monthlyPayment: string } } }) => [
          o.id,
          o.quote.totals.monthlyPayment,
        ]),
        [[id, '110.00']],
      );
      // The 409 is the browser's own console line for the refused request, not a page error.
      assert.deepEqual(
        errors.filter((e) => !e.includes('409')),
        [],
      );
      await context.close();
    } finally {
      await api.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
