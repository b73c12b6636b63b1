// <commission-estimator for="…">: the estimate follows a <quote-builder>'s
// quote, through the real builder and the real Order API (MSW in the page).
import { expect, fixture, html } from '@open-wc/testing';
import { api } from '../../../test/api.js';
import { applyCode, builder, control, root, text, type, until } from '../../../test/dom.js';
import '../quote-builder/define.js';
import type { QuoteBuilder } from '../quote-builder/quote-builder.js';
import type { CommissionEstimator } from './commission-estimator.js';
import './define.js';

const PRODUCTS = 'starter-plus-user,dedicated-px2,secureform';
const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';

/** The `dt` → `dd` pairs of a part of the estimator. */
const pairs = (el: CommissionEstimator, part: 'quote' | 'results') =>
  Object.fromEntries(
    [...root(el).querySelectorAll(`[part="${part}"] dt`)].map((dt) => [
      text(dt),
      text(dt.nextElementSibling),
    ]),
  );
const figuresText = (el: CommissionEstimator) => text(root(el).querySelector('.figures'));

/** Waits until the estimator's figures area reads something containing `words`. */
async function shows(el: CommissionEstimator, words: string) {
  await until(() => figuresText(el).includes(words), `"${words}" in the estimate`);
}

/** An estimator following `for`, whose customers sign up on 15 January 2024. */
function follower(id: string, attrs: Record<string, string> = {}): CommissionEstimator {
  const el = document.createElement('commission-estimator');
  el.setAttribute('for', id);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.now = () => Date.parse('2024-01-15T15:00:00Z');
  return el;
}

