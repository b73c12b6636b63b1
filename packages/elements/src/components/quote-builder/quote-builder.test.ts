import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { encodeSavedQuote } from '@quotekit/core';
import { http, HttpResponse } from 'msw';
import { api, clearOutboxes, cutNetwork, db, override } from '../../../test/api.js';
import { applyCode, builder, control, root, text, type, until } from '../../../test/dom.js';
import '../offer-code-input/define.js';
import './define.js';
import type { QuoteBuilder } from './quote-builder.js';

const SEED = 'starter-plus-user,dedicated-px2';
const total = (el: QuoteBuilder) => text(root(el).querySelector('[part="total-amount"]'));

/** 25 Starter Plus users and a Px2 server, as a visitor enters them (by their German names with `de`). */
async function seedQuote(el: QuoteBuilder, de = false) {
  type(
    control(
      el,
      de
        ? 'Starter-Plus-Benutzer (POP, IMAP, SMTP, WebMail, WebAides, einfacher Spamfilter)'
        : 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)',
    ),
    '25',
  );
  const px2 = control(el, de ? 'Px2 dedizierter Server' : 'Px2 dedicated server');
  px2.click();
  await el.updateComplete;
}

function fill(el: QuoteBuilder, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) type(control(el, label), value);
}

async function placeOrder(el: QuoteBuilder) {
  const button = root(el).querySelector<HTMLButtonElement>('[part="place-order-button"]')!;
  button.click();
  await until(() => !['submitting'].includes(el.session!.$order.get().status), 'order answer');
  await el.updateComplete;
}

