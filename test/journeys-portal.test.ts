// Journey 12: the affiliate's partner portal on its own site, keyboard only,
// in German and dark mode, against what `npm start` runs, with 0 axe
// violations, showing ACME's own records as the Order API answers them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { after, before, describe, test } from 'node:test';
import { admin, call, ROOT, startDemo, visitor, type Demo } from './demo-harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo(12);
});
after(() => demo?.stop());

const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe });
  return page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }
    ).axe.run();
    return result.violations.map((v) => v.id);
  });
}

/** The focused element, inside shadow roots: its id, or its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element?.id || element?.textContent?.trim() || '';
  });

/** Presses Tab until `target` (an id or a button's text) has the focus. */
async function tabTo(page: Page, target: string, most = 80) {
  for (let i = 0; i < most; i += 1) {
    if ((await focused(page)) === target) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${target}`);
}

/** An amount in US dollars as a German page writes it, as a pattern. */
const dollars = (amount: string) =>
  new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'USD' })
    .format(Number(amount))
    .replace(/[$.]/g, '\\$&');

describe('journey 12: the partner portal', () => {
  test('keyboard only, in German and dark mode: ACME signs in, reads its records as the API has them, registers an opportunity; 0 axe violations', async () => {
    // ACME's records: a customer with its offer code, billed and paid, and a click through its link.
    const ordered = await fetch(`${demo.api}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'journey-12-order' },
      body: JSON.stringify({
        quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
        expectedMonthlyPayment: '95.00',
        customer: { name: 'Ann Lee', email: 'ann@globex.example', company: 'Globex' },
        channel: 'web',
      }),
    });
    assert.equal(ordered.status, 201);
    const { order } = (await ordered.json()) as { order: { id: string; createdAt: string } };
    const now = new Date();
    const billed = await call(demo, 'admin', 'POST', '/v1/statements', {
      id: 'journey-12-bill',
      orderId: order.id,
      period: now.toISOString().slice(0, 7),
      issuedAt: now.toISOString(),
      lines: [{ product: 'starter-plus-user', amount: '95.00' }],
      paidInFullAt: now.toISOString(),
    });
    assert.equal(billed.status, 201, JSON.stringify(billed.body));
    await fetch(`${demo.api}/v1/attribution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ affiliate: 'ACME' }),
    });
    const { body: account } = await call(demo, 'partner', 'GET', '/v1/partner');
    assert.notEqual(account.pending, '0.00');

    const { context, page, errors } = await visitor(demo, { colorScheme: 'dark' });
    await page.goto(`${demo.affiliate}/portal?lang=de`);
    await page.getByRole('heading', { name: 'Im Partnerportal anmelden' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
    assert.deepEqual(await violations(page), [], 'signed out');

    await tabTo(page, 'key');
    await page.keyboard.type(demo.keys().partner);
    await page.keyboard.press('Enter');
    const portal = page.locator('partner-portal');
    await portal.getByRole('heading', { name: 'Partnerportal', exact: true }).waitFor();
    await page.waitForFunction(
      () =>
        document
          .querySelector('partner-portal')
          ?.shadowRoot?.querySelectorAll('section[aria-busy="false"]').length === 6,
    );
    assert.equal(await focused(page), 'portal-heading');

    // What the API answers, as the portal says it in German.
    const balances = portal.locator('[part="balances"]');
    assert.match(await balances.innerText(), new RegExp(`Guthaben\\s+${dollars(account.balance)}`));
    assert.match(
      await balances.innerText(),
      new RegExp(`Ausstehend\\s+${dollars(account.pending)}`),
    );
    const { body: referrals } = await call(demo, 'partner', 'GET', '/v1/partner/referrals');
    const globex = referrals.referrals.find((r: { orderId: string }) => r.orderId === order.id);
    const row = await portal
      .locator('[part="referrals-table"] tbody tr', { hasText: 'Globex' })
      .innerText();
    assert.match(row, /Angebotscode/);
    assert.match(row, new RegExp(dollars(globex.commissionToDate)));
    assert.match(await portal.locator('[part="clicks"]').innerText(), /Klick/);
    assert.match(await portal.locator('[part="next-payout"]').innerText(), /Auszahlung/);

    // Register an opportunity with the keyboard.
    await tabTo(page, 'opp-company');
    await page.keyboard.type('Initech');
    await page.keyboard.press('Enter');
    await portal.getByText(/Initech registriert\. Sie gilt bis/).waitFor();
    const { body: listed } = await call(demo, 'partner', 'GET', '/v1/partner/opportunities');
    assert.ok(listed.opportunities.some((o: { company: string }) => o.company === 'Initech'));

    assert.deepEqual(await violations(page), [], 'signed in');
    assert.equal((await admin(demo, `/v1/orders/${order.id}`)).order.attribution.affiliate, 'ACME');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
