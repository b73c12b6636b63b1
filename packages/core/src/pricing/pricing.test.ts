import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../catalog/catalog.js';
import { catalogs } from '../catalogs/index.js';
import { QuotekitError } from '../errors.js';
import { MINIMUM_TOP_UP, priceQuote } from './pricing.js';

/** A small catalog whose every figure is worked out by hand in the rows below. */
const shop = parseCatalog({
  id: 'shop',
  currency: 'USD',
  products: [
    {
      id: 'seat',
      name: 'Seat',
      billing: 'monthly',
      classes: { affiliate: 1, reseller: 0.5 },
      price: { model: 'per_unit', unitAmount: '3.333' },
    },
    {
      id: 'base',
      name: 'Base fee',
      billing: 'monthly',
      classes: { affiliate: 0.25, reseller: 0.75 },
      price: { model: 'flat', amount: '10.00' },
    },
    {
      id: 'setup',
      name: 'Setup',
      billing: 'one_time',
      classes: { affiliate: 0, reseller: 0 },
      price: { model: 'flat', amount: '99.99' },
    },
    {
      id: 'calls',
      name: 'API calls',
      billing: 'monthly',
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
      classes: { affiliate: 0.5, reseller: 0.5 },
      price: {
        model: 'volume',
        tiers: [
          { upTo: 10, unitAmount: '2.00' },
          { upTo: 100, unitAmount: '1.50' },
          { upTo: null, unitAmount: '1.00' },
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
    {
      id: 'half-days',
      name: 'Training',
      billing: 'one_time',
      quantity: { min: 1, max: 5, step: 0.5 },
      classes: { affiliate: 1, reseller: 1 },
      price: { model: 'per_unit', unitAmount: '400.00' },
    },
  ],
});

const priced = (lines: { product: string; quantity: number | string }[], discountRate?: string) =>
  priceQuote(shop, { lines, ...(discountRate === undefined ? {} : { discountRate }) });

describe('SPEC "Pricing a quote" — seed check', () => {
  test('25 Starter Plus users + one Px2 server → monthlyPayment "300.00", monthlyValue.affiliate "250.00"', () => {
    const quote = priceQuote(catalogs.luxsci, {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
    });
    assert.equal(quote.totals.monthlyPayment, '300.00');
    assert.equal(quote.totals.monthlyValue.affiliate, '250.00');
    assert.equal(quote.totals.monthlyValue.reseller, '250.00');
    assert.equal(quote.currency, 'USD');
  });
});

describe('SPEC "Price models"', () => {
  const rows: [rule: string, product: string, quantity: number, amount: string][] = [
    ['flat — one amount per period', 'base', 1, '10.00'],
    ['flat — quantity 0 leaves the line out of the price', 'base', 0, '0.00'],
    [
      'per_unit — unit amount × quantity, rounded once per line (7 × 3.333 = 23.331)',
      'seat',
      7,
      '23.33',
    ],
    ['per_unit — half-up at the minor unit (15 × 3.333 = 49.995)', 'seat', 15, '50.00'],
    ['graduated — the free allowance comes off the first units', 'calls', 100, '0.00'],
    ['graduated — 150 units: 100 free, 50 × 0.10', 'calls', 150, '5.00'],
    ['graduated — each unit priced by its tier: 1000 × 0.10 + 500 × 0.05', 'calls', 1600, '125.00'],
    [
      'graduated — into the open tier: 1000 × 0.10 + 9000 × 0.05 + 900 × 0.02',
      'calls',
      11000,
      '568.00',
    ],
    ['volume — every unit at the tier the total reaches (10 × 2.00)', 'storage', 10, '20.00'],
    ['volume — 11 units all at 1.50', 'storage', 11, '16.50'],
    ['volume — 101 units all at 1.00', 'storage', 101, '101.00'],
    ['per_unit with a half step (2.5 × 400.00)', 'half-days', 2.5, '1000.00'],
    ['graduated with fractional tier bounds (2.5 × 1.00 + 1.5 × 0.50)', 'bandwidth', 4, '3.25'],
    ['graduated with a fractional quantity (2.5 × 1.00 + 1 × 0.50)', 'bandwidth', 3.5, '3.00'],
  ];
  for (const [rule, product, quantity, amount] of rows) {
    test(rule, () => {
      const [line] = priced([{ product, quantity }]).lines;
      assert.equal(line?.amount, amount);
      assert.equal(line?.net, amount);
    });
  }
});

describe('SPEC "Pricing a quote" — per-line figures and totals', () => {
  test('discount = amount × discountRate rounded half-up; net = amount − discount', () => {
    // 15 × 3.333 = 49.995 → 50.00; 10 % → 5.00; 7 × 3.333 = 23.331 → 23.33; 10 % = 2.333 → 2.33
    const quote = priced(
      [
        { product: 'seat', quantity: 15 },
        { product: 'base', quantity: 1 },
      ],
      '0.10',
    );
    assert.deepEqual(
      quote.lines.map((l) => [l.amount, l.discount, l.net]),
      [
        ['50.00', '5.00', '45.00'],
        ['10.00', '1.00', '9.00'],
      ],
    );
    assert.equal(quote.discountRate, '0.10');
  });

  test('percent results are computed per line and rounded half-up per line (0.05 × 23.33 = 1.1665 → 1.17)', () => {
    const quote = priced([{ product: 'seat', quantity: 7 }], '0.05');
    assert.equal(quote.lines[0]?.discount, '1.17');
    assert.equal(quote.lines[0]?.net, '22.16');
  });

  test('value.P = net × class for program P, rounded (net 22.16: affiliate 1 → 22.16, reseller 0.5 → 11.08)', () => {
    const [line] = priced([{ product: 'seat', quantity: 7 }], '0.05').lines;
    assert.deepEqual(line?.value, { affiliate: '22.16', reseller: '11.08' });
  });

  test('monthlyPayment = Σ net of monthly lines; oneTime = Σ net of one-time lines; monthlyValue sums monthly lines only', () => {
    const quote = priced([
      { product: 'base', quantity: 1 },
      { product: 'setup', quantity: 1 },
      { product: 'half-days', quantity: 1 },
    ]);
    assert.equal(quote.totals.monthlyPayment, '10.00');
    assert.equal(quote.totals.oneTime, '499.99');
    assert.equal(quote.totals.subtotal, '509.99');
    assert.deepEqual(quote.totals.monthlyValue, { affiliate: '2.50', reseller: '7.50' });
  });

  test('explain says how the line was priced: tiers used and free units', () => {
    const [line] = priced([{ product: 'calls', quantity: 1600 }]).lines;
    assert.match(line!.explain, /first 100 free/);
    assert.match(line!.explain, /1000 × 0\.10 \(1–1000\)/);
    assert.match(line!.explain, /500 × 0\.05 \(1001–10000\)/);
    assert.match(line!.explain, /= 125\.00$/);
  });

  test('an empty quote totals zero', () => {
    const quote = priced([]);
    assert.equal(quote.totals.subtotal, '0.00');
    assert.equal(quote.lines.length, 0);
  });
});

describe('SPEC "Catalog" — monthly minimum spend', () => {
  test('seed 003: a monthly total below 250.00 gets a top-up line making up the difference', () => {
    // 2 instances, first free: 1 × 25.00 = 25.00; top-up 225.00
    const quote = priceQuote(catalogs.resellerPlan, {
      lines: [{ product: 'instances', quantity: 2 }],
    });
    const topUp = quote.lines.find((l) => l.product === MINIMUM_TOP_UP);
    assert.equal(topUp?.amount, '225.00');
    assert.deepEqual(topUp?.value, { affiliate: '0.00', reseller: '0.00' });
    assert.equal(quote.totals.monthlyPayment, '250.00');
  });

  test('no top-up at or above the minimum', () => {
    const quote = priceQuote(catalogs.resellerPlan, {
      lines: [{ product: 'instances', quantity: 11 }],
    });
    assert.equal(quote.totals.monthlyPayment, '250.00');
    assert.equal(
      quote.lines.some((l) => l.product === MINIMUM_TOP_UP),
      false,
    );
  });

  test('the minimum compares against net, after the offer discount', () => {
    // 11 instances: 250.00, 10 % off → 225.00, topped up by 25.00
    const quote = priceQuote(catalogs.resellerPlan, {
      lines: [{ product: 'instances', quantity: 11 }],
      discountRate: 0.1,
    });
    assert.equal(quote.lines.at(-1)?.amount, '25.00');
    assert.equal(quote.totals.monthlyPayment, '250.00');
  });

  test('price books: the same quote in GBP and AUD uses their prices and minimums', () => {
    const lines = [{ product: 'units', quantity: 5100 }];
    const gbp = priceQuote(catalogs.resellerPlan, { lines, currency: 'GBP' });
    const aud = priceQuote(catalogs.resellerPlan, { lines, currency: 'AUD' });
    // 5000 billable: 1000 × 0.08 + 4000 × 0.04 = 240.00 ≥ 200.00
    assert.equal(gbp.lines[0]?.amount, '240.00');
    assert.equal(gbp.totals.monthlyPayment, '240.00');
    // 1000 × 0.15 + 4000 × 0.075 = 450.00
    assert.equal(aud.lines[0]?.amount, '450.00');
    assert.equal(aud.currency, 'AUD');
  });
});

describe('SPEC "Pricing a quote" — bad input is a typed error naming the line', () => {
  const rows: [rule: string, config: unknown, code: string, line?: number][] = [
    [
      'unknown product',
      {
        lines: [
          { product: 'seat', quantity: 1 },
          { product: 'nope', quantity: 1 },
        ],
      },
      'unknown_product',
      1,
    ],
    ['negative quantity', { lines: [{ product: 'seat', quantity: -1 }] }, 'invalid_quantity', 0],
    [
      'fractional quantity where the product forbids it',
      { lines: [{ product: 'seat', quantity: 1.5 }] },
      'invalid_quantity',
      0,
    ],
    [
      'quantity off the step',
      { lines: [{ product: 'half-days', quantity: 1.25 }] },
      'invalid_quantity',
      0,
    ],
    [
      'quantity below min',
      { lines: [{ product: 'half-days', quantity: 0 }] },
      'invalid_quantity',
      0,
    ],
    [
      'quantity above max',
      { lines: [{ product: 'half-days', quantity: 5.5 }] },
      'invalid_quantity',
      0,
    ],
    ['flat above 1', { lines: [{ product: 'base', quantity: 2 }] }, 'invalid_quantity', 0],
    [
      'quantity that is not a number',
      { lines: [{ product: 'seat', quantity: 'ten' }] },
      'invalid_quantity',
      0,
    ],
    ['NaN quantity', { lines: [{ product: 'seat', quantity: Number.NaN }] }, 'invalid_quantity', 0],
    [
      'Infinity quantity',
      { lines: [{ product: 'seat', quantity: Infinity }] },
      'invalid_quantity',
      0,
    ],
    [
      'the same product twice',
      {
        lines: [
          { product: 'seat', quantity: 1 },
          { product: 'seat', quantity: 1 },
        ],
      },
      'invalid_quote',
      1,
    ],
    ['discount above 10 %', { lines: [], discountRate: '0.11' }, 'invalid_discount'],
    ['negative discount', { lines: [], discountRate: -0.01 }, 'invalid_discount'],
    ['discount that is not a number', { lines: [], discountRate: '10%' }, 'invalid_discount'],
    ['no lines array', { lines: 'seat' }, 'invalid_quote'],
    ['a currency the catalog has no prices in', { lines: [], currency: 'EUR' }, 'invalid_currency'],
  ];
  for (const [rule, config, code, line] of rows) {
    test(`${rule} → ${code}`, () => {
      assert.throws(
        () => priceQuote(shop, config as never),
        (error: unknown) => {
          assert.ok(error instanceof QuotekitError);
          assert.equal(error.code, code);
          if (line !== undefined) {
            // The message and the details count lines alike, from 1.
            assert.equal(error.details?.line, line + 1);
            assert.match(error.message, new RegExp(`^Line ${line + 1}`));
          }
          return true;
        },
      );
    });
  }

  for (const quantity of [2 ** 53 - 1, 1e12 + 1, String(2 ** 53 - 1), '1000000000001']) {
    test(`a quantity above one trillion is too large, as a ${typeof quantity} too (${quantity})`, () => {
      assert.throws(() => priceQuote(shop, { lines: [{ product: 'seat', quantity }] }), {
        code: 'invalid_quantity',
        message: 'Line 1 (seat): quantity is too large.',
      });
    });
  }

  test('one trillion, the cap itself, is priced as a number and as a string alike', () => {
    const asNumber = priceQuote(shop, { lines: [{ product: 'seat', quantity: 1e12 }] });
    const asString = priceQuote(shop, { lines: [{ product: 'seat', quantity: '1000000000000' }] });
    assert.deepEqual(asNumber, asString);
  });

  test('numbers are read through their string form: "0.1" and 0.1 price alike', () => {
    const a = priced([{ product: 'seat', quantity: '7' }], '0.1');
    const b = priceQuote(shop, { lines: [{ product: 'seat', quantity: 7 }], discountRate: 0.1 });
    assert.deepEqual(a, b);
  });

  test('a raw, unvalidated catalog is validated before pricing', () => {
    assert.throws(
      () => priceQuote({ id: 'x', currency: 'USD', products: 'none' } as never, { lines: [] }),
      { code: 'invalid_catalog' },
    );
  });
});