describe('<quote-builder> visitor', () => {
  beforeEach(() => clearOutboxes());

  it('labels each quantity by its product, as a spinbutton within the catalog bounds', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    await expect(el).to.be.accessible();
    const users = control(
      el,
      'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)',
    );
    expect(users.type).to.equal('number');
    expect(users.min).to.equal('0');
    // A flat product that is either in or out is a checkbox with the same name.
    expect(control(el, 'Px2 dedicated server').type).to.equal('checkbox');
  });

  it('the seed order: $300.00 a month, $285.00 with ACME5, ordered and stored with its affiliate', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    const changes: string[] = [];
    el.addEventListener('qk-quote-change', (e) => changes.push(e.detail.totals.monthlyPayment));
    await seedQuote(el);
    expect(total(el)).to.equal('$300.00');
    expect(changes).to.deep.equal(['100.00', '300.00']);
    // The line in words, from its breakdown.
    expect(text(root(el).querySelector('.product .words'))).to.equal('25 × $4.00');
    await applyCode(el, 'ACME5');
    expect(total(el)).to.equal('$285.00');
    expect(text(root(el).querySelector('[part="totals"]'))).to.contain('Discount (5%) −$15.00');
    await expect(el).to.be.accessible();

    fill(el, {
      Name: 'Ada Lovelace',
      Email: 'ada.seed@example.com',
      'Phone (optional)': '+1 555 0100',
    });
    const success = oneEvent(el, 'qk-order-success');
    await placeOrder(el);
    const { order } = (await success).detail;
    expect(text(root(el).querySelector('[part="order-status"] h3'))).to.equal(
      `Thank you! Your order number is ${order.number}.`,
    );
    expect(root(el).activeElement?.getAttribute('part')).to.equal('order-status');
    const stored = await db.getOrder(order.id);
    expect(stored!.quote.totals.monthlyPayment).to.equal('285.00');
    expect(stored!.attribution).to.deep.equal({ affiliate: 'ACME', method: 'offer_code' });
    expect(stored!.customer).to.deep.equal({
      name: 'Ada Lovelace',
      email: 'ada.seed@example.com',
      phone: '+1 555 0100',
    });
    await expect(el).to.be.accessible();
  });

  it('a code set by the page fires no qk-quote-change; the totals are announced politely on user input', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    let changes = 0;
    el.addEventListener('qk-quote-change', () => (changes += 1));
    el.session!.setQuantity('starter-plus-user', 3);
    await el.updateComplete;
    expect(changes).to.equal(0);
    await seedQuote(el);
    const live = root(el).querySelector('[aria-live="polite"]');
    expect(text(live)).to.equal('Monthly payment $300.00');
  });

  it('an empty checkout says what is missing and focuses the first field', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    root(el).querySelector<HTMLButtonElement>('[part="place-order-button"]')!.click();
    await el.updateComplete;
    expect(root(el).activeElement?.id).to.equal('name');
    expect(text(root(el).querySelector('#name-error'))).to.equal('Enter the Name.');
    expect(text(root(el).querySelector('#email-error'))).to.equal('Enter the Email.');
    expect(el.session!.$order.get().status).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('offline: says the order is saved, and exactly one order is stored when the network is back', async () => {
    const base = await api({ client: { retries: 0 } });
    const el = await builder(
      html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    fill(el, { Name: 'Grace Hopper', Email: 'grace.offline@example.com' });
    const restore = cutNetwork(base, '/v1/orders');
    const queued = oneEvent(el, 'qk-order-queued');
    await placeOrder(el);
    await queued;
    expect(text(root(el).querySelector('[part="order-status"]'))).to.equal(
      'Your order is saved and will be sent when you’re back online.',
    );
    await expect(el).to.be.accessible();
    const before = await db.countOrders();
    // The network returns: the outbox sends the order under the same key.
    restore();
    const success = oneEvent(el, 'qk-order-success');
    await el.session!.client.flushOutbox();
    await until(() => el.session!.$order.get().status === 'done', 'delivery');
    expect(await db.countOrders()).to.equal(before + 1);
    await el.session!.client.flushOutbox();
    expect(await db.countOrders()).to.equal(before + 1);
    // The page hears of the order it queued when it is finally stored.
    expect((await success).detail.order.number).to.match(/^QK-/);
  });

  it('price changed: shows the server total, stores nothing until confirmed, then orders at it', async () => {
    const base = await api();
    const el = await builder(
      html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    fill(el, { Name: 'Katherine Johnson', Email: 'kj.price@example.com' });
    // The page's catalog is stale: it expects $280.00 where the server says $300.00.
    const order = el.session!.client.submitOrder.bind(el.session!.client);
    let stale = true;
    el.session!.client.submitOrder = (request, options) =>
      order(stale ? { ...request, expectedMonthlyPayment: '280.00' } : request, options);
    const before = await db.countOrders();
    await placeOrder(el);
    expect(el.session!.$order.get().status).to.equal('price_changed');
    expect(text(root(el).querySelector('[part="order-status"]'))).to.contain(
      'The price has changed: $300.00 a month',
    );
    expect(await db.countOrders()).to.equal(before);
    await expect(el).to.be.accessible();
    stale = false;
    const confirm = [...root(el).querySelectorAll('button')].find((b) =>
      text(b).startsWith('Order at $300.00'),
    )!;
    confirm.click();
    await until(() => el.session!.$order.get().status === 'done', 'confirmed order');
    expect(await db.countOrders()).to.equal(before + 1);
  });

  it('rate limited: the order waits on this device, and the page says when it will be sent', async () => {
    const base = await api({ client: { retries: 0 } });
    override(
      http.post(`${base}/v1/orders`, () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Slow down.', details: { retryAfter: 90 } } },
          { status: 429, headers: { 'retry-after': '90' } },
        ),
      ),
    );
    const el = await builder(
      html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    fill(el, { Name: 'Ada', Email: 'ada.limit@example.com' });
    await placeOrder(el);
    expect(text(root(el).querySelector('[part="order-status"]'))).to.equal(
      'Too many orders from here just now. Your order is saved and will be sent in 90 s.',
    );
    expect(el.session!.client.outbox()).to.have.length(1);
  });

  it('restores ?quote= from the page address, recording the affiliate as saved_quote', async () => {
    const base = await api();
    const quote = encodeSavedQuote({
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
      offerCode: 'ACME5',
      affiliate: 'ACME',
    });
    const original = location.href;
    history.replaceState(null, '', `?quote=${encodeURIComponent(quote)}`);
    try {
      const el = await builder(
        html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
      );
      await until(() => el.session!.$offer.get().status === 'valid', 'offer');
      await el.updateComplete;
      expect(total(el)).to.equal('$285.00');
      // The link's code shows in the offer-code field, not only in the total.
      const offer = root(el).querySelector('offer-code-input')!;
      await offer.updateComplete;
      expect(offer.shadowRoot!.querySelector('input')!.value).to.equal('ACME5');
      expect(el.session!.$attribution.get()).to.include({
        affiliate: 'ACME',
        method: 'saved_quote',
      });
    } finally {
      history.replaceState(null, '', original);
      document.cookie = 'qk_ref=; max-age=0; path=/';
    }
  });

  it('in German: German labels, product names and "300,00 $" amounts', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED} locale="de-DE"></quote-builder>`,
    );
    await seedQuote(el, true);
    expect(total(el)).to.equal('300,00 $');
    expect(text(root(el).querySelector('[part="totals"] dt'))).to.equal('Monatliche Zahlung');
    expect(text(root(el).querySelector('[part="place-order-button"]'))).to.equal('Bestellen');
    await expect(el).to.be.accessible();
  });

  it('a next-tier hint for graduated prices, from core', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products="starter-plus-user"></quote-builder>`,
    );
    // The demo catalog prices users per unit: no tier, no hint.
    type(
      control(el, 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)'),
      '3',
    );
    await el.updateComplete;
    expect(root(el).querySelector('.hint')).to.equal(null);
  });
});

