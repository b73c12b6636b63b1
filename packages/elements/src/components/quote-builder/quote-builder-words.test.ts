// What a visitor of <quote-builder> reads and hears: the announced total
// after an offer code, errors that clear with their cause, and the words for
// each line.
import { expect, html } from '@open-wc/testing';
import { api, clearOutboxes } from '../../../test/api.js';
import { applyCode, builder, button, control, root, text, type, until } from '../../../test/dom.js';
import '../offer-code-input/define.js';
import './define.js';
import type { QuoteBuilder } from './quote-builder.js';

const SEED = 'starter-plus-user,dedicated-px2';
const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';
const total = (el: QuoteBuilder) => text(root(el).querySelector('[part="total-amount"]'));
const announced = (el: QuoteBuilder) => text(root(el).querySelector('[aria-live="polite"]'));

async function seedQuote(el: QuoteBuilder) {
  type(control(el, USERS), '25');
  control(el, 'Px2 dedicated server').click();
  await el.updateComplete;
}

describe('<quote-builder> words', () => {
  beforeEach(() => clearOutboxes());

  it('applying and removing an offer code announces the new total and fires qk-quote-change', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    const changes: string[] = [];
    el.addEventListener('qk-quote-change', (e) => changes.push(e.detail.totals.monthlyPayment));
    await applyCode(el, 'ACME5');
    expect(total(el)).to.equal('$285.00');
    expect(announced(el)).to.equal('Monthly payment $285.00');
    expect(changes).to.deep.equal(['285.00']);
    const offer = root(el).querySelector('offer-code-input')!;
    button(offer, 'Remove')!.click();
    await el.updateComplete;
    expect(total(el)).to.equal('$300.00');
    expect(announced(el)).to.equal('Monthly payment $300.00');
    expect(changes).to.deep.equal(['285.00', '300.00']);
  });

  it('phone mode: the code the rep applies is announced with the total it gives', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} mode="phone" products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    await applyCode(el, 'NW10');
    expect(announced(el)).to.equal(`Monthly payment ${total(el)}`);
    expect(total(el)).to.equal('$270.00');
  });

  it('"Choose at least one product" clears once a quantity is entered', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    type(control(el, 'Name'), 'Ada Lovelace');
    type(control(el, 'Email'), 'ada.words@example.com');
    root(el).querySelector<HTMLButtonElement>('[part="place-order-button"]')!.click();
    await until(() => !!root(el).querySelector('#form-error'), 'form error');
    expect(text(root(el).querySelector('#form-error'))).to.equal(
      'Choose at least one product to order.',
    );
    type(control(el, USERS), '2');
    await el.updateComplete;
    expect(text(root(el).querySelector('#form-error'))).to.equal('');
    expect(total(el)).to.equal('$8.00');
  });

  it('a flat-priced line says it is a flat monthly price, not "Included"', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} products=${SEED}></quote-builder>`,
    );
    await seedQuote(el);
    const px2 = [...root(el).querySelectorAll('.product')].find((row) =>
      text(row).startsWith('Px2 dedicated server'),
    )!;
    expect(text(px2.querySelector('.words'))).to.equal('Flat monthly price');
    expect(text(px2)).to.not.contain('Included');
  });
});
