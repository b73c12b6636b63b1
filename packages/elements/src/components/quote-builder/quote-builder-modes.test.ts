// <quote-builder>'s other modes: the sales rep's phone console, the
// affiliate's link maker, the marketing estimate and the read-only quote.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { decodeSavedQuote } from '@quotekit/core';
import { createStaffKey, seedDemoData } from '@quotekit/server/msw';
import { api, clearOutboxes, db } from '../../../test/api.js';
import { applyCode, builder, button, control, root, text, type, until } from '../../../test/dom.js';
import '../offer-code-input/define.js';
import './define.js';
import type { QuoteBuilder } from './quote-builder.js';

const SEED = 'starter-plus-user,dedicated-px2';
const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';

describe('<quote-builder mode="phone">', () => {
  beforeEach(() => clearOutboxes());

  it('needs an offer code before "Place order"; with NW10 it orders on the phone channel', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} mode="phone" products=${SEED}></quote-builder>`,
      'ready',
    );
    type(control(el, USERS), '25');
    await el.updateComplete;
    const place = () => root(el).querySelector<HTMLButtonElement>('[part="place-order-button"]')!;
    // Not signed in: the console says so before anything else.
    expect(place().disabled).to.equal(true);
    expect(text(root(el).querySelector('#form-error'))).to.equal(
      'Sign in with your sales key to place phone orders.',
    );
    // The Order API names the rep from the sales key.
    el.salesKey = (await createStaffKey(db, { name: 'Ann Lee', role: 'sales' })).key;
    await el.updateComplete;
    expect(place().disabled).to.equal(true);
    expect(text(root(el).querySelector('#form-error'))).to.equal(
      'Apply the customer’s offer code before placing a phone order.',
    );
    await expect(el).to.be.accessible();

    await applyCode(el, 'NW10');
    expect(place().disabled).to.equal(false);
    // The read-back a rep reads aloud: 25 × $4.00 = $100.00, 10 % off = $90.00.
    expect(text(root(el).querySelector('.readback p'))).to.equal(
      `25 × ${USERS} at $4.00; Total $90.00 a month after the 10% NW10 discount.`,
    );
    type(control(el, 'Customer name'), 'Grace Hopper');
    type(control(el, 'Customer email'), 'grace.phone@example.com');
    await el.updateComplete;
    const success = oneEvent(el, 'qk-order-success');
    place().click();
    const { order } = (await success).detail;
    await el.updateComplete;
    expect(order.channel).to.equal('phone');
    expect((await db.getOrder(order.id))!.salesRep).to.equal('Ann Lee');
    expect(text(root(el).querySelector('.order-number'))).to.equal(order.number);
    await expect(el).to.be.accessible();

    button(el, 'New order')!.click();
    await el.updateComplete;
    expect(el.session!.$config.get().lines).to.deep.equal([]);
    expect(el.session!.$offer.get().status).to.equal('none');
    expect(control(el, 'Customer name').value).to.equal('');
    expect(root(el).activeElement).to.equal(control(el, USERS));
  });
});

describe('<quote-builder mode="affiliate">', () => {
  it('makes a link carrying the quote, the affiliate and the code, and says who gets what', async () => {
    const base = await api();
    await seedDemoData(db);
    const { key } = await createStaffKey(db, { name: 'ACME', role: 'partner', partner: 'ACME' });
    const el = await builder(
      html`<quote-builder
        api-base=${base}
        mode="affiliate"
        affiliate="ACME"
        href="https://vendor.example/pricing"
        products=${SEED}
        .partnerKey=${key}
      ></quote-builder>`,
      'ready',
    );
    expect(el.hasAttribute('partnerkey') || el.hasAttribute('partner-key')).to.equal(false);
    type(control(el, USERS), '25');
    control(el, 'Px2 dedicated server').click();
    await applyCode(el, 'ACME5');
    // $300.00 a month: the customer saves 5 % ($15.00); at the 10 % tier the
    // affiliate earns 10 % − 5 % of the $250.00 monthly value.
    const share = text(root(el).querySelector('[part="share"] ul'));
    expect(share).to.contain('The customer saves $15.00 a month (5%)');
    expect(share).to.contain('You earn $11.88 a month (5% commission)');
    button(el, 'Create link')!.click();
    await until(() => root(el).querySelector('#share-url') !== null, 'link');
    const url = new URL(root(el).querySelector<HTMLInputElement>('#share-url')!.value);
    expect(url.origin + url.pathname).to.equal('https://vendor.example/pricing');
    // Stored on the server with ACME's key: it knows the affiliate and the code, and credits ACME.
    const stored = await db.getSavedQuote(url.searchParams.get('qid')!);
    expect(stored).to.include({ affiliate: 'ACME', offerCode: 'ACME5' });
    expect(stored!.staffKeyId).to.not.equal(null);
    expect(stored!.quote.lines).to.deep.equal([
      { product: 'starter-plus-user', quantity: '25' },
      { product: 'dedicated-px2', quantity: '1' },
    ]);
    let copied = '';
    const clipboard = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (value: string) => void (copied = value);
    try {
      const event = oneEvent(el, 'qk-link-copy');
      button(el, 'Copy link')!.click();
      expect((await event).detail.url).to.equal(url.href);
      expect(copied).to.equal(url.href);
    } finally {
      navigator.clipboard.writeText = clipboard;
    }
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});

describe('<quote-builder mode="affiliate"> with an empty quote', () => {
  it('says nothing of earnings or savings until a product is chosen, in English and German', async () => {
    for (const [locale, note] of [
      ['en', 'Choose products for the quote to see what the customer saves and you earn.'],
      [
        'de-DE',
        'Wählen Sie Produkte für das Angebot, dann sehen Sie, was der Kunde spart und Sie verdienen.',
      ],
    ] as const) {
      const el = await builder(
        html`<quote-builder
          api-base=${await api()}
          mode="affiliate"
          affiliate="ACME"
          locale=${locale}
          href="https://vendor.example/pricing"
          products=${SEED}
          offer-code="ACME5"
        ></quote-builder>`,
        'ready',
      );
      await until(() => el.session!.$offer.get().status === 'valid', 'offer');
      await el.updateComplete;
      const share = root(el).querySelector('[part="share"]')!;
      expect(text(share.querySelector('p'))).to.equal(note);
      expect(share.querySelector('ul')).to.equal(null);
      expect(text(share)).to.not.match(/earn nothing|nichts|\$/);
    }
  });
});

describe('<quote-builder mode="affiliate"> without a partner key', () => {
  it('makes a text link with the quote and the code, which credits nobody by its affiliate name', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        mode="affiliate"
        affiliate="ACME"
        href="https://vendor.example/pricing"
        products=${SEED}
      ></quote-builder>`,
      'ready',
    );
    type(control(el, USERS), '25');
    await applyCode(el, 'ACME5');
    button(el, 'Create link')!.click();
    await until(() => root(el).querySelector('#share-url') !== null, 'link');
    const url = new URL(root(el).querySelector<HTMLInputElement>('#share-url')!.value);
    expect(url.searchParams.get('qid')).to.equal(null);
    const link = decodeSavedQuote(url.searchParams.get('quote')!);
    expect(link.offerCode).to.equal('ACME5');
    expect(link.lines).to.deep.equal([{ product: 'starter-plus-user', quantity: '25' }]);
  });
});

