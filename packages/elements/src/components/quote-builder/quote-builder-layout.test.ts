// <quote-builder> as a catalog presents itself (featured products, groups,
// required lines, names per language), its quantities, its receipt, and the
// sales rep's wording.
import { expect, html, oneEvent } from '@open-wc/testing';
import { encodeSavedQuote } from '@quotekit/core';
import { createStaffKey } from '@quotekit/server/msw';
import { setViewport } from '@web/test-runner-commands';
import { api, clearOutboxes, db } from '../../../test/api.js';
import { applyCode, builder, button, control, root, text, type, until } from '../../../test/dom.js';
import '../offer-code-input/define.js';
import './define.js';
import type { QuoteBuilder } from './quote-builder.js';

const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';
const total = (el: QuoteBuilder) => text(root(el).querySelector('[part="total-amount"]'));
/** The quantity fields a visitor sees without opening "More products". */
const openFields = (el: QuoteBuilder) =>
  [...root(el).querySelectorAll<HTMLInputElement>('[part="products"] input')].filter(
    (input) => !input.closest('details'),
  );

async function order(el: QuoteBuilder, name: string, email: string) {
  type(control(el, el.mode === 'phone' ? 'Customer name' : 'Name'), name);
  type(control(el, el.mode === 'phone' ? 'Customer email' : 'Email'), email);
  await el.updateComplete;
  const success = oneEvent(el, 'qk-order-success');
  root(el).querySelector<HTMLButtonElement>('[part="place-order-button"]')!.click();
  const placed = (await success).detail.order;
  await el.updateComplete;
  return placed;
}

