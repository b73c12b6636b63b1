// The partner program's month end, end to end: Chromium on the vendor's
// /admin against what `npm start` runs, with the Order API's clock moved
// forward (the test build in packages/server/test/clock-server.ts), each
// step read back from the API with the demo's keys.
//
// 9. an affiliate link → an order → /admin bills it and records the payment
//    → ACME's commission is pending, payable once the customer is over 30
//    days old, then paid by a payout run, the ledger equal to core's
//    `commissionLedger`;
// 11. a charge-back after that payout → ACME's balance is negative and it
//    cannot be closed (409 negative_balance);
// 10. an order whose company matches ACME's registered opportunity → /admin
//    confirms the match → ACME's referral by `opportunity`.
// ACME's side of each is read on its portal (/portal on the affiliate's site)
// as well as from the API.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { after, before, describe, test } from 'node:test';
import { commissionLedger, ledgerStanding, payoutMonthEnd, payoutMonthOf } from '@quotekit/core';
import {
  admin,
  call,
  CLOCK_SERVER,
  clockNow,
  moveClock,
  ROOT,
  startDemo,
  USERS,
  visitor,
  watchOrders,
  type Demo,
} from './demo-harness.js';

const DAY = 86_400_000;
let demo: Demo;
before(async () => {
  demo = await startDemo(9, { QUOTEKIT_TEST_API_ENTRY: CLOCK_SERVER });
});
after(() => demo?.stop());