describe('<quote-builder mode="estimate">', () => {
  it('one row: a slider and a number for the main product, the live total, and a link with the quote', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        mode="estimate"
        products="starter-plus-user"
        href="https://vendor.example/pricing"
      ></quote-builder>`,
      'ready',
    );
    const slider = root(el).querySelector<HTMLInputElement>('input[type="range"]')!;
    type(slider, '25');
    await el.updateComplete;
    expect(text(root(el).querySelector('output'))).to.equal('$100.00 / month for 25 users');
    expect(root(el).querySelector<HTMLInputElement>('input[type="number"]')!.value).to.equal('25');
    const link = new URL(root(el).querySelector('a')!.href);
    expect(decodeSavedQuote(link.searchParams.get('quote')!).lines).to.deep.equal([
      { product: 'starter-plus-user', quantity: '25' },
    ]);
    await expect(el).to.be.accessible();
  });

  it('the slider and the number have short names of their own, in a group named for the product', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} mode="estimate" products="starter-plus-user">
      </quote-builder>`,
      'ready',
    );
    const slider = control(el, 'Number of users');
    const number = control(el, 'Exact number of users');
    expect(slider.type).to.equal('range');
    expect(number.type).to.equal('number');
    expect(slider.closest('[role="group"]')!.getAttribute('aria-label')).to.equal(
      'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)',
    );
    type(number, '1');
    await el.updateComplete;
    expect(text(root(el).querySelector('output'))).to.equal('$4.00 / month for 1 user');
    await expect(el).to.be.accessible();
  });
});

