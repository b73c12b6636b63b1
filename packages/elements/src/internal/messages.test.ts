import { expect, fixture, html } from '@open-wc/testing';
import '../components/offer-code-input/define.js';
import '../components/support-token-calculator/define.js';
import type { OfferCodeInput } from '../components/offer-code-input/offer-code-input.js';

const germanFilesLoaded = () =>
  performance
    .getEntriesByType('resource')
    .filter((entry) => /messages\.de\.(ts|js)/.test(entry.name)).length;

const labelOf = (el: OfferCodeInput) => el.shadowRoot!.querySelector('label')!.textContent;

describe('messages by locale', () => {
  // The test page loads every source module on its own: more than the
  // browser's default 250 resource entries, after which none are recorded.
  before(() => performance.setResourceTimingBufferSize(10_000));

  it('an English page renders at once and loads no German message file', async () => {
    const holder = await fixture<HTMLDivElement>(html`
      <div lang="en">
        <offer-code-input api-base="https://api.quotekit.test"></offer-code-input>
        <support-token-calculator></support-token-calculator>
      </div>
    `);
    const el = holder.querySelector('offer-code-input')!;
    await el.updateComplete;
    expect(labelOf(el)).to.equal('Offer code');
    await new Promise((r) => setTimeout(r, 200));
    expect(germanFilesLoaded()).to.equal(0);
  });

  it('a German element loads its German file and shows German text', async () => {
    const el = await fixture<OfferCodeInput>(
      html`<offer-code-input
        api-base="https://api.quotekit.test"
        locale="de-DE"
      ></offer-code-input>`,
    );
    await el.updateComplete;
    expect(labelOf(el)).to.equal('Angebotscode');
    expect(germanFilesLoaded()).to.be.greaterThan(0);
  });
});
