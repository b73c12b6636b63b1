import { expect, fixture, html } from '@open-wc/testing';
import { appendForFirstRender, root, set, text } from '../../../test/dom.js';
import type { CommissionEstimator } from './commission-estimator.js';
import './define.js';

const results = (el: CommissionEstimator) =>
  Object.fromEntries(
    [...root(el).querySelectorAll('[part="results"] dt')].map((dt) => [
      text(dt),
      text(dt.nextElementSibling),
    ]),
  );

/** An estimator whose customers sign up on 15 January 2024. */
async function estimator(template: ReturnType<typeof html>) {
  const el = await fixture<CommissionEstimator>(template);
  el.now = () => Date.parse('2024-01-15T15:00:00Z');
  el.requestUpdate();
  await el.updateComplete;
  return el;
}

describe('<commission-estimator>', () => {
  // First in the file: no estimator has loaded the program rules yet.
  it('paints its form before the program rules load, with room kept for the figures, then the figures', async () => {
    const el = document.createElement('commission-estimator');
    try {
      await appendForFirstRender(el);
      expect(root(el).querySelector('input'), 'the form').to.not.equal(null);
      const figures = root(el).querySelector('.figures')!;
      expect(figures.getAttribute('aria-busy')).to.equal('true');
      expect(figures.getBoundingClientRect().height).to.be.greaterThan(100);
      expect(root(el).querySelector('[part="results"]')).to.equal(null);
      await el.updateComplete;
      expect(figures.getAttribute('aria-busy')).to.equal('false');
      expect(text(root(el).querySelector('[part="results"]'))).to.contain('Commission tier');
    } finally {
      el.remove();
    }
  });

  it('affiliate: $300.00 paying, $250.00 value, 5 % off → 10 % tier, 5 % rate, $11.88 a month', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    await expect(el).to.be.accessible();
    expect(results(el)).to.deep.equal({
      'Commission tier': '10%',
      'Your rate after the discount': '5%',
      'Commission a month': '$11.88',
      'Commission a year': '$142.56',
      'Your customers save a month': '$15.00',
    });
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      'First payout: $35.64 at the end of March 2024.',
    );
  });

  it('one-time fees (a managed email migration) are commissionable: the first month apart from the rest', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    set(el, 'Their one-time commissionable fees, first month (USD)', '450.00');
    await el.updateComplete;
    // Paid 285.00 → 10 % tier, 5 % after the 5 % discount. After the discount the month's
    // value is 237.50 and the fees' 427.50: first month 5 % of 665.00, then 5 % of 237.50.
    expect(results(el)).to.deep.equal({
      'Commission tier': '10%',
      'Your rate after the discount': '5%',
      'Commission, first month': '$33.25',
      'Commission, each following month': '$11.88',
      'Commission a year': '$163.93',
      'Your customers save a month': '$15.00',
    });
    await expect(el).to.be.accessible();
  });

  it('no discount: the full 10 %; the next tier says when to ask sales', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    set(el, 'Offer-code discount you give', '0');
    await el.updateComplete;
    expect(results(el)['Commission a month']).to.equal('$25.00');
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      '$200.00 more in monthly payments and you can ask sales for a better rate.',
    );
  });

  it('below $50.00 the tier is 5 %, and says what reaches 10 %', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    set(el, 'Your customers’ monthly payments (before discount, USD)', '37.50');
    set(el, 'Offer-code discount you give', '0');
    await el.updateComplete;
    expect(results(el)['Commission tier']).to.equal('5%');
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      '$12.50 more in monthly payments reaches 10%.',
    );
  });

  it('a check to a non-US address never pays out, and says why', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    set(el, 'Payout method', 'check');
    await el.updateComplete;
    set(el, 'Country of your payment address (two letters)', 'CA');
    await el.updateComplete;
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      'Checks go to US addresses only',
    );
    await expect(el).to.be.accessible();
  });

  it('draws the trade-off from 0 to 10 %, with the figures as a table for assistive tech', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    const svg = root(el).querySelector('[part="chart"] svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelectorAll('polyline')).to.have.length(2);
    const rows = [...root(el).querySelectorAll('[part="chart"] tbody tr')].map((tr) => text(tr));
    expect(rows).to.have.length(11);
    expect(rows[0]).to.equal('0% $25.00 $0.00');
    expect(rows[10]).to.equal('10% $0.00 $30.00');
  });

  it("the controls of a row line up, whatever their labels, and the select is an input's height", async () => {
    const box = await fixture<HTMLDivElement>(
      html`<div style="width: 48rem"><commission-estimator></commission-estimator></div>`,
    );
    const el = box.querySelector('commission-estimator')!;
    await el.updateComplete;
    const boxes = [
      ...root(el).querySelectorAll('.inputs input:not([type="range"]), .inputs select'),
    ].map((control) => control.getBoundingClientRect());
    const firstRow = boxes.filter((b) => Math.abs(b.top - boxes[0]!.top) < 40);
    expect(firstRow.length).to.be.above(1);
    for (const b of firstRow) expect(b.bottom).to.be.closeTo(boxes[0]!.bottom, 1);
    expect(boxes.at(-1)!.height).to.be.closeTo(boxes[0]!.height, 1);
  });

  it('the table for assistive tech takes no room: nothing scrolls past the chart', async () => {
    const box = await fixture<HTMLDivElement>(
      html`<div style="position: relative; overflow: auto">
        <commission-estimator></commission-estimator>
      </div>`,
    );
    const el = box.querySelector('commission-estimator')!;
    await el.updateComplete;
    expect(root(el).querySelectorAll('[part="chart"] tbody tr')).to.have.length(11);
    expect(box.scrollHeight).to.be.at.most(box.clientHeight + 1);
    await expect(el).to.be.accessible();
  });

  it('reseller: no credit below 3 sub-clients, said why; 10 % credit and the margin from 3', async () => {
    const el = await estimator(
      html`<commission-estimator program="reseller"></commission-estimator>`,
    );
    set(el, 'Sub-clients you serve', '2');
    await el.updateComplete;
    expect(results(el)['Credit a month']).to.equal('$0.00');
    expect(text(root(el).querySelector('[part="base"]'))).to.contain(
      'No credit yet: credits start at 3 sub-clients, and you have 2.',
    );
    set(el, 'Sub-clients you serve', '3');
    set(el, 'What you charge your clients a month (optional, USD)', '360.00');
    set(el, 'Accounts’ monthly payments (USD)', '300.00');
    set(el, 'Accounts’ monthly value (USD)', '250.00');
    await el.updateComplete;
    // 10 % of $250.00 = $25.00; margin 360.00 − 300.00 + 25.00 = $85.00.
    expect(results(el)).to.deep.equal({
      'Credit rate': '10%',
      'Credit a month': '$25.00',
      'Your margin a month': '$85.00',
    });
    await expect(el).to.be.accessible();
  });

  it('in German', async () => {
    const el = await estimator(html`<commission-estimator locale="de-DE"></commission-estimator>`);
    expect(results(el)['Provision im Monat']).to.equal('11,88 $');
  });

  it('a figure that is not money is an alert and qk-error, never NaN', async () => {
    const el = await estimator(html`<commission-estimator></commission-estimator>`);
    const errors: string[] = [];
    el.addEventListener('qk-error', (e) => errors.push(e.detail.error.code));
    set(el, 'Your customers’ monthly payments (before discount, USD)', 'lots');
    await el.updateComplete;
    expect(errors).to.have.length(1);
    expect(root(el).querySelector('[role="alert"]')).to.not.equal(null);
    expect(root(el).textContent).to.not.contain('NaN');
    await expect(el).to.be.accessible();
  });
});