describe('<quote-builder mode="estimate" locale="de">', () => {
  it('names the unit in German from the catalog, singular and plural, never as the English unit', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        mode="estimate"
        locale="de"
        products="smart-hosting"
      >
      </quote-builder>`,
      'ready',
    );
    const slider = control(el, 'Anzahl (Domains)');
    const number = control(el, 'Genaue Anzahl (Domains)');
    expect(slider.type).to.equal('range');
    type(number, '1');
    await el.updateComplete;
    expect(text(root(el).querySelector('output'))).to.equal('5,00 $ / Monat für 1 Domain');
    type(number, '3');
    await el.updateComplete;
    expect(text(root(el).querySelector('output'))).to.equal('15,00 $ / Monat für 3 Domains');
  });
});

describe('<quote-builder readonly>', () => {
  it('shows the saved quote without controls, with "Order this" carrying the quote and affiliate', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        readonly
        affiliate="ACME"
        order-url="https://vendor.example/pricing"
        saved-quote="ACME-DEMO-missing"
      ></quote-builder>`,
      'ready',
    );
    // An unknown short id is a visible error, not a blank quote.
    await until(() => root(el).querySelector('[role="alert"]') !== null, 'error');
    expect(text(root(el).querySelector('[role="alert"]'))).to.contain('cannot be shown');
  });

  it('from a saved-quote text', async () => {
    const { encodeSavedQuote } = await import('@quotekit/core');
    const saved = encodeSavedQuote({
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
      offerCode: 'ACME5',
    });
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        readonly
        affiliate="ACME"
        order-url="https://vendor.example/pricing"
        saved-quote=${saved}
      ></quote-builder>`,
      'ready',
    );
    await until(() => el.session!.$offer.get().status === 'valid', 'offer');
    await el.updateComplete;
    expect(root(el).querySelectorAll('input')).to.have.length(0);
    expect(text(root(el).querySelector('[part="total-amount"]'))).to.equal('$285.00');
    const link = new URL(root(el).querySelector('a')!.href);
    expect(text(root(el).querySelector('a'))).to.equal('Order this');
    // A button as wide as its words, like "Place order", not a bar across the card.
    const base = root(el).querySelector('[part="base"]')!.getBoundingClientRect();
    expect(root(el).querySelector('a')!.getBoundingClientRect().width).to.be.below(base.width / 2);
    expect(decodeSavedQuote(link.searchParams.get('quote')!)).to.deep.include({
      offerCode: 'ACME5',
      affiliate: 'ACME',
    });
    await expect(el).to.be.accessible();
  });

  it('from a server-stored quote, "Order this" links to that quote by its id', async () => {
    const base = await api();
    const admin = (await createStaffKey(db, { name: 'Admin', role: 'admin' })).key;
    const res = await fetch(`${base}/v1/saved-quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        quote: {
          lines: [
            { product: 'starter-plus-user', quantity: 25 },
            { product: 'dedicated-px2', quantity: 1 },
          ],
        },
        offerCode: 'ACME5',
        affiliate: 'ACME',
      }),
    });
    const { id, affiliate } = (await res.json()) as { id: string; affiliate?: string };
    expect(affiliate).to.equal('ACME');
    const el = await builder(
      html`<quote-builder
        api-base=${base}
        readonly
        affiliate="ACME"
        order-url="https://vendor.example/pricing?lang=de"
        saved-quote=${id}
      ></quote-builder>`,
      'ready',
    );
    await until(() => el.session!.$offer.get().status === 'valid', 'offer');
    await el.updateComplete;
    expect(text(root(el).querySelector('[part="total-amount"]'))).to.equal('$285.00');
    const link = root(el).querySelector('a')!;
    expect(text(link)).to.equal('Order this');
    expect(link.href).to.equal(`https://vendor.example/pricing?lang=de&qid=${id}`);
    await expect(el).to.be.accessible();
  });
});

describe('sharing one quote session', () => {
  it('an <offer-code-input for=…> elsewhere on the page discounts the builder', async () => {
    const base = await api();
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <quote-builder id="main" api-base=${base} products=${SEED}></quote-builder>
        <aside><offer-code-input for="main"></offer-code-input></aside>
      </div>`,
    );
    const el = page.querySelector('quote-builder')!;
    await until(() => el.session?.$catalog.get().status === 'ready', 'catalog');
    await el.opened;
    type(control(el, USERS), '25');
    control(el, 'Px2 dedicated server').click();
    const outside = page.querySelector('offer-code-input')!;
    await outside.updateComplete;
    expect(outside.session).to.equal(el.session);
    const input = outside.shadowRoot!.querySelector('input')!;
    type(input, 'ACME5');
    await outside.updateComplete;
    input.form!.requestSubmit();
    await until(() => el.session!.$offer.get().status === 'valid', 'offer');
    await el.updateComplete;
    expect(text(root(el).querySelector('[part="total-amount"]'))).to.equal('$285.00');
  });

  it('the builder leaving the page stops its catalog request', async () => {
    const base = await api();
    let signal: AbortSignal | undefined;
    const { quoteSessionFor } = await import('@quotekit/sdk');
    quoteSessionFor(base, {
      fetch: (input, init) => {
        signal = init?.signal ?? undefined;
        return new Promise<Response>(() => {});
      },
    });
    const el = await fixture<QuoteBuilder>(html`<quote-builder api-base=${base}></quote-builder>`);
    await until(() => signal !== undefined, 'request');
    expect(signal!.aborted).to.equal(false);
    el.remove();
    // Nano Stores unmount a store a moment after its last listener leaves.
    await until(() => signal!.aborted, 'abort');
  });
});
