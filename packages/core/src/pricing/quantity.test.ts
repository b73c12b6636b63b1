import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../catalog/catalog.js';
import { catalogs } from '../catalogs/index.js';
import { throwsCode } from '../../test/assert.js';
import { nextTier } from './next-tier.js';
import { priceQuote } from './pricing.js';

/** A product whose own maximum is the engine's cap, so only that cap applies. */
const open = parseCatalog({
  id: 'open',
  currency: 'USD',
  products: [
    {
      id: 'calls',
      name: 'Calls',
      billing: 'monthly',
      maxQuantity: 1e12,
      classes: { affiliate: 1, reseller: 1 },
      price: {
        model: 'graduated',
        tiers: [
          { upTo: 10, unitAmount: '0.01' },
          { upTo: null, unitAmount: '0.001' },
        ],
      },
    },
  ],
});
const quote = (quantity: number | string) =>
  priceQuote(open, { lines: [{ product: 'calls', quantity }] });

describe('one quantity cap, 10^12, for numbers and strings alike', () => {
  for (const quantity of [2 ** 53 - 1, '9007199254740991', 1e12 + 1, '1000000000001', 1e13]) {
    test(`priceQuote refuses ${typeof quantity} ${quantity} → invalid_quantity`, () => {
      throwsCode(() => quote(quantity), 'invalid_quantity');
    });
  }

  test('the refusal says why and names the line', () => {
    try {
      quote(2 ** 53 - 1);
      assert.fail('expected a throw');
    } catch (error) {
      assert.match((error as Error).message, /^Line 1 \(calls\): quantity is too large/);
    }
  });

  for (const quantity of [1e12, '1000000000000']) {
    test(`priceQuote prices ${typeof quantity} ${quantity}, the cap itself: 10 × 0.01 + 999,999,999,990 × 0.001`, () => {
      assert.equal(quote(quantity).totals.subtotal, '1000000000.09');
    });
  }

  test('the seed products refuse 2^53 − 1 as a number and as a string', () => {
    for (const quantity of [2 ** 53 - 1, String(2 ** 53 - 1)]) {
      throwsCode(
        () => priceQuote(catalogs.luxsci, { lines: [{ product: 'starter-plus-user', quantity }] }),
        'invalid_quantity',
      );
    }
  });

  test('nextTier refuses 2^53 − 1 as a number and as a string', () => {
    for (const quantity of [2 ** 53 - 1, String(2 ** 53 - 1)]) {
      throwsCode(() => nextTier(open, { product: 'calls', quantity }), 'invalid_quantity');
    }
  });

  test('nextTier still answers at the cap', () => {
    assert.equal(nextTier(open, { product: 'calls', quantity: 1e12 }), null);
    assert.deepEqual(nextTier(open, { product: 'calls', quantity: 4 }), {
      model: 'graduated',
      units: '6',
      unitAmount: '0.001',
    });
  });
});