describe('<quote-builder> without a products attribute: the catalog’s own presentation', () => {
  it('shows the base account fee as an included line, the 5 featured products under their groups, and the rest behind "More products"', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()}></quote-builder>`,
      'ready',
    );
    const required = root(el).querySelector('.product.required');
    expect(text(required)).to.equal(
      'Base account fee Included in every order $10.00 Flat monthly price',
    );
    expect(required!.querySelector('input'), 'nothing to untick').to.equal(null);
    expect(el.session!.$config.get().lines).to.deep.equal([
      { product: 'base-account-fee', quantity: 1 },
    ]);
    expect(total(el)).to.equal('$10.00');
    expect(openFields(el).map((input) => input.labels![0]!.textContent)).to.deep.equal([
      USERS,
      'Smart hosting (SMTP)',
      'SecureLine encrypted email',
      'SecureForm',
      'Px2 dedicated server',
    ]);
    expect([...root(el).querySelectorAll('.group > h3')].slice(0, 3).map(text)).to.deep.equal([
      'Email and users',
      'Secure forms and messaging',
      'Dedicated servers',
    ]);
    const more = root(el).querySelector<HTMLDetailsElement>('details.more')!;
    expect(text(more.querySelector('summary'))).to.equal('More products');
    expect(more.open).to.equal(false);
    expect(control(el, 'VPN').closest('details')).to.equal(more);
    // Two featured products and the fee: the visitor can still remove neither the fee nor see it as optional.
    type(control(el, USERS), '25');
    control(el, 'Px2 dedicated server').click();
    await el.updateComplete;
    expect(total(el)).to.equal('$310.00');
    await expect(el).to.be.accessible();
  });

  it('names products, groups and "More products" in German with locale="de-DE"', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} locale="de-DE"></quote-builder>`,
      'ready',
    );
    expect(text(root(el).querySelector('.product.required'))).to.equal(
      'Kontogrundgebühr In jeder Bestellung enthalten 10,00 $ Monatlicher Festpreis',
    );
    expect(control(el, 'Px2 dedizierter Server').type).to.equal('checkbox');
    expect(text(root(el).querySelector('.group > h3'))).to.equal('E-Mail und Benutzer');
    expect(text(root(el).querySelector('details.more summary'))).to.equal('Weitere Produkte');
    await expect(el).to.be.accessible();
  });

  it('a page listing its products gets exactly those, without the fee it does not list', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        products="starter-plus-user,dedicated-px2"
      ></quote-builder>`,
      'ready',
    );
    expect(root(el).querySelector('.product.required')).to.equal(null);
    expect(root(el).querySelector('details.more')).to.equal(null);
    expect(openFields(el)).to.have.length(2);
  });
});

describe('<quote-builder> quantities: whole numbers from 0 to the product’s maximum', () => {
  for (const [typed, shown, note] of [
    ['100000000', '100000', 'At most 100,000 can be ordered here: changed to 100,000.'],
    ['-3', '0', 'At least 0: changed to 0.'],
    ['2.5', '2', 'Whole numbers only: changed to 2.'],
  ] as const) {
    it(`"${typed}" users becomes ${shown}, and the field says why in words`, async () => {
      const el = await builder(
        html`<quote-builder api-base=${await api()} products="starter-plus-user"></quote-builder>`,
        'ready',
      );
      const users = control(el, USERS);
      type(users, typed);
      await el.updateComplete;
      expect(users.value).to.equal(shown);
      const said = root(el).querySelector(`#${users.getAttribute('aria-describedby')}`);
      expect(text(said)).to.equal(note);
      expect(el.session!.$quote.get().status, 'the quote is still priced').to.equal('ready');
      expect(root(el).querySelector('[role="alert"]'), 'no error naming the product id').to.equal(
        null,
      );
      expect(total(el)).to.equal(`$${(Number(shown) * 4).toLocaleString('en-US')}.00`);
      // The next valid entry clears the note.
      type(users, '7');
      await el.updateComplete;
      expect(users.hasAttribute('aria-describedby')).to.equal(false);
      expect(total(el)).to.equal('$28.00');
    });
  }

  it('the German note uses German numbers', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        products="starter-plus-user"
        locale="de-DE"
      ></quote-builder>`,
      'ready',
    );
    const users = [...root(el).querySelectorAll<HTMLInputElement>('input[type="number"]')][0]!;
    type(users, '250000');
    await el.updateComplete;
    expect(text(root(el).querySelector('.note'))).to.equal(
      'Hier können höchstens 100.000 bestellt werden: auf 100.000 geändert.',
    );
  });

  it('at 320 px wide, no amount spills past the card, even with every featured product at its maximum', async () => {
    await setViewport({ width: 320, height: 800 });
    try {
      const el = await builder(
        html`<quote-builder api-base=${await api()}></quote-builder>`,
        'ready',
      );
      for (const input of openFields(el)) {
        if (input.type === 'checkbox') input.click();
        else type(input, '100000');
      }
      await el.updateComplete;
      expect(total(el)).to.equal('$2,900,210.00');
      const card = root(el).querySelector('[part="base"]')!.getBoundingClientRect();
      const amounts = [
        ...root(el).querySelectorAll<HTMLElement>('.amount, [part="totals"] dd'),
      ].filter((node) => text(node) !== '');
      expect(amounts.length).to.be.greaterThan(6);
      for (const node of amounts) {
        const box = node.getBoundingClientRect();
        expect(box.right, `${text(node)} inside the card`).to.be.at.most(card.right);
        expect(box.left, `${text(node)} inside the card`).to.be.at.least(card.left);
        expect(node.scrollWidth, `${text(node)} not clipped`).to.be.at.most(node.clientWidth + 1);
      }
      expect(document.documentElement.scrollWidth, 'no sideways scroll').to.be.at.most(320);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

describe('<quote-builder> after a web order', () => {
  beforeEach(() => clearOutboxes());

  it('shows a receipt with the number, lines, total and what happens next, drops ?quote= from the address, and "New order" starts again', async () => {
    const original = location.href;
    const quote = encodeSavedQuote({
      lines: [
        { product: 'base-account-fee', quantity: 1 },
        { product: 'starter-plus-user', quantity: 25 },
      ],
    });
    history.replaceState(null, '', `?quote=${encodeURIComponent(quote)}&utm_source=mail`);
    try {
      const el = await builder(
        html`<quote-builder api-base=${await api()}></quote-builder>`,
        'ready',
      );
      expect(total(el)).to.equal('$110.00');
      const placed = await order(el, 'Ada Lovelace', 'ada.receipt@example.com');
      const receipt = root(el).querySelector('[part="order-status"]')!;
      expect(text(receipt.querySelector('h3'))).to.equal(
        `Thank you! Your order number is ${placed.number}.`,
      );
      expect([...receipt.querySelectorAll('.receipt-lines li')].map(text)).to.deep.equal([
        '1 × Base account fee $10.00',
        `25 × ${USERS} $100.00`,
      ]);
      expect(text(receipt.querySelector('[part="total-amount"]'))).to.equal('$110.00');
      expect(text(receipt)).to.contain(
        `What happens next: we have received your order and will contact you at ada.receipt@example.com to set up your services. Quote order number ${placed.number} if you get in touch.`,
      );
      // The quantities are gone with the form: nothing of the ordered quote is editable.
      expect(root(el).querySelector('[part="products"]')).to.equal(null);
      expect(root(el).querySelector('form')).to.equal(null);
      expect(new URL(location.href).searchParams.has('quote')).to.equal(false);
      expect(new URL(location.href).searchParams.get('utm_source')).to.equal('mail');
      await expect(el).to.be.accessible();

      button(el, 'New order')!.click();
      await el.updateComplete;
      expect(el.session!.$config.get().lines).to.deep.equal([
        { product: 'base-account-fee', quantity: 1 },
      ]);
      expect(control(el, USERS).value).to.equal('0');
      expect(root(el).querySelector('form')).to.not.equal(null);
    } finally {
      history.replaceState(null, '', original);
    }
  });
});

describe('<quote-builder mode="phone"> wording', () => {
  beforeEach(() => clearOutboxes());

  it('heads the form "The customer’s details" and shows the order number once', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        mode="phone"
        products="starter-plus-user"
      ></quote-builder>`,
      'ready',
    );
    el.salesKey = (await createStaffKey(db, { name: 'Ann Lee', role: 'sales' })).key;
    type(control(el, USERS), '5');
    await applyCode(el, 'NW10');
    expect(text(root(el).querySelector('#checkout'))).to.equal('The customer’s details');
    expect(text(root(el).querySelector('[part="base"]'))).to.not.contain('Your details');
    const placed = await order(el, 'Grace Hopper', 'grace.once@example.com');
    await until(() => root(el).querySelector('.receipt') !== null, 'receipt');
    const shown = text(root(el).querySelector('.receipt'));
    expect(shown.split(placed.number).length - 1, 'the number appears once').to.equal(1);
    expect(shown).to.contain(
      'Read the order number to the customer. The order is received; the customer will be contacted at grace.once@example.com.',
    );
    await expect(el).to.be.accessible();
  });
});
