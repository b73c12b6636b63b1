// Priced lines carry their tiers as data; the expectations are worked out
// by hand from the catalog below, not read back from the code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../catalog/catalog.js';
import { QuotekitError } from '../errors.js';
import { nextTier } from './next-tier.js';
import { explainLine, priceQuote } from './pricing.js';

const shop = parseCatalog({
  id: 'shop',
  currency: 'USD',
  minimumMonthly: '50.00',
  products: [
    {
      id: 'seat',
      name: 'Seat',
      billing: 'monthly',
      unit: 'seat',
      classes: { affiliate: 1, reseller: 1 },
      price: { model: 'per_unit', unitAmount: '3.333' },
    },
    {
      id: 'base',
      name: 'Base fee',
      billing: 'monthly',
      classes: { affiliate: 1, reseller: 1 },
      price: { model: 'flat', amount: '10.00' },
    },
    {
      id: 'calls',
      name: 'API calls',
      billing: 'monthly',
      unit: 'call',
      free: 100,
      classes: { affiliate: 1, reseller: 1 },
      price: {
        model: 'graduated',
        tiers: [
          { upTo: 1000, unitAmount: '0.10' },
          { upTo: 10000, unitAmount: '0.05' },
          { upTo: null, unitAmount: '0.02' },
        ],
      },
    },
    {
      id: 'storage',
      name: 'Storage',
      billing: 'monthly',
      unit: 'GB',
      quantity: { max: 500 },
      classes: { affiliate: 1, reseller: 1 },
      price: {
        model: 'volume',
        tiers: [
          { upTo: 10, unitAmount: '2.00' },
          { upTo: 100, unitAmount: '1.50' },
          { upTo: 1000, unitAmount: '1.00' },
          { upTo: null, unitAmount: '0.50' },
        ],
      },
    },
    {
      id: 'bandwidth',
      name: 'Bandwidth',
      billing: 'monthly',
      quantity: { step: 0.5 },
      classes: { affiliate: 1, reseller: 1 },
      price: {
        model: 'graduated',
        tiers: [
          { upTo: 2.5, unitAmount: '1.00' },
          { upTo: null, unitAmount: '0.50' },
        ],
      },
    },
  ],
});

const line = (product: string, quantity: number, discountRate?: string) =>
  priceQuote(shop, { lines: [{ product, quantity }], ...(discountRate ? { discountRate } : {}) })
    .lines[0]!;

describe('priced lines carry a breakdown', () => {
  test('graduated: 1,200 calls, 100 free → 1,000 × 0.10 + 100 × 0.05', () => {
    const { breakdown, amount } = line('calls', 1200);
    assert.equal(amount, '105.00');
    assert.deepEqual(breakdown, {
      model: 'graduated',
      unit: 'call',
      freeUnits: '100',
      billableUnits: '1100',
      tiers: [
        { units: '1000', unitAmount: '0.10', amount: '100.00', from: '1', upTo: '1000' },
        { units: '100', unitAmount: '0.05', amount: '5.00', from: '1001', upTo: '10000' },
      ],
      discount: null,
      topUp: null,
    });
  });

  test('volume: 50 GB are all priced at the 11–100 tier', () => {
    const { breakdown, amount } = line('storage', 50);
    assert.equal(amount, '75.00');
    assert.deepEqual(breakdown.tiers, [
      { units: '50', unitAmount: '1.50', amount: '75.00', from: '11', upTo: '100' },
    ]);
  });

  test('per unit keeps sub-cent unit prices: 3 × 3.333 = 10.00', () => {
    const { breakdown, amount } = line('seat', 3);
    assert.equal(amount, '10.00');
    assert.deepEqual(breakdown.tiers, [
      { units: '3', unitAmount: '3.333', amount: '10.00', from: '1', upTo: null },
    ]);
  });

  test('flat: one tier when included, none when not', () => {
    assert.deepEqual(line('base', 1).breakdown.tiers, [
      { units: '1', unitAmount: '10.00', amount: '10.00', from: '1', upTo: null },
    ]);
    assert.deepEqual(line('base', 0).breakdown.tiers, []);
  });

  test('the offer discount is on the line: 10 % of 105.00 is 10.50', () => {
    assert.deepEqual(line('calls', 1200, '0.10').breakdown.discount, {
      rate: '0.10',
      amount: '10.50',
    });
  });

  test('the monthly-minimum top-up says what it makes up: 50.00 − 10.00', () => {
    const quote = priceQuote(shop, { lines: [{ product: 'base', quantity: 1 }] });
    const topUp = quote.lines[1]!;
    assert.equal(topUp.amount, '40.00');
    assert.deepEqual(topUp.breakdown, {
      model: 'top_up',
      unit: null,
      freeUnits: '0',
      billableUnits: '1',
      tiers: [],
      discount: null,
      topUp: { minimum: '50.00', monthly: '10.00', amount: '40.00' },
    });
  });

  test('explain is the breakdown in English words', () => {
    for (const [product, quantity] of [
      ['calls', 1200],
      ['storage', 50],
      ['seat', 3],
      ['base', 0],
    ] as const) {
      const priced = line(product, quantity, '0.05');
      assert.equal(explainLine(priced, 'USD'), priced.explain);
    }
    assert.equal(
      line('calls', 1200, '0.10').explain,
      'first 100 free, 1100 billable: 1000 × 0.10 (1–1000) + 100 × 0.05 (1001–10000) = 105.00; offer discount 10% −10.50',
    );
  });
});

describe('nextTier: how far the next, cheaper tier is', () => {
  const cases: [string, number, { model: string; units: string; unitAmount: string } | null][] = [
    // 500 calls, 100 free: 400 billable; tier 1 ends at 1,000, then 0.05 each.
    ['calls', 500, { model: 'graduated', units: '600', unitAmount: '0.05' }],
    ['calls', 50, { model: 'graduated', units: '1000', unitAmount: '0.05' }],
    // At 1,000 billable the next unit is already 0.05: the tier after that is 0.02 from 10,001.
    ['calls', 1100, { model: 'graduated', units: '9000', unitAmount: '0.02' }],
    ['calls', 20000, null],
    // Volume: at 7 GB, 4 more reach 11 GB, when every GB costs 1.50.
    ['storage', 7, { model: 'volume', units: '4', unitAmount: '1.50' }],
    ['storage', 10, { model: 'volume', units: '1', unitAmount: '1.50' }],
    // The 1.00 tier starts at 101 GB; the 0.50 tier at 1,001 GB is past the 500 GB maximum.
    ['storage', 100, { model: 'volume', units: '1', unitAmount: '1.00' }],
    ['storage', 400, null],
    ['bandwidth', 1, { model: 'graduated', units: '1.5', unitAmount: '0.50' }],
    ['seat', 3, null],
    ['base', 1, null],
  ];
  for (const [product, quantity, expected] of cases) {
    test(`${product} × ${quantity} → ${expected ? `${expected.units} more at ${expected.unitAmount}` : 'none'}`, () => {
      assert.deepEqual(nextTier(shop, { product, quantity }), expected);
    });
  }

  test('bad input is a typed error', () => {
    assert.throws(() => nextTier(shop, { product: 'nope', quantity: 1 }), {
      code: 'unknown_product',
    });
    assert.throws(() => nextTier(shop, { product: 'calls', quantity: 'many' }), {
      code: 'invalid_quantity',
    });
    assert.throws(() => nextTier(shop, { product: 'calls', quantity: -1 }), QuotekitError);
    assert.throws(() => nextTier(shop, { product: 'calls', quantity: 1, currency: 'EUR' }), {
      code: 'invalid_currency',
    });
  });
});
