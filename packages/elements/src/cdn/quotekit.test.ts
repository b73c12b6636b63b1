// The autoloader, from source: tags upgrade when they appear, and an
// affiliate link's ?aff= is captured unless the page turns it off.
import { expect } from '@open-wc/testing';
import { until as untilWithin } from '../../test/dom.js';

// Up to 8 s: from source, an element's first load transforms its whole module
// graph, which on a busy machine has taken more than 3 s.
const until = (check: () => boolean, what: string) => untilWithin(check, what, 8000);

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
      expect(customElements.get('partner-portal')).to.equal(undefined);
      await customElements.whenDefined('support-token-calculator');
      expect(calculator.shadowRoot).to.not.equal(null);
      calculator.remove();
    } finally {
      history.replaceState(null, '', original);
      document.cookie = 'qk_ref=; max-age=0; path=/';
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