/** /admin signed in with the demo's admin key, the browser's clock at the API's time. */
async function openAdmin() {
  const session = await visitor(demo, { acceptDownloads: true });
  await session.context.clock.install({ time: await clockNow(demo) });
  const { page } = session;
  await page.goto(`${demo.vendor}/admin`);
  await page.getByLabel('Admin key').fill(demo.keys().admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in.').waitFor();
  return session;
}

/**
 * ACME's portal on the affiliate's site (/portal), signed in with its partner
 * key, the browser at the API's time, once every section has loaded.
 */
async function openPortal() {
  const session = await visitor(demo);
  await session.context.clock.install({ time: await clockNow(demo) });
  const { page } = session;
  await page.goto(`${demo.affiliate}/portal`);
  const portal = page.locator('partner-portal');
  await portal.getByLabel('Partner key').fill(demo.keys().partner);
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(
    () =>
      document
        .querySelector('partner-portal')
        ?.shadowRoot?.querySelectorAll('section[aria-busy="false"]').length === 6,
  );
  return { ...session, portal };
}

/** Balance, payable and pending as the portal shows them. */
async function portalBalances() {
  const session = await openPortal();
  const text = await session.portal.locator('[part="balances"]').innerText();
  const figure = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(text)?.[1];
  const shown = {
    balance: figure('Balance'),
    payable: figure('Payable'),
    pending: figure('Pending'),
  };
  return { ...session, shown };
}

const usd = (amount: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(amount));

interface Entry {
  at: string;
  type: string;
  amount: string;
  payableAt: string | null;
  payoutId: string | null;
  statementId: string | null;
}

let statementId = '';
let orderId = '';

describe('journeys of the partner program (test build clock)', () => {
  test('9. affiliate link → order → billed and paid on /admin → commission pending, payable after 30 days, paid by the payout run, as core’s commissionLedger says', async () => {
    // A visitor comes through ACME's link and orders 100 users ($400.00 a month).
    const { context, page, errors } = await visitor(demo);
    await page.goto(`${demo.affiliate}/`);
    await page.getByRole('link', { name: 'See their prices' }).click();
    await page.waitForURL(`${demo.vendor}/pricing**`);
    await page.waitForFunction(() => !location.search.includes('aff='));
    const builder = page.locator('quote-builder#quote');
    await builder.getByRole('spinbutton', { name: USERS }).fill('100');
    await builder.locator('[part="total-amount"]', { hasText: '$400.00' }).waitFor();
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Katherine Johnson');
    await builder.getByRole('textbox', { name: 'Email' }).fill('katherine@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    orderId = (await placed()).id;
    assert.deepEqual(errors, []);
    await context.close();
    const { order } = await admin(demo, `/v1/orders/${orderId}`);
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'affiliate_url' });

    // The vendor bills this month on /admin: the statement is posted and paid in full.
    const office = await openAdmin();
    const month = order.createdAt.slice(0, 7);
    statementId = `bill-${month}-${order.number}`;
    await office.page
      .locator('#orders')
      .getByRole('cell', { name: order.number, exact: true })
      .waitFor();
    await office.page.locator('#bill-month').fill(month);
    await office.page.locator('#bill').click();
    await office.page.getByText('1 posted now, 0 posted before').waitFor();
    await office.page.getByRole('cell', { name: statementId, exact: true }).waitFor();
    await office.page.getByRole('cell', { name: /^pending until/ }).waitFor();
    // The order reached the demo's receiver, signature verified, and /admin lists it.
    await office.page
      .locator('#webhooks tr', { hasText: 'order.created' })
      .filter({ hasText: order.number })
      .filter({ hasText: 'yes' })
      .waitFor();
    // Billing the month again posts nothing twice.
    await office.page.locator('#bill').click();
    await office.page.getByText('0 posted now, 1 posted before').waitFor();
    assert.deepEqual(office.errors, []);
    await office.context.close();

    // 10 % of $400.00 (ACME's tier from $50.00), granted and pending.
    let { body: account } = await call(demo, 'partner', 'GET', '/v1/partner');
    assert.deepEqual(
      [account.pending, account.payable, account.balance],
      ['40.00', '0.00', '40.00'],
    );
    // ACME's portal says so, and when it becomes payable.
    let seen = await portalBalances();
    assert.deepEqual(seen.shown, { balance: '$40.00', payable: '$0.00', pending: '$40.00' });
    await seen.portal.getByText(/\$40\.00 becomes payable on /).waitFor();
    assert.deepEqual(seen.errors, []);
    await seen.context.close();

    // 31 days on, the customer is over 30 days old: payable.
    await moveClock(demo, { advanceMs: 31 * DAY });
    ({ body: account } = await call(demo, 'partner', 'GET', '/v1/partner'));
    assert.deepEqual(
      [account.pending, account.payable, account.balance],
      ['0.00', '40.00', '40.00'],
    );
    seen = await portalBalances();
    assert.deepEqual(seen.shown, { balance: '$40.00', payable: '$40.00', pending: '$0.00' });
    assert.deepEqual(seen.errors, []);
    await seen.context.close();

    // After the month it became payable in has ended, /admin runs that month's payouts.
    const entries = async () =>
      (await call(demo, 'partner', 'GET', '/v1/partner/ledger?limit=200')).body.entries as Entry[];
    const commission = (await entries()).find((e) => e.type === 'commission')!;
    assert.equal(commission.amount, '40.00');
    const payoutMonth = payoutMonthOf(commission.payableAt!);
    await moveClock(demo, {
      at: new Date(Date.parse(payoutMonthEnd(payoutMonth)) + DAY).toISOString(),
    });
    const finance = await openAdmin();
    await finance.page.locator('#payout-month').fill(payoutMonth);
    await finance.page.getByRole('button', { name: 'Run payouts' }).click();
    await finance.page.getByText('$40.00 paid to 1 partner.').waitFor();
    const download = finance.page.waitForEvent('download');
    await finance.page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    assert.equal(
      csv,
      '"partner","name","method","paypal_email_or_country","amount"\r\n' +
        '"ACME","Acme Hosting Partners","paypal","payouts@acme.example","40.00"\r\n',
    );
    assert.deepEqual(finance.errors, []);
    await finance.context.close();

    const { run } = await admin(demo, `/v1/payout-runs/${payoutMonth}`);
    const acme = run.payouts.find((p: { partner: string }) => p.partner === 'ACME');
    assert.equal(acme.amount, '40.00');
    ({ body: account } = await call(demo, 'partner', 'GET', '/v1/partner'));
    assert.deepEqual([account.pending, account.payable, account.balance], ['0.00', '0.00', '0.00']);

    // The vendor's receiver got the grant and the run, each signature verified.
    const until = Date.now() + 15_000;
    const arrived = async () => {
      const res = await fetch(`${demo.receiver}/events`, {
        headers: { Authorization: `Bearer ${demo.keys().admin}` },
      });
      const { events } = (await res.json()) as {
        events: { type: string; verified: boolean; data?: Record<string, unknown> }[];
      };
      return events.filter((e) => e.verified).map((e) => e.type);
    };
    while (!(await arrived()).includes('payout_run.completed')) {
      assert.ok(Date.now() < until, 'payout_run.completed arrived');
      await new Promise((done) => setTimeout(done, 200));
    }
    assert.ok((await arrived()).includes('statement.commission_granted'));

    // The ledger month by month, as core computes it from the statement alone.
    const ledger = await entries();
    const payment = ledger.find((e) => e.type === 'commission')!;
    const from = payoutMonthOf(order.createdAt);
    const months = commissionLedger({
      statements: [
        {
          id: statementId,
          commission: '40.00',
          paidInFullAt: payment.at,
          customerSince: order.createdAt,
        },
      ],
      payoutMethod: 'paypal',
      from,
      months: 3,
    });
    const sum = (list: Entry[]) =>
      list.reduce((total, e) => total + Math.round(Number(e.amount) * 100), 0) / 100;
    for (const row of months) {
      const end = payoutMonthEnd(row.month);
      const inMonth = (e: Entry) => payoutMonthOf(e.at) === row.month;
      const standing = ledgerStanding(ledger, new Date(Date.parse(end) + 1).toISOString());
      assert.deepEqual(
        {
          granted: sum(ledger.filter((e) => e.type === 'commission' && inMonth(e))).toFixed(2),
          paid: (-sum(ledger.filter((e) => e.payoutId === `po_${row.month}_acme`))).toFixed(2),
          pending: standing.pending,
          balance: standing.balance,
        },
        { granted: row.granted, paid: row.paid, pending: row.pending, balance: row.balance },
        row.month,
      );
    }
    assert.equal(months.find((r) => r.month === payoutMonth)?.paid, '40.00');

    // The portal's Earnings, month by month newest first, are core's figures.
    seen = await portalBalances();
    assert.deepEqual(seen.shown, { balance: '$0.00', payable: '$0.00', pending: '$0.00' });
    const shownMonths = await seen.portal
      .locator('[part="months-table"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.trim())),
      );
    assert.deepEqual(
      shownMonths,
      [...months]
        .reverse()
        .map((r) => [r.granted, r.payable, r.chargedBack, r.paid, r.balance].map(usd)),
    );
    await seen.portal.locator('[part="payouts-table"] tr', { hasText: '$40.00' }).waitFor();
    assert.deepEqual(seen.errors, []);
    await seen.context.close();
  });

  test('11. a charge-back after the payout makes ACME’s balance negative, and closing ACME is refused with 409 negative_balance', async () => {
    assert.ok(statementId, 'journey 9 billed and paid out a statement');
    await moveClock(demo, { advanceMs: DAY });
    const office = await openAdmin();
    await office.page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'hidden' });
    // The statements table lists what this page posted: bill the month again to read it back.
    const { order } = await admin(demo, `/v1/orders/${orderId}`);
    await office.page.locator('#bill-month').fill(order.createdAt.slice(0, 7));
    await office.page.locator('#bill').click();
    await office.page.getByText('0 posted now, 1 posted before').waitFor();
    await office.page.getByRole('button', { name: `Charge back ${statementId}` }).click();
    await office.page.getByRole('cell', { name: 'charged back', exact: true }).waitFor();

    const { body: account } = await call(demo, 'partner', 'GET', '/v1/partner');
    assert.equal(account.balance, '-40.00');
    const seen = await portalBalances();
    assert.equal(seen.shown.balance, '-$40.00');
    await seen.portal
      .getByText(
        'Your balance is negative after a charge-back: later commission makes it up first.',
      )
      .waitFor();
    assert.deepEqual(seen.errors, []);
    await seen.context.close();
    const ledger = (await call(demo, 'partner', 'GET', '/v1/partner/ledger?limit=200')).body
      .entries as Entry[];
    assert.deepEqual(
      ledger.map((e) => [e.type, e.amount]),
      [
        ['commission', '40.00'],
        ['payout', '-40.00'],
        ['chargeback', '-40.00'],
      ],
    );

    // Closing ACME on /admin is refused, and says why.
    await office.page.getByRole('button', { name: 'Close ACME' }).click();
    await office.page
      .getByText('ACME cannot be closed: its balance is -$40.00. It must remit that first.')
      .waitFor();
    const refused = await call(demo, 'admin', 'POST', '/v1/partners/ACME/close');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'negative_balance');
    assert.equal((await admin(demo, '/v1/partners/ACME')).partner.status, 'active');
    // The 409 is the browser's own console line for the refused request, not a page error.
    assert.deepEqual(
      office.errors.filter((e) => !e.includes('409')),
      [],
    );
    await office.context.close();
  });

  test('10. an order whose company matches ACME’s opportunity, confirmed on /admin, is ACME’s referral by opportunity', async () => {
    const registered = await call(demo, 'partner', 'POST', '/v1/partner/opportunities', {
      company: 'Globex Corporation',
      contactName: 'Hank Scorpio',
      email: 'hank@globex.example',
    });
    assert.equal(registered.status, 201);

    // A visitor with no code and no cookie orders for "GLOBEX, Inc.".
    const { context, page, errors } = await visitor(demo);
    await page.goto(`${demo.vendor}/pricing`);
    const builder = page.locator('quote-builder#quote');
    await builder.getByRole('spinbutton', { name: USERS }).fill('20');
    await builder.locator('[part="total-amount"]', { hasText: '$80.00' }).waitFor();
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Ann Lee');
    await builder.getByRole('textbox', { name: 'Email' }).fill('it@mail.globex.example');
    await builder.getByRole('textbox', { name: 'Company (optional)' }).fill('GLOBEX, Inc.');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const { id } = await placed();
    assert.deepEqual(errors, []);
    await context.close();
    const { order } = await admin(demo, `/v1/orders/${id}`);
    assert.equal(order.attribution, null);

    // Matching runs after the order is answered: /admin lists the match once it is made.
    const until = Date.now() + 15_000;
    while ((await admin(demo, '/v1/opportunity-matches?status=open')).matches.length === 0) {
      assert.ok(Date.now() < until, 'the order was matched');
      await new Promise((done) => setTimeout(done, 200));
    }
    const office = await openAdmin();
    await office.page.getByText(`${order.number} (Ann Lee, GLOBEX, Inc.) matches ACME`).waitFor();
    await office.page.getByRole('button', { name: `Confirm ${order.number}` }).click();
    await office.page.getByText(`Confirmed: ${order.number} is ACME's by opportunity.`).waitFor();
    assert.equal(await office.page.locator('#matches li').count(), 0);
    assert.deepEqual(office.errors, []);
    await office.context.close();

    const { order: credited } = await admin(demo, `/v1/orders/${id}`);
    assert.deepEqual(credited.attribution, { affiliate: 'ACME', method: 'opportunity' });
    const { body } = await call(demo, 'partner', 'GET', '/v1/partner/referrals?limit=200');
    const referral = body.referrals.find((r: { orderId: string }) => r.orderId === id);
    assert.equal(referral?.method, 'opportunity');
    // ACME's portal lists it as its referral by opportunity.
    const seen = await openPortal();
    const row = await seen.portal
      .locator('[part="referrals-table"] tbody tr', { hasText: 'GLOBEX, Inc.' })
      .innerText();
    assert.match(row, /opportunity/);
    assert.deepEqual(seen.errors, []);
    await seen.context.close();
  });

  test('/admin approves ACME’s post-facto request for an order, which is then ACME’s by post_facto', async () => {
    const res = await fetch(`${demo.api}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({
        quote: { lines: [{ product: 'starter-plus-user', quantity: 5 }] },
        expectedMonthlyPayment: '20.00',
        customer: { name: 'Bo Diddley', email: 'bo@initech.example', company: 'Initech' },
        channel: 'web',
      }),
    });
    assert.equal(res.status, 201);
    const { order } = (await res.json()) as { order: { id: string; number: string } };
    const asked = await call(demo, 'partner', 'POST', '/v1/partner/post-facto', {
      orderId: order.id,
      evidence: 'Bo wrote "referred by ACME" in the sign-up form.',
    });
    assert.equal(asked.status, 201);

    const office = await openAdmin();
    await office.page.getByText(`ACME asks for ${order.number} (Bo Diddley)`).waitFor();
    await office.page.getByRole('button', { name: `Approve ${order.number}` }).click();
    await office.page.getByText(`Approved: ${order.number} is ACME's by post facto.`).waitFor();
    assert.equal(await office.page.locator('#post-facto li').count(), 0);
    assert.deepEqual(office.errors, []);
    await office.context.close();
    const { order: credited } = await admin(demo, `/v1/orders/${order.id}`);
    assert.deepEqual(credited.attribution, { affiliate: 'ACME', method: 'post_facto' });
  });

  test('/admin with the keyboard only: 0 axe violations signed out and in, light and dark; in German with ?lang=de', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const violations = async (page: Page) => {
      await page.addScriptTag({ content: axe });
      return page.evaluate(async () => {
        const result = await (
          window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }
        ).axe.run();
        return result.violations.map((v) => v.id);
      });
    };
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, errors } = await visitor(demo, { colorScheme });
      await page.goto(`${demo.vendor}/admin`);
      assert.deepEqual(await violations(page), [], `signed out (${colorScheme})`);
      // Tab to the key, type it, Enter.
      for (let i = 0; i < 20; i += 1) {
        if (await page.evaluate(() => document.activeElement?.id === 'admin-key')) break;
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type(demo.keys().admin);
      await page.keyboard.press('Enter');
      await page.getByText('Signed in.').waitFor();
      await page.getByText(/^\d+ orders\.$/).waitFor();
      await page.getByText(/^\d+ webhooks received\.$/).waitFor();
      // Tab on to "Bill last month" and press it.
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.id === 'bill')) break;
      }
      await page.keyboard.press('Enter');
      await page.locator('#billing-status').filter({ hasText: /.+/ }).waitFor();
      assert.doesNotMatch(await page.locator('#billing-status').innerText(), /refused|could not/);
      assert.deepEqual(await violations(page), [], `signed in (${colorScheme})`);
      assert.deepEqual(errors, [], colorScheme);
      await context.close();
    }

    const { context, page, errors } = await visitor(demo, { locale: 'de-DE' });
    await page.goto(`${demo.vendor}/admin?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Backoffice' }).waitFor();
    await page.getByLabel('Admin-Schlüssel').fill(demo.keys().admin);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Angemeldet.', { exact: false }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Bestellungen' }).waitFor();
    await page.getByRole('button', { name: 'Letzten Monat abrechnen' }).waitFor();
    await page.getByRole('button', { name: 'Auszahlungen ausführen' }).waitFor();
    await page.locator('#orders').getByRole('cell', { name: '400,00 $' }).waitFor();
    await page.getByText(/^\d+ Webhooks empfangen\.$/).waitFor();
    assert.deepEqual(await violations(page), [], 'German');
    assert.deepEqual(errors, [], 'German');
    await context.close();
  });
});
