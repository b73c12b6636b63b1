// Attribution that anyone could mint: a saved quote that names an affiliate
// without the server's word for it, and one click token used on many orders.
// Each test plays the attacker against the real app.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStaffKey } from '../staff.js';
import { bearer, SEED_LINES, useApp, webOrder } from '../../test/harness.js';

const h = useApp();

/** `POST /v1/saved-quotes` for the seed lines; answers the created body. */
async function saveQuote(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await h.post('/v1/saved-quotes', { quote: { lines: SEED_LINES }, ...body }, headers);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string; affiliate?: string };
}

describe('a saved quote credits an affiliate only when the server made it for that affiliate', () => {
  test('a quote saved naming ACME with no click credits nobody, and a real NORTHWIND click wins the order', async () => {
    const crafted = await saveQuote({ affiliate: 'ACME' });
    assert.equal(crafted.affiliate, undefined);
    const read = await (await h.app.request(`/v1/saved-quotes/${crafted.id}`)).json();
    assert.equal(read.affiliate, undefined);

    const token = await h.clickToken('NORTHWIND');
    const res = await h.order(
      webOrder(
        { savedQuoteId: crafted.id },
        { attribution: { affiliate: 'NORTHWIND', method: 'affiliate_url', token } },
      ),
    );
    assert.equal(res.status, 201);
    const { order } = await res.json();
    assert.deepEqual(order.attribution, { affiliate: 'NORTHWIND', method: 'affiliate_url' });
    assert.equal(order.savedQuoteId, crafted.id);
  });

  test('a quote saved naming ACME with no click attributes an order with nothing else to nobody', async () => {
    const crafted = await saveQuote({ affiliate: 'ACME' });
    const { order } = await (await h.order(webOrder({ savedQuoteId: crafted.id }))).json();
    assert.equal(order.attribution, null);
  });

  test("another affiliate's click token, or an altered one, does not credit ACME", async () => {
    const northwind = await h.clickToken('NORTHWIND');
    const acme = await h.clickToken('ACME');
    const altered = `${acme.slice(0, -2)}${acme.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const clickToken of [northwind, altered, 'ACME:1772445600:abcdefgh:x']) {
      const saved = await saveQuote({ affiliate: 'ACME', clickToken });
      assert.equal(saved.affiliate, undefined, clickToken);
      const { order } = await (await h.order(webOrder({ savedQuoteId: saved.id }))).json();
      assert.equal(order.attribution, null, clickToken);
    }
  });

  test("a quote saved with ACME's click token, or by an admin key, credits ACME as saved_quote", async () => {
    const withClick = await saveQuote({
      affiliate: 'acme',
      clickToken: await h.clickToken('ACME'),
    });
    const admin = (await createStaffKey(h.db, { name: 'Ops', role: 'admin' })).key;
    const sales = (await createStaffKey(h.db, { name: 'Rep', role: 'sales' })).key;
    const byAdmin = await saveQuote({ affiliate: 'ACME' }, bearer(admin));
    const bySales = await saveQuote({ affiliate: 'ACME' }, bearer(sales));
    assert.equal(withClick.affiliate, 'ACME');
    assert.equal(byAdmin.affiliate, 'ACME');
    assert.equal(bySales.affiliate, undefined);
    for (const [saved, expected] of [
      [withClick, { affiliate: 'ACME', method: 'saved_quote' }],
      [byAdmin, { affiliate: 'ACME', method: 'saved_quote' }],
      [bySales, null],
    ] as const) {
      const { order } = await (await h.order(webOrder({ savedQuoteId: saved.id }))).json();
      assert.deepEqual(order.attribution, expected);
    }
  });
});
