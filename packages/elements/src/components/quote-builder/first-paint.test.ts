import { expect, fixture, html } from '@open-wc/testing';
import { encodeSavedQuote } from '@quotekit/core';
import { http } from 'msw';
import { api, override } from '../../../test/api.js';
import './define.js';
import type { QuoteBuilder } from './quote-builder.js';

const SEED_LINES = [
  { product: 'starter-plus-user', quantity: 25 },
  { product: 'dedicated-px2', quantity: 1 },
];
const PRODUCTS = 'starter-plus-user,smart-hosting,secureform,dedicated-px2';
const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const totals = (el: QuoteBuilder) => text(root(el).querySelector('[part="totals"]'));

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check(), `${what} not reached`).to.equal(true);
}

/**
 * A builder on a fresh API whose catalog request is held back: the totals
 * it paints from the first-paint answer, then the totals it renders once its
 * own session has priced the quote.
 */
async function paintThenHydrate(
  attributes: { locale: string; savedQuote?: string; offerCode?: string },
  base?: string,
) {
  const apiBase = base ?? (await api());
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  override(
    http.get(`${apiBase}/v1/catalog`, async () => {
      await held;
      return undefined;
    }),
  );
  const el = await fixture<QuoteBuilder>(
    html`<quote-builder
      api-base=${apiBase}
      products=${PRODUCTS}
      locale=${attributes.locale}
      saved-quote=${attributes.savedQuote ?? ''}
      offer-code=${attributes.offerCode ?? ''}
    ></quote-builder>`,
  );
  await until(() => totals(el) !== '', 'the first paint');
  const painted = totals(el);
  const paintedHeight = el.getBoundingClientRect().height;
  expect(root(el).querySelector('[part="products"]'), 'no products before hydration').to.equal(
    null,
  );
  release();
  await until(() => root(el).querySelector('[part="products"]') !== null, 'hydration');
  await el.opened;
  return {
    painted,
    hydrated: totals(el),
    paintedHeight,
    height: el.getBoundingClientRect().height,
  };
}

describe('<quote-builder> first paint', () => {
  it('paints $0.00 from the server in English and shows the same text after hydration', async () => {
    const { painted, hydrated } = await paintThenHydrate({ locale: 'en-US' });
    expect(painted).to.equal('Monthly payment $0.00');
    expect(hydrated).to.equal(painted);
  });

  it('paints a saved quote with its offer code in German, the same text as after hydration', async () => {
    const saved = encodeSavedQuote({ lines: SEED_LINES, offerCode: 'NW10' });
    const { painted, hydrated } = await paintThenHydrate({ locale: 'de-DE', savedQuote: saved });
    expect(painted).to.contain('270,00 $');
    expect(painted).to.contain('30,00 $');
    expect(hydrated).to.equal(painted);
  });

  it('paints a saved quote with its offer code in English: $270.00 after 10 % off $300.00, the same text as after hydration', async () => {
    const saved = encodeSavedQuote({ lines: SEED_LINES, offerCode: 'NW10' });
    const { painted, hydrated } = await paintThenHydrate({ locale: 'en-US', savedQuote: saved });
    // 25 Starter Plus users and a Px2 server are $300.00 a month; NW10 takes 10 % off.
    expect(painted).to.equal('Monthly payment $270.00 Discount (10%) −$30.00');
    expect(hydrated).to.equal(painted);
  });

  it('paints a saved quote with the offer-code attribute in English, the same text as after hydration', async () => {
    const saved = encodeSavedQuote({ lines: SEED_LINES });
    const { painted, hydrated } = await paintThenHydrate({
      locale: 'en-US',
      savedQuote: saved,
      offerCode: 'ACME5',
    });
    // A saved quote opens with its own offer code (here none): the attribute's is not applied.
    expect(painted).to.equal('Monthly payment $300.00');
    expect(hydrated).to.equal(painted);
  });

  it('paints an offer code on the page products in German, the same text as after hydration', async () => {
    const { painted, hydrated } = await paintThenHydrate({ locale: 'de-DE', offerCode: 'NW10' });
    expect(painted).to.equal('Monatliche Zahlung 0,00 $');
    expect(hydrated).to.equal(painted);
  });

  it('paints a server-stored quote by id in German, the same text as after hydration', async () => {
    const base = await api();
    const res = await fetch(`${base}/v1/saved-quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quote: { lines: SEED_LINES }, offerCode: 'ACME5' }),
    });
    const { id } = (await res.json()) as { id: string };
    const { painted, hydrated } = await paintThenHydrate({ locale: 'de-DE', savedQuote: id }, base);
    expect(painted).to.contain('285,00 $');
    expect(hydrated).to.equal(painted);
  });

  it('keeps the room its four products take while it loads: under 10 % height change on hydration', async () => {
    const { paintedHeight, height } = await paintThenHydrate({ locale: 'en-US' });
    expect(paintedHeight).to.be.above(height * 0.9);
    expect(paintedHeight).to.be.below(height * 1.1);
  });
});
