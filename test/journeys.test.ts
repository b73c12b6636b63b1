// The people quotekit is for, end to end in Chromium against what `npm
// start` runs: the Order API on PGlite and the demo's vendor and affiliate
// sites. Each journey reads its result back from the API, not only the page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import * as harness from './demo-harness.js';
import { ROOT, USERS, watchOrders, type Demo } from './demo-harness.js';

let demo: Demo;
let vendor: string;
let affiliate: string;
before(async () => {
  demo = await harness.startDemo(0);
  ({ vendor, affiliate } = demo);
});
after(() => demo?.stop());

const visitor = (options: { colorScheme?: 'light' | 'dark' } = {}) =>
  harness.visitor(demo, options);
const demoKeys = () => demo.keys();

/** The focused control, through shadow roots: its accessible name, or its text. */
function focusedName(page: Page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return '';
    const root = element.getRootNode() as Document | ShadowRoot;
    const label = element.id ? root.querySelector(`label[for="${element.id}"]`) : null;
    return (label?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  });
}

/** Presses `key` (Tab or Shift+Tab) until the control named `name` has the focus. */
async function tabTo(page: Page, name: string, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  const seen: string[] = [];
  for (let presses = 0; presses < 30; presses += 1) {
    await page.keyboard.press(key);
    const focused = await focusedName(page);
    if (focused === name) return;
    seen.push(focused);
  }
  assert.fail(`${key} never reached "${name}"; it went through: ${seen.join(' → ')}`);
}

/** The order as the API stores it, read with the demo's admin key. */
async function stored(id: string) {
  return (await harness.admin(demo, `/v1/orders/${id}`)).order;
}

