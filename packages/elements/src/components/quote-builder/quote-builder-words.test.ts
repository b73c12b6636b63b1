// What a visitor of <quote-builder> reads and hears: the announced total
// after an offer code, errors that clear with their cause, and the words for
// each line.
import { expect, fixture, html } from '@open-wc/testing';
import { api, clearOutboxes, cutNetwork } from '../../../test/api.js';
import { applyCode, builder, button, control, root, text, type, until } from '../../../test/dom.js';
import '../offer-code-input/define.js';
import '../commission-estimator/define.js';
import '../support-token-calculator/define.js';
import type { CommissionEstimator } from '../commission-estimator/commission-estimator.js';
import type { SupportTokenCalculator } from '../support-token-calculator/support-token-calculator.js';
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

/** The element's alert once it shows one. */
async function alertOf(el: HTMLElement & { updateComplete: Promise<boolean> }): Promise<string> {
  await until(() => !!el.shadowRoot?.querySelector('[role="alert"]'), 'alert');
  await el.updateComplete;
  return text(root(el).querySelector('[role="alert"]'));
}

describe('errors in German, worded from their code', () => {
  beforeEach(() => clearOutboxes());
  // English that core and the SDK write for developers, which no German visitor should read.
  const english =
    /could not be reached|quantity cannot|Line \d|format|quotekit|[a-z]+-[a-z]+-[a-z]+/;

  it('an unreachable API: the whole sentence is German', async () => {
    const base = await api({ client: { retries: 0 } });
    const restore = cutNetwork(base);
    try {
      const el = await fixture<QuoteBuilder>(
        html`<div lang="de">
          <quote-builder api-base=${base} products=${SEED}></quote-builder>
        </div>`,
      ).then((holder) => holder.querySelector('quote-builder')!);
      const alert = await alertOf(el);
      expect(alert).to.equal(
        'Die Preise konnten nicht geladen werden. Die Verbindung ist fehlgeschlagen. Bitte prüfen Sie sie und versuchen Sie es erneut. Erneut versuchen',
      );
      expect(alert).to.not.match(english);
    } finally {
      restore();
    }
  });

  it('a negative quantity names the product by its name, in German', async () => {
    const el = await builder(
      html`<quote-builder api-base=${await api()} locale="de" products=${SEED}></quote-builder>`,
    );
    el.session!.setQuantity('starter-plus-user', -3);
    const alert = await alertOf(el);
    expect(alert).to.match(
      /^Dieses Angebot kann nicht angezeigt werden\. Bitte eine gültige Menge für .+ angeben\.$/,
    );
    expect(alert).to.contain('Starter-Plus-Benutzer');
    expect(alert).to.not.match(english);
  });

  it('a saved quote that cannot be read says so in German and never names the product', async () => {
    const el = await builder(
      html`<quote-builder
        api-base=${await api()}
        locale="de"
        saved-quote="1.not-a-quote.00"
      ></quote-builder>`,
    );
    const alert = await alertOf(el);
    expect(alert).to.equal(
      'Dieses Angebot kann nicht angezeigt werden. Dieses gespeicherte Angebot kann nicht gelesen werden. Bitte fragen Sie nach einem neuen Link.',
    );
  });

  it('the calculator and the estimator name the field in German', async () => {
    const calculator = await fixture<SupportTokenCalculator>(
      html`<support-token-calculator locale="de" users="viele"></support-token-calculator>`,
    );
    expect(await alertOf(calculator)).to.equal(
      'Die Zahlen können nicht berechnet werden. Bitte eine gültige Menge für Benutzer angeben.',
    );
    const estimator = await fixture<CommissionEstimator>(
      html`<commission-estimator locale="de"></commission-estimator>`,
    );
    await estimator.updateComplete;
    type(control(estimator, 'Monatliche Zahlungen Ihrer Kunden (vor Rabatt, USD)'), 'viel');
    expect(await alertOf(estimator)).to.equal(
      'Die Schätzung ist nicht möglich. Bitte für Monatliche Zahlungen Ihrer Kunden (vor Rabatt, USD) einen Betrag wie 25.00 angeben.',
    );
  });
});
