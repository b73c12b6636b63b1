import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { parseCatalog } from '../catalog/catalog.js';
import { catalogs } from '../catalogs/index.js';
import { QuotekitError } from '../errors.js';
import { compiledBook } from './compile.js';
import { priceQuoteInteger } from './fast.js';
import { priceQuote, priceQuoteDecimal } from './pricing.js';

const RUNS = { numRuns: 400 };

/** A decimal string with up to `places` decimals, tilted towards half-up edges (…5). */
const amount = (max: number, places: number) =>
  fc.tuple(fc.integer({ min: 0, max: max * 10 ** places }), fc.boolean()).map(([n, edge]) => {
    const scaled = edge ? n - (n % 10) + 5 : n;
    return new Decimal(scaled).div(10 ** places).toString();
  });
/** Mostly prices the integer path covers (≤ 4 decimals), sometimes 5–6 decimals. */
const unitAmount = fc.oneof(
  { weight: 6, arbitrary: amount(100, 4) },
  { weight: 2, arbitrary: amount(2, 3) },
  { weight: 1, arbitrary: amount(1, 6) },
);
const tiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 3 })
  .chain((bounds) =>
    fc.tuple(
      ...[...bounds.sort((a, b) => a - b), null].map((upTo) =>
        unitAmount.map((unit) => ({ upTo, unitAmount: unit })),
      ),
    ),
  );
const price = fc.oneof(
  amount(500, 2).map((a) => ({ model: 'flat' as const, amount: a })),
  amount(500, 3).map((a) => ({ model: 'flat' as const, amount: a })),
  unitAmount.map((u) => ({ model: 'per_unit' as const, unitAmount: u })),
  tiers.map((t) => ({ model: 'graduated' as const, tiers: t })),
  tiers.map((t) => ({ model: 'volume' as const, tiers: t })),
);
const klass = fc.constantFrom(1 as const, 0.75 as const, 0.5 as const, 0.25 as const, 0 as const);
const productArb = fc.record({
  billing: fc.constantFrom('monthly' as const, 'one_time' as const),
  free: fc.option(fc.constantFrom(0, 1, 5, 10, 50, 2.5), { nil: undefined }),
  unit: fc.option(fc.constantFrom('seat', 'GB'), { nil: undefined }),
  discountable: fc.option(fc.boolean(), { nil: undefined }),
  step: fc.option(fc.constantFrom(0.5, 2), { nil: undefined }),
  classes: fc.record({ affiliate: klass, reseller: klass }),
  price,
});
/** Whole quantities mostly; large ones that leave safe integers; strings and fractions. */
const quantityFor = (flat: boolean) =>
  flat
    ? fc.oneof(fc.constantFrom(0, 1), fc.constant('1'))
    : fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 1e12 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }).map((n) => n / 2) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }).map(String) },
      );

/** A random valid catalog (in a 2- or 0-digit currency) and a quote over it. */
const scenario = fc
  .record({
    currency: fc.constantFrom('USD', 'GBP', 'AUD', 'JPY'),
    products: fc.array(productArb, { minLength: 1, maxLength: 6 }),
    minimumMonthly: fc.option(fc.oneof(amount(2000, 2), amount(200, 3)), { nil: undefined }),
    discountRate: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10_000) },
      {
        weight: 2,
        arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => (n / 10_000).toFixed(4)),
      },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100_000).toFixed(5)),
      },
    ),
  })
  .chain(({ currency, products, minimumMonthly, discountRate }) => {
    const catalog = parseCatalog({
      id: 'generated',
      currency,
      ...(minimumMonthly === undefined ? {} : { minimumMonthly }),
      products: products.map(({ free, unit, discountable, step, ...p }, i) => ({
        id: `p${i}`,
        name: `Product ${i}`,
        ...p,
        ...(free === undefined ? {} : { free }),
        ...(unit === undefined ? {} : { unit }),
        ...(discountable === undefined ? {} : { discountable }),
        ...(step === undefined || p.price.model === 'flat' ? {} : { quantity: { step } }),
      })),
    });
    const lines = fc.tuple(
      ...catalog.products.map((p) =>
        quantityFor(p.price.model === 'flat').map((quantity) => ({ product: p.id, quantity })),
      ),
    );
    return fc.record({
      catalog: fc.constant(catalog),
      lines: lines.chain((all) => fc.subarray(all)),
      discountRate: fc.constant(discountRate),
    });
  });