describe('<quote-builder> bad attributes and failures', () => {
  const problem = async (template: ReturnType<typeof html>) => {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const errors: string[] = [];
    holder.addEventListener('qk-error', (e) => errors.push(e.detail.error.code));
    const el = document.createElement('div');
    holder.append(el);
    const { render } = await import('lit');
    render(template, el);
    const builderEl = el.querySelector('quote-builder')!;
    await until(() => errors.length > 0, 'qk-error');
    await builderEl.updateComplete;
    return { el: builderEl, errors, alert: text(root(builderEl).querySelector('[role="alert"]')) };
  };

  it('an unknown product', async () => {
    const { errors, alert, el } = await problem(
      html`<quote-builder
        api-base=${await api()}
        products="starter-plus-user,warp-drive"
      ></quote-builder>`,
    );
    expect(errors).to.deep.equal(['unknown_product']);
    // The id is the page's mistake, for its developer in qk-error; the visitor reads words.
    expect(alert).to.equal('This quote cannot be shown. A product in this quote is not offered.');
    await expect(el).to.be.accessible();
  });

  it('an unknown currency', async () => {
    const { errors, alert } = await problem(
      html`<quote-builder api-base=${await api()} currency="XYZ" products=${SEED}></quote-builder>`,
    );
    expect(errors).to.deep.equal(['invalid_currency']);
    expect(alert).to.contain('XYZ');
  });

  it('a garbled saved quote', async () => {
    const { errors } = await problem(
      html`<quote-builder api-base=${await api()} saved-quote="1.not-a-quote.00"></quote-builder>`,
    );
    expect(errors).to.deep.equal(['invalid_saved_quote']);
  });

  it('a non-numeric quantity in a saved quote is a pricing error, shown, never NaN', async () => {
    const base = await api();
    const el = await builder(
      html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
    );
    el.session!.setQuantity('starter-plus-user', 'lots');
    await el.updateComplete;
    const alert = text(root(el).querySelector('p[role="alert"]'));
    expect(alert).to.equal(
      'This quote cannot be shown. Enter a valid quantity for Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering).',
    );
    expect(root(el).textContent).to.not.contain('NaN');
  });

  it('an unreachable API: says so, with a retry that works when it is back', async () => {
    const base = await api({ client: { retries: 0 } });
    const restore = cutNetwork(base);
    const { errors, alert, el } = await problem(
      html`<quote-builder api-base=${base} products=${SEED}></quote-builder>`,
    );
    expect(errors).to.deep.equal(['network_error']);
    expect(alert).to.contain('Prices could not be loaded');
    await expect(el).to.be.accessible();
    restore();
    [...root(el).querySelectorAll('button')].find((b) => text(b) === 'Try again')!.click();
    await until(() => el.session!.$catalog.get().status === 'ready', 'catalog');
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
  });

  it('no api-base, and an api-base that is not http(s)', async () => {
    const missing = await problem(html`<quote-builder></quote-builder>`);
    expect(missing.errors).to.deep.equal(['invalid_options']);
    const script = await problem(
      html`<quote-builder api-base="javascript:alert(1)"></quote-builder>`,
    );
    expect(script.errors).to.deep.equal(['invalid_options']);
  });

  it('catalog text is rendered as text, never as markup', async () => {
    const base = await api();
    override(
      http.get(`${base}/v1/catalog`, () =>
        HttpResponse.json({
          id: 'evil',
          currency: 'USD',
          products: [
            {
              id: 'thing',
              name: '<img src=x onerror="window.__pwned=1">',
              billing: 'monthly',
              classes: { affiliate: 1, reseller: 1 },
              price: { model: 'per_unit', unitAmount: '1.00' },
            },
          ],
        }),
      ),
    );
    const el = await builder(html`<quote-builder api-base=${base}></quote-builder>`);
    expect(root(el).querySelector('img')).to.equal(null);
    expect(text(root(el).querySelector('label'))).to.equal(
      '<img src=x onerror="window.__pwned=1">',
    );
  });
});
