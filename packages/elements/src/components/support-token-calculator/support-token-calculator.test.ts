import { expect, fixture, html } from '@open-wc/testing';
import { appendForFirstRender, root, set, text } from '../../../test/dom.js';
import './define.js';
import type { SupportTokenCalculator } from './support-token-calculator.js';

const rows = (el: SupportTokenCalculator, part: string) =>
  [...root(el).querySelectorAll(`[part="${part}"] tbody tr`)].map((tr) => text(tr));

describe('<support-token-calculator>', () => {
  // First in the file: no calculator has loaded the support rules yet.
  it('paints its form before the support rules load, with room kept for the figures, then the figures', async () => {
    const el = document.createElement('support-token-calculator');
    try {
      await appendForFirstRender(el);
      expect(root(el).querySelector('input'), 'the form').to.not.equal(null);
      const figures = root(el).querySelector('.figures');
      expect(figures?.getAttribute('aria-busy')).to.equal('true');
      expect(figures!.getBoundingClientRect().height).to.be.greaterThan(100);
      expect(root(el).querySelector('[part="options"]')).to.equal(null);
      await el.updateComplete;
      expect(root(el).querySelector('.figures')).to.equal(null);
      expect(rows(el, 'options').length).to.equal(3);
    } finally {
      el.remove();
    }
  });

  it('dedicated, 100 users, 2 standard tickets: the administrators-only flat rate is cheapest', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator
        plan="dedicated"
        users="100"
        admins="2"
      ></support-token-calculator>`,
    );
    await expect(el).to.be.accessible();
    // Seed 004: 0.30 per user for all users, 0.10 per user for administrators only;
    // a standard ticket is 1 token on dedicated, at least $25.00 per paid issue.
    expect(rows(el, 'options')).to.deep.equal([
      'Flat rate, all users $30.00',
      'Flat rate, administrators only Cheapest $10.00',
      'Tokens (2 a month) $50.00',
    ]);
    expect(text(root(el).querySelector('[role="status"]'))).to.equal(
      'A flat rate is cheapest: it also covers the tickets nobody expected.',
    );
    expect(rows(el, 'token-table')).to.deep.equal([
      'Informational 0',
      'Billing 0',
      'Standard 1',
      'Urgent 3',
      'Emergency 10',
    ]);
    // Against $10.00 a month, one ticket of a paid kind already costs more in tokens.
    expect(text(root(el).querySelector('ul'))).to.contain(
      '1 Standard ticket a month costs more in tokens than $10.00.',
    );
  });

  it('10,000 users and one standard ticket: tokens are cheapest ("instead of paying $1000/mo")', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator plan="dedicated" users="10000"></support-token-calculator>`,
    );
    set(el, 'Standard', '1');
    await el.updateComplete;
    expect(rows(el, 'options')[1]).to.equal('Flat rate, administrators only $1,000.00');
    expect(rows(el, 'options')[2]).to.equal('Tokens (1 a month) Cheapest $25.00');
    expect(text(root(el).querySelector('[role="status"]'))).to.equal(
      'Tokens are cheapest for the tickets you expect.',
    );
    // $1,000.00 ÷ $25.00 = 40: the 41st standard ticket costs more than the flat rate.
    expect(text(root(el).querySelector('ul'))).to.contain(
      '41 Standard tickets a month cost more in tokens than $1,000.00.',
    );
    await expect(el).to.be.accessible();
  });

  it('a $10 token: a 1-token issue still costs the $25.00 minimum', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator
        plan="dedicated"
        users="10"
        token-price="10.00"
      ></support-token-calculator>`,
    );
    set(el, 'Standard', '1');
    await el.updateComplete;
    expect(rows(el, 'options')[2]).to.equal('Tokens (1 a month) $25.00');
    expect(text(root(el).querySelector('[part="token-table"] + p'))).to.equal(
      'One token costs $10.00; a paid issue costs at least $25.00.',
    );
    expect(text(root(el).querySelector('[part="token-table"] + p + p'))).to.equal(
      'Tokens cover administrators only, and there is no inbound phone support on tokens, unless it is for an emergency issue and you authorize an emergency support ticket.',
    );
  });

  it('without token-price, visitors see no developer text; the console says once to set token-price', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      const el = await fixture<SupportTokenCalculator>(
        html`<support-token-calculator plan="dedicated" users="10"></support-token-calculator>`,
      );
      set(el, 'Urgent', '1');
      await el.updateComplete;
      // Seed 004 prices no token. The 2 standard tickets (1 token each) cost the
      // $25.00 minimum each; the urgent one (3 tokens) 3 × $10.00.
      expect(rows(el, 'options')[2]).to.equal('Tokens (5 a month) $80.00');
      expect(text(root(el).querySelector('[part="token-table"] + p'))).to.equal(
        'One token costs $10.00; a paid issue costs at least $25.00.',
      );
      expect(text(root(el).querySelector('[part="base"]'))).to.not.match(/token-price|sample/i);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('token-price is not set');
    } finally {
      console.warn = warn;
    }
  });

  it('plurals by the locale: one administrator, one ticket, in English and German', async () => {
    const note = (el: SupportTokenCalculator) => text(root(el).querySelector('p.muted'));
    const en = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator
        users="10"
        admins="1"
        token-price="25.00"
      ></support-token-calculator>`,
    );
    expect(note(en)).to.equal(
      'Administrators-only support covers your 1 administrator; other users ask them.',
    );
    // Flat rate for administrators only is $1.00 (10 users × 0.10): one emergency ticket costs more.
    const breakEven = [...root(en).querySelectorAll('li')].map((li) => text(li));
    expect(breakEven).to.include('1 Emergency ticket a month costs more in tokens than $1.00.');
    en.admins = '3';
    await en.updateComplete;
    expect(note(en)).to.equal(
      'Administrators-only support covers your 3 administrators; other users ask them.',
    );
    const de = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator
        locale="de"
        users="10"
        admins="1"
        token-price="25.00"
      ></support-token-calculator>`,
    );
    expect(note(de)).to.equal(
      'Der Support nur für Administratoren gilt für Ihren 1 Administrator; andere Benutzer fragen ihn.',
    );
    const german = [...root(de).querySelectorAll('li')].map((li) => text(li));
    expect(german).to.include('1 Ticket „Notfall“ im Monat kostet in Tokens mehr als 1,00 $.');
  });

  it('shared hosting shows flat rate for all users only and says why', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator plan="shared" users="50"></support-token-calculator>`,
    );
    expect(rows(el, 'options')[1]).to.contain('Not offered on this plan');
    expect(rows(el, 'options')[2]).to.equal('Tokens (0 a month) Not offered on this plan');
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      'Shared hosting has flat-rate support for all users only',
    );
    expect(root(el).querySelector('[part="token-table"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('response targets for a ticket filed now, in the viewer’s time and New York time', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator plan="dedicated" locale="en-US"></support-token-calculator>`,
    );
    // Saturday 9 March 2024, 21:00 EST: urgent starts within 4 business hours
    // (2 that night, 2 from 09:00 EDT on Sunday: 11:00 EDT).
    el.now = () => Date.parse('2024-03-10T02:00:00Z');
    el.requestUpdate();
    await el.updateComplete;
    const urgent = rows(el, 'targets').find((row) => row.startsWith('Urgent'))!;
    expect(urgent).to.contain('Mar 10, 2024, 11:00 AM EDT New York');
    const billing = rows(el, 'targets').find((row) => row.startsWith('Billing'))!;
    expect(billing).to.equal('Billing No target No target');
  });

  it('in German', async () => {
    const el = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator
        plan="dedicated"
        users="100"
        locale="de-DE"
      ></support-token-calculator>`,
    );
    expect(rows(el, 'options')[0]).to.equal('Pauschale, alle Benutzer 30,00 $');
    expect(text(root(el).querySelector('ul'))).to.contain(
      '1 Ticket „Standard“ im Monat kostet in Tokens mehr als 10,00 $.',
    );
    await expect(el).to.be.accessible();
  });

  it('bad attributes: a visible alert and qk-error, never NaN', async () => {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const errors: string[] = [];
    holder.addEventListener('qk-error', (e) => errors.push(e.detail.error.code));
    holder.innerHTML =
      '<support-token-calculator plan="gold"></support-token-calculator><support-token-calculator users="many"></support-token-calculator>';
    const [gold, many] = holder.querySelectorAll('support-token-calculator');
    await gold!.updateComplete;
    await many!.updateComplete;
    expect(errors).to.deep.equal(['invalid_plan', 'invalid_quantity']);
    expect(text(root(gold!).querySelector('[role="alert"]'))).to.contain('plan');
    expect(root(many!).textContent).to.not.contain('NaN');
  });
});
