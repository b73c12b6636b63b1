import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { api, cutNetwork, override } from '../../../test/api.js';
import { enterCode, root, text, type, until } from '../../../test/dom.js';
import './define.js';
import type { OfferCodeInput } from './offer-code-input.js';

const statusOf = (el: OfferCodeInput) => text(root(el).querySelector('[part="status"]'));
const inputOf = (el: OfferCodeInput) => root(el).querySelector('input')!;

describe('<offer-code-input>', () => {
  it('alone with an api-base it checks codes without a quote session', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${await api()}></offer-code-input>`,
    );
    expect(el.session).to.equal(null);
    await enterCode(el, 'NW10');
    expect(el.offerCheck!.$offer.get()).to.include({ status: 'valid', code: 'NW10' });
    expect(statusOf(el)).to.equal('10% off');
  });

  it('alone, a network failure says the code could not be checked', async () => {
    const base = await api();
    cutNetwork(base);
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${base}></offer-code-input>`,
    );
    expect(el.session).to.equal(null);
    await enterCode(el, 'ACME5');
    expect(statusOf(el)).to.equal(
      'The code could not be checked: the connection failed. Try again.',
    );
  });

  it('for= a builder defined later waits for its session and discounts its quote', async () => {
    const base = await api();
    const holder = await fixture<HTMLDivElement>(html`
      <div>
        <offer-code-input for="later-builder"></offer-code-input>
        <quote-builder id="later-builder" api-base=${base}></quote-builder>
      </div>
    `);
    const el = holder.querySelector('offer-code-input')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.alert')).to.equal(null);
    await import('../quote-builder/define.js');
    const builder = holder.querySelector('quote-builder')!;
    await until(() => el.session !== null && el.session === builder.session);
    await until(() => builder.session!.$catalog.get().status === 'ready');
    builder.session!.setLines([{ product: 'starter-plus-user', quantity: 25 }]);
    await enterCode(el, 'ACME5');
    // 5 % of 25 users at $4.00 a month.
    expect(builder.session!.$quote.get().quote!.totals.discount).to.equal('5.00');
    expect(statusOf(el)).to.equal('5% off — you save $5.00 a month');
  });

  it('is accessible, labelled "Offer code", with an Apply button', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${await api()}></offer-code-input>`,
    );
    await expect(el).to.be.accessible();
    expect(inputOf(el).labels![0]!.textContent).to.equal('Offer code');
    expect(el.shadowRoot!.querySelector('[part="apply-button"]')!.textContent!.trim()).to.equal(
      'Apply',
    );
  });

  it('Enter applies a valid code: the status says the discount, and qk-offer-change fires', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${await api()}></offer-code-input>`,
    );
    const changed = oneEvent(el, 'qk-offer-change');
    await enterCode(el, 'ACME5');
    expect((await changed).detail).to.deep.equal({ code: 'ACME5', discountRate: '0.05' });
    expect(statusOf(el)).to.equal('5% off');
    expect(el.value).to.equal('ACME5');
    await expect(el).to.be.accessible();
  });

  it('says what a bound quote saves a month', async () => {
    const base = await api({ client: {} });
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${base}></offer-code-input>`,
    );
    el.session!.setLines([
      { product: 'starter-plus-user', quantity: 25 },
      { product: 'dedicated-px2', quantity: 1 },
    ]);
    await enterCode(el, 'ACME5');
    // 5 % of $300.00 a month.
    expect(statusOf(el)).to.equal('5% off — you save $15.00 a month');
  });

  it('joining a session that already has a code keeps that code and shows it', async () => {
    await import('../quote-builder/define.js');
    const holder = await fixture<HTMLDivElement>(html`
      <div><quote-builder id="coded-builder" api-base=${await api()}></quote-builder></div>
    `);
    const builder = holder.querySelector('quote-builder')!;
    await until(() => builder.session?.$catalog.get().status === 'ready');
    await builder.session!.applyOfferCode('acme5');
    const el = document.createElement('offer-code-input');
    el.setAttribute('for', 'coded-builder');
    holder.append(el);
    await until(() => el.session === builder.session);
    await el.updateComplete;
    expect(builder.session!.$offer.get().code).to.equal('ACME5');
    expect(inputOf(el).value).to.equal('ACME5');
  });

  it('shows a code the quote got elsewhere, and keeps what the visitor is typing', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${await api({ client: {} })}></offer-code-input>`,
    );
    // As a saved-quote link or <quote-builder offer-code> applies it.
    await el.session!.applyOfferCode('acme5');
    await el.updateComplete;
    expect(inputOf(el).value).to.equal('ACME5');
    expect(statusOf(el)).to.equal('5% off');
    type(inputOf(el), 'NW1');
    el.session!.setLines([{ product: 'starter-plus-user', quantity: 3 }]);
    await el.updateComplete;
    expect(inputOf(el).value).to.equal('NW1');
    el.session!.clearOfferCode();
    await el.updateComplete;
    expect(inputOf(el).value).to.equal('');
  });

  it('an unknown code says so in words, and is invalid for assistive tech', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${await api()}></offer-code-input>`,
    );
    await enterCode(el, 'NOPE99');
    expect(statusOf(el)).to.equal('We don’t know the code NOPE99. Check it and try again.');
    expect(inputOf(el).getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('rate limited: counts down from Retry-After and keeps Apply disabled', async () => {
    const base = await api({ client: { retries: 0 } });
    override(
      http.post(`${base}/v1/offer-codes/validate`, () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Too many attempts.' } },
          { status: 429, headers: { 'retry-after': '45' } },
        ),
      ),
    );
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${base}></offer-code-input>`,
    );
    await enterCode(el, 'ACME5');
    const text = statusOf(el);
    expect(text).to.match(/^Too many tries\. You can try again in (44|45) s\.$/);
    const apply = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="apply-button"]')!;
    expect(apply.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a network failure says the code could not be checked', async () => {
    const base = await api({ client: { retries: 0 } });
    cutNetwork(base);
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input api-base=${base}></offer-code-input>`,
    );
    await enterCode(el, 'ACME5');
    expect(statusOf(el)).to.equal(
      'The code could not be checked: the connection failed. Try again.',
    );
    await expect(el).to.be.accessible();
  });

  it('in a form: required blocks submission until a valid code is applied, then FormData has it', async () => {
    const base = await api();
    const form = await fixture<HTMLFormElement>(html`
      <form>
        <offer-code-input api-base=${base} name="code" required></offer-code-input>
      </form>
    `);
    const el = form.querySelector('offer-code-input')!;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(new FormData(form).get('code')).to.equal(null);
    await enterCode(el, 'NW10');
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('code')).to.equal('NW10');
    form.reset();
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
  });

  it('in German: German label and status', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input
        api-base=${await api({ client: {} })}
        locale="de-DE"
      ></offer-code-input>`,
    );
    el.session!.setLines([{ product: 'starter-plus-user', quantity: 25 }]);
    await enterCode(el, 'ACME5');
    expect(inputOf(el).labels![0]!.textContent).to.equal('Angebotscode');
    expect(statusOf(el)).to.equal('5 % Rabatt – Sie sparen 5,00 $ im Monat');
  });

  it('without an API it says codes cannot be used here and tells the developer why in qk-error; a bad api-base too', async () => {
    const holder = document.createElement('div');
    const errors: string[] = [];
    const messages: string[] = [];
    holder.addEventListener('qk-error', (e) => {
      errors.push(e.detail.error.code);
      messages.push(e.detail.error.message);
    });
    holder.innerHTML =
      '<offer-code-input></offer-code-input><offer-code-input api-base="javascript:alert(1)"></offer-code-input>';
    document.body.append(holder);
    const [bare, bad] = holder.querySelectorAll('offer-code-input');
    await bare!.updateComplete;
    await bad!.updateComplete;
    expect(errors).to.deep.equal(['invalid_options', 'invalid_options']);
    // The visitor reads no developer text; the developer reads it in qk-error.
    expect(text(bare!.shadowRoot!.querySelector('.alert'))).to.equal(
      'Offer codes cannot be used here.',
    );
    expect(text(bad!.shadowRoot!.querySelector('.alert'))).to.equal(
      'Offer codes cannot be used here.',
    );
    expect(messages[0]).to.contain('api-base');
    expect(messages[1]).to.contain('http(s)');
    holder.remove();
  });

  it('defining twice does not throw', async () => {
    const { OfferCodeInput } = await import('./offer-code-input.js');
    const { defineElement } = await import('../../internal/define.js');
    expect(() => defineElement('offer-code-input', class extends OfferCodeInput {})).not.to.throw();
  });
});