describe('<commission-estimator for>', () => {
  it('follows the builder quote live: list price, value and the offer code discount', async () => {
    const el = follower('maker');
    const b = await builder(
      html`<quote-builder id="maker" api-base=${await api()} products=${PRODUCTS}></quote-builder>`,
      'ready',
    );
    b.after(el);
    try {
      type(control(b, USERS), '40');
      control(b, 'Px2 dedicated server').click();
      await applyCode(b, 'ACME5');
      // 40 users at $4.00 and the $200.00 Px2: $360.00 at list price, of which
      // $310.00 commissionable (the server at 75 %). ACME5 takes 5 %: $342.00 paid
      // keeps the 10 % tier, 5 % after the discount, of $310.00 − $15.50 = $14.73.
      await shows(el, '$14.73');
      expect(pairs(el, 'quote')).to.deep.equal({
        'Your customers’ monthly payments (before discount, USD)': '$360.00',
        'Their monthly commissionable value (USD)': '$310.00',
        'Their one-time commissionable fees, first month (USD)': '$0.00',
        'Offer-code discount you give': '5%',
      });
      expect(pairs(el, 'results')).to.deep.equal({
        'Commission tier': '10%',
        'Your rate after the discount': '5%',
        'Commission a month': '$14.73',
        'Commission a year': '$176.76',
        'Your customers save a month': '$18.00',
      });
      // The visitor takes the server off: 40 users, $152.00 after the discount, 5 % of it.
      control(b, 'Px2 dedicated server').click();
      await shows(el, '$7.60');
      expect(
        pairs(el, 'quote')['Your customers’ monthly payments (before discount, USD)'],
      ).to.equal('$160.00');
      // Without the code the full 10 % of $160.00.
      b.session!.clearOfferCode();
      await shows(el, '$16.00');
      expect(pairs(el, 'quote')['Offer-code discount you give']).to.equal('0%');
      // No fields of its own for what the quote gives; the payout method stays the reader's.
      expect(root(el).querySelector('input[type="range"]')).to.equal(null);
      expect(control(el, 'Payout method').value).to.equal('paypal');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('an empty quote says nothing about earnings: a neutral note, no figures', async () => {
    const el = follower('empty-maker');
    const b = await builder(
      html`<quote-builder
        id="empty-maker"
        api-base=${await api()}
        products=${PRODUCTS}
        offer-code="ACME5"
      ></quote-builder>`,
      'ready',
    );
    b.after(el);
    try {
      await shows(el, 'Choose products for the quote to see an estimate.');
      expect(root(el).querySelector('[part="results"]')).to.equal(null);
      expect(root(el).querySelector('[part="chart"]')).to.equal(null);
      expect(root(el).textContent).to.not.match(/earn nothing|\$/);
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('a builder later in the page is found when it comes, and followed', async () => {
    const base = await api();
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = follower('later-maker');
    holder.append(el);
    await el.updateComplete;
    expect(figuresText(el)).to.equal('There is no quote to estimate from yet.');
    const b = document.createElement('quote-builder');
    b.id = 'later-maker';
    b.setAttribute('api-base', base);
    b.setAttribute('products', PRODUCTS);
    holder.append(b);
    await until(() => b.session?.$catalog.get().status === 'ready', 'catalog');
    await b.opened;
    b.session!.setLines([{ product: 'starter-plus-user', quantity: 40 }]);
    // 40 users, $160.00, the full 10 % without a code.
    await shows(el, '$16.00');
  });

  it('a removed builder stops the estimate, says so, and tells the page in qk-error', async () => {
    const el = follower('gone-maker');
    const b = await builder(
      html`<quote-builder
        id="gone-maker"
        api-base=${await api()}
        products=${PRODUCTS}
      ></quote-builder>`,
      'ready',
    );
    b.after(el);
    try {
      b.session!.setLines([{ product: 'starter-plus-user', quantity: 40 }]);
      await shows(el, '$16.00');
      const errors: Array<{ code: string; details: unknown }> = [];
      el.addEventListener('qk-error', (e) => errors.push(e.detail.error));
      b.remove();
      await shows(el, 'There is no quote to estimate from yet.');
      expect(root(el).querySelector('[part="results"]')).to.equal(null);
      expect(root(el).querySelector('[part="quote"]')).to.equal(null);
      await until(() => errors.length > 0, 'qk-error');
      expect(errors[0]).to.include({ code: 'invalid_options' });
      expect(errors[0]!.details).to.deep.equal({ for: 'gone-maker' });
      // Changes to the removed builder's quote no longer reach the estimate.
      b.session!.setLines([{ product: 'starter-plus-user', quantity: 30 }]);
      await el.updateComplete;
      expect(figuresText(el)).to.equal('There is no quote to estimate from yet.');
    } finally {
      el.remove();
    }
  });

  it('for changed at runtime follows the other builder, and removed returns to its own fields', async () => {
    const base = await api();
    const holder = await fixture<HTMLDivElement>(
      html`<div>
        <quote-builder id="first-maker" api-base=${base} products=${PRODUCTS}></quote-builder>
        <quote-builder
          id="second-maker"
          api-base=${await api()}
          products=${PRODUCTS}
        ></quote-builder>
      </div>`,
    );
    const [first, second] = [...holder.querySelectorAll('quote-builder')] as QuoteBuilder[];
    for (const b of [first!, second!]) {
      await b.opened;
      await until(() => b.session?.$catalog.get().status === 'ready', 'catalog');
    }
    first!.session!.setLines([{ product: 'starter-plus-user', quantity: 40 }]);
    second!.session!.setLines([{ product: 'starter-plus-user', quantity: 20 }]);
    const el = follower('first-maker');
    holder.append(el);
    await shows(el, '$16.00');
    el.htmlFor = 'second-maker';
    // 20 users, $80.00: 10 % is $8.00.
    await shows(el, '$8.00');
    first!.session!.setLines([{ product: 'starter-plus-user', quantity: 10 }]);
    await el.updateComplete;
    expect(pairs(el, 'results')['Commission a month']).to.equal('$8.00');
    el.removeAttribute('for');
    await el.updateComplete;
    // Its own fields again, with their defaults ($300.00, $250.00, 5 %).
    expect(control(el, 'Your customers’ monthly payments (before discount, USD)').value).to.equal(
      '300.00',
    );
    await shows(el, '$11.88');
  });

  it('in German: the empty note and the quote figures', async () => {
    const el = follower('de-maker', { locale: 'de-DE' });
    const b = await builder(
      html`<quote-builder
        id="de-maker"
        locale="de-DE"
        api-base=${await api()}
        products=${PRODUCTS}
      ></quote-builder>`,
      'ready',
    );
    b.after(el);
    try {
      await shows(el, 'Wählen Sie Produkte für das Angebot, um eine Schätzung zu sehen.');
      b.session!.setLines([{ product: 'starter-plus-user', quantity: 40 }]);
      await shows(el, '16,00 $');
      expect(pairs(el, 'quote')['Monatliche Zahlungen Ihrer Kunden (vor Rabatt, USD)']).to.equal(
        '160,00 $',
      );
      expect(root(el).querySelector('[part="quote"]')!.getAttribute('aria-label')).to.equal(
        'Aus dem Angebot',
      );
    } finally {
      el.remove();
    }
  });

  it('reseller: credit from what the account is billed, code included; sub-clients stay its own', async () => {
    const el = follower('reseller-maker', { program: 'reseller' });
    const b = await builder(
      html`<quote-builder
        id="reseller-maker"
        api-base=${await api()}
        products=${PRODUCTS}
      ></quote-builder>`,
      'ready',
    );
    b.after(el);
    try {
      b.session!.setLines([
        { product: 'starter-plus-user', quantity: 40 },
        { product: 'dedicated-px2', quantity: 1 },
      ]);
      await applyCode(b, 'ACME5');
      // Billed $342.00 with the code, of which $294.50 commissionable; 3 sub-clients: 10 % credit.
      await shows(el, '$29.45');
      expect(pairs(el, 'quote')).to.deep.equal({
        'Accounts’ monthly payments (USD)': '$342.00',
        'Accounts’ monthly value (USD)': '$294.50',
        'One-time fees’ value billed this month (USD)': '$0.00',
      });
      expect(control(el, 'Sub-clients you serve').value).to.equal('3');
    } finally {
      el.remove();
    }
  });
});
