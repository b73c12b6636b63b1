import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { api, override } from '../../../test/api.js';
import { button, control, root, set, text, until } from '../../../test/dom.js';
import { opportunityExpiry } from '@quotekit/core';
import { acmeHistory, partnerWorld, type World } from '../../../test/partner.js';
import './define.js';
import type { PartnerPortal } from './partner-portal.js';

const partOf = (el: Element, part: string) => root(el).querySelector(`[part~="${part}"]`);
const rowsOf = (el: Element, part: string) =>
  [...(partOf(el, part)?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
    [...tr.children].map((cell) => text(cell)),
  );
/** Figures of a `<dl>` part as `{ term: value }`. */
const figures = (el: Element, part: string) =>
  Object.fromEntries(
    [...(partOf(el, part)?.querySelectorAll('dt') ?? [])].map((dt) => [
      text(dt),
      text(dt.nextElementSibling),
    ]),
  );
const loaded = (el: PartnerPortal) =>
  until(
    () => root(el).querySelectorAll('section[aria-busy="false"]').length === 6,
    'every section loaded',
  );

/** A portal on `world`'s API with `key` set as a page would, its clock the world's. */
async function portal(
  world: World,
  key: string | null,
  attrs: { locale?: string; pageSize?: number } = {},
) {
  const el = await fixture<PartnerPortal>(
    html`<partner-portal
      api-base=${world.base}
      locale=${attrs.locale ?? 'en-US'}
      page-size=${attrs.pageSize ?? 25}
    ></partner-portal>`,
  );
  el.now = world.now;
  el.partnerKey = key;
  await el.updateComplete;
  if (key) await loaded(el);
  return el;
}

describe('<partner-portal>', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  it('signed out: a labelled partner-key field and Sign in, nothing else; accessible', async () => {
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${await api()}></partner-portal>`,
    );
    await expect(el).to.be.accessible();
    expect(control(el, 'Partner key').type).to.equal('password');
    expect(button(el, 'Sign in')).to.not.equal(undefined);
    expect(root(el).querySelector('section')).to.equal(null);
  });

  it('Sign in with nothing typed says to enter the key and sends nothing', async () => {
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${await api()}></partner-portal>`,
    );
    button(el, 'Sign in')!.click();
    await el.updateComplete;
    expect(text(root(el).querySelector('[role="alert"]'))).to.equal('Enter your partner key.');
    expect(el.partnerKey).to.equal(null);
  });

  it('keyboard only: type the key, Enter signs in, qk-partner-signin names ACME, focus lands on the portal; the key is in no attribute or storage', async () => {
    const world = await partnerWorld();
    const key = await world.partnerKey();
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${world.base}></partner-portal>`,
    );
    control(el, 'Partner key').focus();
    await sendKeys({ type: key });
    const signedIn = oneEvent(el, 'qk-partner-signin');
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail).to.deep.equal({ partner: 'ACME', kind: 'affiliate' });
    await loaded(el);
    expect(root(el).activeElement?.id).to.equal('portal-heading');
    expect(el.outerHTML).to.not.contain(key);
    expect(root(el).innerHTML).to.not.contain(key);
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).to.not.contain(key);
    expect(text(root(el).querySelector('header'))).to.contain('Signed in as Acme');
    // Tab reaches Sign out, then the sections' controls.
    await sendKeys({ press: 'Tab' });
    expect(text(root(el).activeElement)).to.equal('Sign out');
    await sendKeys({ press: 'Enter' });
    await until(
      () => root(el).activeElement === control(el, 'Partner key'),
      'focus back on the key',
    );
    expect(el.partnerKey).to.equal(null);
  });

  it('a key the API refuses: the sign-in again, saying so, and qk-error unauthorized', async () => {
    const world = await partnerWorld();
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${world.base}></partner-portal>`,
    );
    const failed = oneEvent(el, 'qk-error');
    set(el, 'Partner key', 'qk_partner_notarealkey');
    button(el, 'Sign in')!.click();
    expect((await failed).detail.error.code).to.equal('unauthorized');
    await until(() => root(el).querySelector('input') !== null, 'the sign-in again');
    expect(text(root(el).querySelector('[role="alert"]'))).to.equal(
      'This partner key was not accepted. Check it and sign in again.',
    );
    await expect(el).to.be.accessible();
  });

  it('without api-base: says it cannot be used here, and qk-error invalid_options', async () => {
    const el = document.createElement('partner-portal');
    const failed = oneEvent(el, 'qk-error');
    document.body.append(el);
    try {
      expect((await failed).detail.error.code).to.equal('invalid_options');
      expect(text(root(el).querySelector('[role="alert"]'))).to.equal(
        'The partner portal cannot be used here.',
      );
    } finally {
      el.remove();
    }
  });

  it('a new partner: every section says what will appear there', async () => {
    const world = await partnerWorld();
    const el = await portal(world, await world.partnerKey('NORTHWIND'));
    expect(text(partOf(el, 'referrals'))).to.contain('No referrals yet.');
    expect(text(partOf(el, 'earnings'))).to.contain('Nothing earned yet.');
    expect(figures(el, 'balances')).to.deep.equal({
      Balance: '$0.00',
      Payable: '$0.00',
      Pending: '$0.00',
    });
    await expect(el).to.be.accessible();
  });

  it('Overview: tier, the way to the next, balances, when the pending $4.75 becomes payable, and why no payout', async () => {
    const world = await partnerWorld();
    await acmeHistory(world);
    const el = await portal(world, await world.partnerKey());
    // Globex's latest bill ($285.00) and Initech's ($95.00).
    expect(figures(el, 'tier')).to.deep.equal({
      'Commission tier': '10%',
      'Your referred accounts’ monthly payments': '$380.00',
    });
    expect(text(partOf(el, 'overview'))).to.contain(
      '$120.00 more in monthly payments and you can ask sales for a better rate.',
    );
    const progress = partOf(el, 'tier-progress') as HTMLProgressElement;
    expect([progress.value, progress.max]).to.deep.equal([380, 500]);
    expect(figures(el, 'balances')).to.deep.equal({
      Balance: '$4.75',
      Payable: '$0.00',
      Pending: '$4.75',
    });
    // Initech ordered on 5 April: payable after 30 New York days.
    expect(text(partOf(el, 'overview'))).to.contain('$4.75 becomes payable on May 5, 2026.');
    expect(text(partOf(el, 'next-payout'))).to.equal(
      'No payout on May 1, 2026: what is payable by then, $0.00, is not over the $25.00 minimum. It rolls over.',
    );
    await expect(el).to.be.accessible();
  });

  it('Earnings: the ledger month by month, the CSV of the same figures, and each payout', async () => {
    const world = await partnerWorld();
    await acmeHistory(world);
    const el = await portal(world, await world.partnerKey());
    // $11.88 a month from Globex, payable once it is 30 days a customer (4 February);
    // the March run pays the $35.64 payable by its end.
    expect(rowsOf(el, 'months-table')).to.deep.equal([
      ['April 2026', '$4.75', '$0.00', '$0.00', '$0.00', '$4.75'],
      ['March 2026', '$11.88', '$11.88', '$0.00', '$35.64', '$0.00'],
      ['February 2026', '$11.88', '$23.76', '$0.00', '$0.00', '$23.76'],
      ['January 2026', '$11.88', '$0.00', '$0.00', '$0.00', '$11.88'],
    ]);
    const link = partOf(el, 'csv-link') as HTMLAnchorElement;
    expect(link.download).to.equal('commission-ACME.csv');
    expect(await (await fetch(link.href)).text()).to.equal(
      'month,granted,payable,charged_back,paid,balance\r\n' +
        '2026-01,11.88,0.00,0.00,0.00,11.88\r\n' +
        '2026-02,11.88,23.76,0.00,0.00,23.76\r\n' +
        '2026-03,11.88,11.88,0.00,35.64,0.00\r\n' +
        '2026-04,4.75,0.00,0.00,0.00,4.75\r\n',
    );
    // Each run is dated at its month's end, midnight in New York.
    expect(rowsOf(el, 'payouts-table')).to.deep.equal([
      ['March 2026', 'April 1, 2026', 'PayPal', '$35.64', ''],
      [
        'February 2026',
        'March 1, 2026',
        'PayPal',
        '$0.00',
        '$23.76 rolled over: not over the minimum',
      ],
      [
        'January 2026',
        'February 1, 2026',
        'PayPal',
        '$0.00',
        '$0.00 rolled over: not over the minimum',
      ],
    ]);
    await expect(el).to.be.accessible();
  });

  it('a charge-back after the payout: the month shows it and the balance is negative, said in words', async () => {
    const world = await partnerWorld();
    await acmeHistory(world);
    await world.chargeBack('bill-mar', '2026-04-15T15:00:00.000Z');
    const el = await portal(world, await world.partnerKey());
    expect(rowsOf(el, 'months-table')[0]).to.deep.equal([
      'April 2026',
      '$4.75',
      '$0.00',
      '$11.88',
      '$0.00',
      '-$7.13',
    ]);
    expect(figures(el, 'balances').Balance).to.equal('-$7.13');
    expect(text(partOf(el, 'overview'))).to.contain('Your balance is negative after a charge-back');
  });

  it('Referrals: a page at a time by the cursor, then sorted by a column, both ways, said by aria-sort', async () => {
    const world = await partnerWorld();
    await acmeHistory(world);
    const el = await portal(world, await world.partnerKey(), { pageSize: 1 });
    expect(rowsOf(el, 'referrals-table').map((r) => r[2])).to.deep.equal(['Initech']);
    button(el, 'Show more referrals')!.click();
    await until(() => rowsOf(el, 'referrals-table').length === 2, 'the second page');
    expect(button(el, 'Show more referrals')).to.equal(undefined);
    expect(rowsOf(el, 'referrals-table')).to.deep.equal([
      ['April 5, 2026', 'offer code', 'Initech', 'active', '$95.00', '$4.75'],
      ['January 5, 2026', 'offer code', 'Globex', 'active', '$237.50', '$35.64'],
    ]);
    const header = (name: string) =>
      [...root(el).querySelectorAll('th')].find((th) => text(th).startsWith(name))!;
    header('Commission to date').querySelector('button')!.click();
    await el.updateComplete;
    expect(header('Commission to date').getAttribute('aria-sort')).to.equal('ascending');
    expect(rowsOf(el, 'referrals-table').map((r) => r[2])).to.deep.equal(['Initech', 'Globex']);
    header('Commission to date').querySelector('button')!.click();
    await el.updateComplete;
    expect(header('Commission to date').getAttribute('aria-sort')).to.equal('descending');
    expect(rowsOf(el, 'referrals-table').map((r) => r[2])).to.deep.equal(['Globex', 'Initech']);
    expect(text(partOf(el, 'referrals'))).to.contain('2 referrals shown');
    await expect(el).to.be.accessible();
  });

  it('a section that cannot load says so with Try again, fires qk-error, and the others show', async () => {
    const world = await partnerWorld();
    let cut = true;
    override(
      http.get(`${world.base}/v1/partner/referrals`, () =>
        cut ? HttpResponse.error() : undefined,
      ),
    );
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${world.base}></partner-portal>`,
    );
    const failed = oneEvent(el, 'qk-error');
    el.partnerKey = await world.partnerKey();
    expect((await failed).detail.error.code).to.equal('network_error');
    await loaded(el);
    expect(text(partOf(el, 'referrals')!.querySelector('[role="alert"]'))).to.equal(
      'This could not be loaded. The connection failed. Check it and try again.',
    );
    expect(text(partOf(el, 'overview'))).to.contain('Commission tier');
    cut = false;
    button(el, 'Try again')!.click();
    await until(() => text(partOf(el, 'referrals')).includes('No referrals yet.'), 'the retry');
    await expect(el).to.be.accessible();
  });

  it('while loading, each section says so and is aria-busy', async () => {
    const world = await partnerWorld();
    override(http.get(`${world.base}/v1/partner*`, () => new Promise<never>(() => {})));
    const el = await fixture<PartnerPortal>(
      html`<partner-portal api-base=${world.base}></partner-portal>`,
    );
    el.partnerKey = await world.partnerKey();
    await el.updateComplete;
    const busy = [...root(el).querySelectorAll('section')];
    expect(busy).to.have.length(6);
    for (const s of busy) {
      expect(s.getAttribute('aria-busy')).to.equal('true');
      expect(text(s.querySelector('[role="status"]'))).to.equal('Loading…');
    }
    el.partnerKey = null;
    await el.updateComplete;
    expect(control(el, 'Partner key')).to.not.equal(null);
  });

  it('in German, with plurals by the language’s rules', async () => {
    const world = await partnerWorld();
    await acmeHistory(world);
    const el = await portal(world, await world.partnerKey(), { locale: 'de-DE', pageSize: 1 });
    expect(text(root(el).querySelector('#overview-heading'))).to.equal('Übersicht');
    expect(figures(el, 'balances')).to.deep.equal({
      Guthaben: '4,75 $',
      Auszahlbar: '0,00 $',
      Ausstehend: '4,75 $',
    });
    expect(text(partOf(el, 'referrals'))).to.contain('1 Empfehlung angezeigt');
    button(el, 'Weitere Empfehlungen anzeigen')!.click();
    await until(() => text(partOf(el, 'referrals')).includes('2 Empfehlungen angezeigt'));
    expect(rowsOf(el, 'months-table')[0]![0]).to.equal('April 2026');
    await expect(el).to.be.accessible();
  });

  it('dark mode: every section readable (axe, colour contrast included)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const world = await partnerWorld();
    await acmeHistory(world);
    const el = await portal(world, await world.partnerKey());
    expect(getComputedStyle(el).colorScheme).to.contain('dark');
    await expect(el).to.be.accessible();
  });

  it('Clicks: the last 30 days as a chart and, for screen readers, a table of every day', async () => {
    const world = await partnerWorld();
    await world.click();
    await world.click();
    const el = await portal(world, await world.partnerKey());
    expect(text(partOf(el, 'clicks'))).to.contain(
      '2 clicks through your links in the last 30 days',
    );
    const svg = partOf(el, 'clicks-chart')!.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelectorAll('rect')).to.have.length(30);
    const rows = rowsOf(el, 'clicks-chart');
    expect(rows).to.have.length(30);
    expect(rows[29]).to.deep.equal(['Jan 5', '2']);
    expect(rows[0]).to.deep.equal(['Dec 7', '0']);
    await expect(el).to.be.accessible();
  });

  it('Opportunities: the company is required and email, phone and website are checked, each said beside its field', async () => {
    const world = await partnerWorld();
    const el = await portal(world, await world.partnerKey());
    button(el, 'Register')!.click();
    await el.updateComplete;
    expect(control(el, 'Company (required)').getAttribute('aria-invalid')).to.equal('true');
    expect(text(partOf(el, 'opportunity-form'))).to.contain('Enter the company’s name.');
    set(el, 'Company (required)', 'Globex');
    set(el, 'Email', 'it@globex');
    set(el, 'Phone', 'call me');
    set(el, 'Website', 'not a site');
    button(el, 'Register')!.click();
    await el.updateComplete;
    const form = text(partOf(el, 'opportunity-form'));
    expect(form).to.contain('Enter an email address such as it@globex.example.');
    expect(form).to.contain('Enter a phone number: digits, spaces and + ( ) . - only.');
    expect(form).to.contain('Enter a web address such as globex.example.');
    expect(form).to.not.contain('Enter the company’s name.');
    expect(text(partOf(el, 'opportunities'))).to.contain('No opportunities registered yet.');
    await expect(el).to.be.accessible();
  });

  it('registering fires qk-opportunity-create and lists it with its expiry; Renew moves the expiry 180 days from now', async () => {
    const world = await partnerWorld();
    const el = await portal(world, await world.partnerKey());
    set(el, 'Company (required)', 'Globex');
    set(el, 'Email', 'it@globex.example');
    set(el, 'Website', 'globex.example');
    const created = oneEvent(el, 'qk-opportunity-create');
    button(el, 'Register')!.click();
    const { opportunity } = (await created).detail;
    expect(opportunity.company).to.equal('Globex');
    expect(opportunity.expiresAt).to.equal(opportunityExpiry(opportunity.createdAt));
    await el.updateComplete;
    expect(text(partOf(el, 'opportunity-form'))).to.contain(
      'Registered Globex. It is yours until July 4, 2026.',
    );
    expect(rowsOf(el, 'opportunities-table')).to.deep.equal([
      ['Globex', 'January 5, 2026', 'July 4, 2026', 'active', 'Renew'],
    ]);
    world.at('2026-03-01T15:00:00.000Z');
    const renew = [...root(el).querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Renew Globex',
    )!;
    renew.click();
    await until(() => rowsOf(el, 'opportunities-table')[0]![2] !== 'July 4, 2026', 'the renewal');
    expect(rowsOf(el, 'opportunities-table')[0]![2]).to.equal('August 28, 2026');
    expect(text(partOf(el, 'opportunity-form'))).to.contain(
      'Globex renewed until August 28, 2026.',
    );
  });

  it('Payout method: the choice is saved through the API, fires qk-payout-change, and the account says it', async () => {
    const world = await partnerWorld();
    const el = await portal(world, await world.partnerKey());
    expect(text(partOf(el, 'payout-form'))).to.contain('You are paid by PayPal.');
    expect(control(el, 'PayPal email').value).to.equal('payouts@acme.example');
    set(el, 'PayPal email', 'not-an-email');
    button(el, 'Save payout method')!.click();
    await el.updateComplete;
    expect(text(partOf(el, 'payout-form'))).to.contain(
      'Enter the email address of your PayPal account.',
    );
    control(el, 'Check, mailed to your address').click();
    await el.updateComplete;
    expect(root(el).querySelector('#paypal-email')).to.equal(null);
    const changed = oneEvent(el, 'qk-payout-change');
    button(el, 'Save payout method')!.click();
    expect((await changed).detail).to.deep.equal({ method: 'check', paypalEmail: null });
    await until(
      () => text(partOf(el, 'payout-form')).includes('You are paid by check.'),
      'the account again',
    );
    expect(text(partOf(el, 'payout-form'))).to.contain(
      'Saved: you are paid by check from the next payout.',
    );
    await expect(el).to.be.accessible();
  });

  it('a reseller: credit rate, its sub-clients against the 3 that earn credit, the credit on each bill, and no check outside the US', async () => {
    const world = await partnerWorld();
    const key = await world.reseller('NORTHWIND-R', 'CA');
    await world.resellerBill('r-jan', 'NORTHWIND-R', '2026-01', ['a', 'b', 'c']);
    const el = await portal(world, key);
    expect(Object.keys(figures(el, 'tier'))).to.deep.equal([
      'Credit rate',
      'Your monthly payments',
    ]);
    expect(text(partOf(el, 'sub-clients'))).to.equal(
      '0 of 3 sub-clients. Credit starts at 3 sub-clients.',
    );
    expect(text(root(el).querySelector('#earnings-heading'))).to.equal('Credit on your bills');
    // Applied to the bill when it was issued: 10 % of the bill's $237.50 of value.
    expect(rowsOf(el, 'credits-table')).to.deep.equal([['r-jan', 'January 2, 2026', '$23.75']]);
    const check = control(el, 'Check, mailed to your address');
    expect(check.disabled).to.equal(true);
    expect(text(root(el).querySelector('#check-reason'))).to.equal(
      'Checks are mailed to US addresses only; your address is in Canada.',
    );
    await expect(el).to.be.accessible();
  });

  it('in German: clicks, sub-client counts and opportunities by the language’s plural rules', async () => {
    const world = await partnerWorld();
    await world.click();
    const el = await portal(world, await world.partnerKey(), { locale: 'de-DE' });
    expect(text(partOf(el, 'clicks'))).to.contain(
      '1 Klick über Ihre Links in den letzten 30 Tagen',
    );
    set(el, 'Firma (Pflichtfeld)', 'Globex');
    button(el, 'Registrieren')!.click();
    await until(() => rowsOf(el, 'opportunities-table').length === 1, 'the list');
    expect(text(root(el).querySelector('#opportunities-caption'))).to.equal('1 Verkaufschance');
  });
});