/** The outcome of a pricing call: the quote, or the error's code and message. */
function outcome(price: () => unknown): unknown {
  try {
    return { quote: price() };
  } catch (error) {
    assert.ok(error instanceof QuotekitError, String(error));
    return { code: error.code, message: error.message };
  }
}

describe('the integer path prices exactly as decimal.js does (fast-check, 400 runs)', () => {
  test('priceQuote deep-equals the decimal.js path on random catalogs and quotes, errors included', () => {
    fc.assert(
      fc.property(scenario, ({ catalog, lines, discountRate }) => {
        const config = { lines, ...(discountRate === undefined ? {} : { discountRate }) };
        assert.deepEqual(
          outcome(() => priceQuote(catalog, config)),
          outcome(() => priceQuoteDecimal(catalog, config)),
        );
      }),
      RUNS,
    );
  });

  test('the integer path takes most generated quotes and leaves the rest to decimal.js', () => {
    let taken = 0;
    let left = 0;
    fc.assert(
      fc.property(scenario, ({ catalog, lines, discountRate }) => {
        const rate = new Decimal(discountRate ?? 0);
        const book = compiledBook(catalog, undefined);
        const units = rate.times(10_000);
        const integer = priceQuoteInteger(
          book,
          lines,
          units.isInteger() ? units.toNumber() : null,
          rate.toFixed(Math.max(2, rate.dp())),
        );
        if (integer === null) {
          left++;
          return;
        }
        taken++;
        assert.deepEqual(integer, priceQuoteDecimal(catalog, { lines, discountRate }));
      }),
      RUNS,
    );
    // Both paths must be exercised for the comparison above to mean anything.
    assert.ok(taken > RUNS.numRuns / 4, `integer path took ${taken} of ${RUNS.numRuns}`);
    assert.ok(left > RUNS.numRuns / 20, `decimal.js took ${left} of ${RUNS.numRuns}`);
  });

  test('rounding edges: half a minor unit rounds up in the amount, the discount and the value', () => {
    const catalog = parseCatalog({
      id: 'edges',
      currency: 'USD',
      minimumMonthly: '10.005',
      products: [
        {
          id: 'metered',
          name: 'Metered',
          billing: 'monthly',
          classes: { affiliate: 0.25, reseller: 0.75 },
          price: { model: 'per_unit', unitAmount: '0.0015' },
        },
      ],
    });
    // 3 × 0.0015 = 0.0045 → 0.00; 10 × 0.0015 = 0.015 → 0.02; 1,001 × 0.0015 = 1.5015 → 1.50.
    for (const quantity of [3, 10, 1001, 3337]) {
      for (const discountRate of ['0.05', '0.0125', '0.1']) {
        const config = { lines: [{ product: 'metered', quantity }], discountRate };
        assert.deepEqual(priceQuote(catalog, config), priceQuoteDecimal(catalog, config));
      }
    }
    assert.equal(
      priceQuote(catalog, { lines: [{ product: 'metered', quantity: 10 }] }).lines[0]!.amount,
      '0.02',
    );
  });

  test('the shipped catalogs price identically on both paths', () => {
    for (const catalog of [catalogs.luxsci, catalogs.resellerPlan]) {
      const currencies = [catalog.currency, ...Object.keys(catalog.priceBooks ?? {})];
      const lines = catalog.products.map((p, i) => ({
        product: p.id,
        quantity: p.price.model === 'flat' ? 1 : Math.max(p.quantity?.min ?? 0, 7 * (i + 1)),
      }));
      for (const currency of currencies) {
        for (const discountRate of [undefined, '0.07', 0.1]) {
          const config = {
            currency,
            lines,
            ...(discountRate === undefined ? {} : { discountRate }),
          };
          assert.deepEqual(
            outcome(() => priceQuote(catalog, config)),
            outcome(() => priceQuoteDecimal(catalog, config)),
          );
        }
      }
    }
  });
});
