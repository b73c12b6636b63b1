// The autoloader, from source: tags upgrade when they appear, and an
// affiliate link's ?aff= is captured unless the page turns it off.
import { expect } from '@open-wc/testing';
import { http } from 'msw';
import { api, override } from '../../test/api.js';

// Up to 8 s: from source, an element's first load transforms its whole module
// graph, which on a busy machine has taken more than 3 s.
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 800 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check(), `${what} not reached`).to.equal(true);
}

describe('cdn/quotekit.js autoloader', () => {
  it('captures ?aff=, then defines each element only when its tag first appears', async () => {
    const original = location.href;
    history.replaceState(null, '', '?aff=ACME');
    try {
      await import('./quotekit.js');
      await until(() => globalThis.quotekit !== undefined, 'start');
      expect(document.cookie).to.match(/(^|; )qk_ref=ACME\./);
      expect(customElements.get('support-token-calculator')).to.equal(undefined);
      const calculator = document.createElement('support-token-calculator');
      document.body.append(calculator);
      await until(() => customElements.get('support-token-calculator') !== undefined, 'define');
      expect(customElements.get('commission-estimator')).to.equal(undefined);
      await customElements.whenDefined('support-token-calculator');
      expect(calculator.shadowRoot).to.not.equal(null);
      calculator.remove();
    } finally {
      history.replaceState(null, '', original);
      document.cookie = 'qk_ref=; max-age=0; path=/';
    }
  });

  it("starts a builder's first-paint request before the element's code is defined, and the element uses that answer", async () => {
    await import('./quotekit.js');
    const base = await api();
    const requests: (CustomElementConstructor | undefined)[] = [];
    override(
      http.get(`${base}/v1/catalog/first-paint`, () => {
        requests.push(customElements.get('quote-builder'));
        return undefined;
      }),
    );
    const builder = document.createElement('quote-builder');
    builder.setAttribute('api-base', base);
    builder.setAttribute('products', 'starter-plus-user,dedicated-px2');
    builder.setAttribute('locale', 'en-US');
    document.body.append(builder);
    try {
      const total = () => builder.shadowRoot?.querySelector('[part="total-amount"]')?.textContent;
      await until(() => /\d/.test(total() ?? ''), 'the first paint');
      expect(total()).to.equal('$0.00');
      expect(requests).to.deep.equal([undefined]);
    } finally {
      builder.remove();
    }
  });

  it('a second copy of the autoloader at another address starts nothing', async () => {
    await import('./quotekit.js');
    await until(() => globalThis.quotekit !== undefined, 'start');
    const first = globalThis.quotekit;
    // @ts-expect-error: the same file at another address, as a page's `?v=` makes it.
    await import('./quotekit.js?copy');
    await new Promise((r) => setTimeout(r, 300));
    expect(globalThis.quotekit).to.equal(first);
  });
});