describe('journeys', () => {
  test('2. saved quote: the affiliate makes a link; a new visitor orders it at $285.00', async () => {
    const partner = await visitor();
    await partner.page.goto(`${affiliate}/tools`);
    // The affiliate signs in with ACME's partner key npm start printed: its links credit ACME.
    await partner.page.getByLabel('Partner key').fill(demoKeys().partner);
    await partner.page.getByRole('button', { name: 'Sign in' }).click();
    await partner.page.getByText('the links you make credit ACME').waitFor();
    const tools = partner.page.locator('quote-builder');
    await tools.getByRole('spinbutton', { name: USERS }).fill('25');
    await tools.getByRole('checkbox', { name: 'Px2 dedicated server' }).check();
    await tools.locator('[part="status"]', { hasText: '5% off' }).waitFor();
    await tools.getByRole('button', { name: 'Create link' }).click();
    const link = await tools.getByRole('textbox', { name: 'Link to this quote' }).inputValue();
    // Stored on the server under a short id: the server knows the affiliate and the code.
    assert.match(link, new RegExp(`^${vendor}/pricing\\?qid=[A-Za-z0-9]+$`));
    await partner.context.close();

    const customer = await visitor();
    await customer.page.goto(link);
    const builder = customer.page.locator('quote-builder');
    await builder.locator('[part="total-amount"]', { hasText: '$285.00' }).waitFor();
    const placed = await watchOrders(customer.page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper');
    await builder.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const order = await stored((await placed()).id);
    assert.equal(order.quote.totals.monthlyPayment, '285.00');
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'saved_quote' });
    assert.deepEqual(customer.errors, []);
    await customer.context.close();
  });

  test('3. phone order: no order without an offer code; with NW10 it goes on the phone channel; the rep signs out', async () => {
    const rep = await visitor();
    await rep.page.goto(`${vendor}/sales`);
    // The rep signs in with the sales key npm start printed; the form then gives way to "Sign out".
    await rep.page.getByLabel('Sales key').fill(demoKeys().sales);
    await rep.page.getByRole('button', { name: 'Sign in' }).click();
    await rep.page.getByText('Signed in for this browser session.').waitFor();
    await rep.page.getByLabel('Sales key').waitFor({ state: 'hidden' });
    assert.equal(await rep.page.getByRole('button', { name: 'Sign in' }).isVisible(), false);
    const builder = rep.page.locator('quote-builder');
    await builder.getByRole('spinbutton', { name: USERS }).fill('25');
    const place = builder.getByRole('button', { name: 'Place order' });
    assert.equal(await place.isDisabled(), true);
    await builder.getByRole('textbox', { name: 'Offer code' }).fill('NW10');
    await builder.getByRole('textbox', { name: 'Offer code' }).press('Enter');
    await builder
      .getByText('Total $90.00 a month after the 10% NW10 discount', { exact: false })
      .waitFor();
    await builder.getByRole('textbox', { name: 'Customer name' }).fill('Katherine Johnson');
    await builder.getByRole('textbox', { name: 'Customer email' }).fill('kj@example.com');
    const placed = await watchOrders(rep.page);
    await place.click();
    const order = await stored((await placed()).id);
    assert.equal(order.channel, 'phone');
    // The server takes the rep from the key.
    assert.equal(order.salesRep, 'Demo Rep');
    await builder.locator('.order-number', { hasText: order.number }).waitFor();
    // The console lists the rep's orders from the server, amounts as the elements show them.
    await rep.page
      .locator('#orders li', { hasText: `${order.number}: Katherine Johnson` })
      .waitFor();
    assert.deepEqual(await rep.page.locator('#orders li').allTextContents(), [
      `${order.number}: Katherine Johnson, $90.00 a month`,
    ]);
    await builder.getByRole('button', { name: 'New order' }).click();
    assert.equal(await builder.getByRole('spinbutton', { name: USERS }).inputValue(), '0');

    // Signing out forgets the key: the form is back, the list is gone, no phone order can be placed.
    await rep.page.getByRole('button', { name: 'Sign out' }).click();
    await rep.page.getByText('Not signed in.').waitFor();
    await rep.page.getByLabel('Sales key').waitFor();
    assert.equal(await rep.page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
    assert.equal(await rep.page.locator('#orders li').count(), 0);
    assert.equal(await rep.page.evaluate(() => sessionStorage.getItem('quotekit-sales-key')), null);
    assert.equal(await builder.evaluate((el) => (el as { salesKey?: unknown }).salesKey), null);
    assert.deepEqual(rep.errors, []);
    await rep.context.close();
  });

  test('4. offline: the order waits on the device, and one order is stored when the network is back', async () => {
    const someone = await visitor();
    const { page, context } = someone;
    await page.goto(`${vendor}/pricing`);
    const builder = page.locator('quote-builder').first();
    await builder.getByRole('spinbutton', { name: USERS }).fill('3');
    await builder.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
    await builder.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    const placed = await watchOrders(page);
    let successes = 0;
    await page.exposeFunction('countSuccess', () => (successes += 1));
    await page.evaluate(() =>
      document.addEventListener('qk-order-success', () =>
        (window as unknown as { countSuccess(): void }).countSuccess(),
      ),
    );
    await context.setOffline(true);
    await builder.getByRole('button', { name: 'Place order' }).click();
    await builder
      .getByText('Your order is saved and will be sent when you’re back online.')
      .waitFor();
    await context.setOffline(false);
    // Back online. Playwright's offline switch does not fire `online` as a
    // returning network does, so fire it: the page's outbox then sends the order.
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await builder.getByText(/Thank you! Your order number is QK-\d+\./).waitFor();
    const order = await stored((await placed()).id);
    assert.equal(order.quote.totals.monthlyPayment, '12.00');
    assert.equal(successes, 1);
    await context.close();
  });

  test('6. keyboard only: journey 2 without the mouse, the link copied and ordered at $285.00', async () => {
    const partner = await visitor();
    await partner.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: affiliate,
    });
    const tools = partner.page;
    await tools.goto(`${affiliate}/tools`);
    await tabTo(tools, 'Partner key');
    await tools.keyboard.type(demoKeys().partner);
    await tools.keyboard.press('Enter');
    await tools.getByText('the links you make credit ACME').waitFor();
    const maker = tools.locator('quote-builder');
    await maker.locator('[part="status"]', { hasText: '5% off' }).waitFor();
    await tabTo(tools, USERS);
    await tools.keyboard.type('25');
    await tabTo(tools, 'Px2 dedicated server');
    await tools.keyboard.press('Space');
    await maker.locator('[part="total-amount"]', { hasText: '$285.00' }).waitFor();
    // Back to the users to check them, then on to the link.
    await tabTo(tools, USERS, 'Shift+Tab');
    assert.equal(await maker.getByRole('spinbutton', { name: USERS }).inputValue(), '25');
    await tabTo(tools, 'Create link');
    await tools.keyboard.press('Enter');
    await tabTo(tools, 'Copy link');
    await tools.keyboard.press('Enter');
    await maker.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    const link = await tools.evaluate(() => navigator.clipboard.readText());
    assert.match(link, new RegExp(`^${vendor}/pricing\\?qid=[A-Za-z0-9]+$`));
    assert.deepEqual(partner.errors, []);
    await partner.context.close();

    const customer = await visitor();
    const { page } = customer;
    await page.goto(link);
    const builder = page.locator('quote-builder');
    await builder.locator('[part="total-amount"]', { hasText: '$285.00' }).waitFor();
    const placed = await watchOrders(page);
    await tabTo(page, 'Name');
    await page.keyboard.type('Grace Hopper');
    await tabTo(page, 'Email');
    await page.keyboard.type('grace@example.com');
    await tabTo(page, 'Place order');
    await page.keyboard.press('Enter');
    const order = await stored((await placed()).id);
    assert.equal(order.quote.totals.monthlyPayment, '285.00');
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'saved_quote' });
    assert.equal(order.customer.email, 'grace@example.com');
    // The page says so where the focus went.
    assert.match(await focusedName(page), /Thank you! Your order number is QK-\d+\./);
    assert.deepEqual(customer.errors, []);
    await customer.context.close();
  });

  test('7. every demo page: 0 axe violations and 0 console errors, light and dark', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const pages = [
      `${vendor}/`,
      `${vendor}/pricing`,
      `${vendor}/sales`,
      `${vendor}/launch`,
      `${affiliate}/`,
      `${affiliate}/tools`,
    ];
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, errors } = await visitor({ colorScheme });
      for (const url of pages) {
        await page.goto(url, { waitUntil: 'networkidle' });
        await page.waitForFunction(() =>
          [...document.querySelectorAll('quote-builder')].every(
            (el) => !el.shadowRoot?.querySelector('[aria-busy="true"]'),
          ),
        );
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () => {
          const result = await (
            window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }
          ).axe.run();
          return result.violations.map((v) => v.id);
        });
        assert.deepEqual(violations, [], `${url} (${colorScheme})`);
      }
      assert.deepEqual(errors, [], colorScheme);
      await context.close();
    }
  });

  test('8. de-DE: German page text, navigation, product names, labels and amounts formatted for Germany', async () => {
    const { page, context } = await visitor();
    await page.goto(`${vendor}/pricing?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Preise' }).waitFor();
    // The site's links keep the language.
    const launch = page.getByRole('navigation').getByRole('link', { name: 'Einführungsangebot' });
    assert.equal(
      new URL(await launch.evaluate((a: HTMLAnchorElement) => a.href)).searchParams.get('lang'),
      'de',
    );
    const builder = page.locator('quote-builder').first();
    await builder
      .getByRole('spinbutton', {
        name: 'Starter-Plus-Benutzer (POP, IMAP, SMTP, WebMail, WebAides, einfacher Spamfilter)',
      })
      .fill('25');
    await builder.getByRole('checkbox', { name: 'Px2 dedizierter Server' }).check();
    await builder.locator('[part="total-amount"]', { hasText: '300,00 $' }).waitFor();
    await builder.locator('[part="totals"] dt', { hasText: 'Monatliche Zahlung' }).waitFor();
    await builder.getByRole('button', { name: 'Bestellen' }).waitFor();
    await context.close();
  });

  test('8b. every demo page with ?lang=de shows none of its own English text, signed out', async () => {
    // Names, and words German shares with English, read the same in both.
    const SAME = new Set([
      'Vendor Mail & Hosting',
      'ACME IT consulting',
      'Status',
      'Partner',
      'Webhooks',
    ]);
    const { page, context } = await visitor();
    /** The page's own text (the elements' shadow roots, code and the language switch aside). */
    // A string, not a function: the test's compiler would name the callbacks with a helper the page lacks.
    const ownText = () =>
      page.evaluate<string[]>(`(() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
          acceptNode: (node) =>
            node.parentElement?.closest('script, style, code, [data-lang-switch]')
              ? NodeFilter.FILTER_REJECT
              : NodeFilter.FILTER_ACCEPT,
        });
        while (walker.nextNode()) {
          const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
          if (/\\p{L}{2}/u.test(text)) found.push(text);
        }
        return found;
      })()`);
    const pages = [
      ...['/', '/pricing', '/sales', '/launch', '/admin'].map((path) => vendor + path),
      ...['/', '/tools', '/portal'].map((path) => affiliate + path),
    ];
    for (const url of pages) {
      await page.goto(url, { waitUntil: 'networkidle' });
      const english = new Set(await ownText());
      await page.goto(`${url}?lang=de`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => document.documentElement.lang === 'de-DE');
      const untranslated = (await ownText()).filter((t) => english.has(t) && !SAME.has(t));
      assert.deepEqual(untranslated, [], url);
    }
    await context.close();
  });
});
