import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { parseCatalog } from '../catalog/catalog.js';
import type { Catalog } from '../catalog/catalog.schema.js';
import { catalogs } from '../catalogs/index.js';
import { priceQuote } from './pricing.js';

const RUNS = { numRuns: 1000 };
const MONEY = /^\d+\.\d{2}$/;

const cents = fc.integer({ min: 0, max: 100_000 }).map((c) => (c / 100).toFixed(2));
const subCent = fc
  .integer({ min: 0, max: 1_000_000 })
  .map((n) => new Decimal(n).div(10_000).toString());
const klass = fc.constantFrom(1, 0.75, 0.5, 0.25, 0);
const tiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 3 })
  .chain((bounds) =>
    fc.tuple(
      ...[...bounds.sort((a, b) => a - b), null].map((upTo) =>
        subCent.map((unitAmount) => ({ upTo, unitAmount })),
      ),
    ),
  );
const price = fc.oneof(
  cents.map((amount) => ({ model: 'flat' as const, amount })),
  subCent.map((unitAmount) => ({ model: 'per_unit' as const, unitAmount })),
  tiers.map((t) => ({ model: 'graduated' as const, tiers: t })),
  tiers.map((t) => ({ model: 'volume' as const, tiers: t })),
);
const productArb = fc.record({
  billing: fc.constantFrom('monthly' as const, 'one_time' as const),
  free: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  classes: fc.record({ affiliate: klass, reseller: klass }),
  price,
});

/** A random valid catalog and a quote over it. */
const scenario = fc
  .record({
    products: fc.array(productArb, { minLength: 1, maxLength: 6 }),
    minimumMonthly: fc.option(cents, { nil: undefined }),
    discountRate: fc.integer({ min: 0, max: 100 }).map((n) => (n / 1000).toFixed(3)),
  })
  .chain(({ products, minimumMonthly, discountRate }) => {
    const catalog = parseCatalog({
      id: 'generated',
      currency: 'USD',
      ...(minimumMonthly === undefined ? {} : { minimumMonthly }),
      products: products.map((p, i) => ({
        id: `p${i}`,
        name: `Product ${i}`,
        ...p,
        ...(p.free === undefined ? {} : { free: p.free }),
      })),
    });
    const lines = fc.tuple(
      ...catalog.products.map((p) =>
        fc
          .integer({ min: 0, max: p.price.model === 'flat' ? 1 : 20_000 })
          .map((quantity) => ({ product: p.id, quantity })),
      ),
    );
    return fc.record({
      catalog: fc.constant(catalog),
      lines,
      discountRate: fc.constant(discountRate),
    });
  });

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));

describe('pricing properties (fast-check, 1,000 runs each)', () => {
  test('totals equal the sum of the lines', () => {
    fc.assert(
      fc.property(scenario, ({ catalog, lines, discountRate }) => {
        const q = priceQuote(catalog, { lines, discountRate });
        assert.equal(q.totals.subtotal, sum(q.lines.map((l) => l.amount)).toFixed(2));
        assert.equal(q.totals.discount, sum(q.lines.map((l) => l.discount)).toFixed(2));
        const monthly = q.lines.filter((l) => l.billing === 'monthly');
        assert.equal(q.totals.monthlyPayment, sum(monthly.map((l) => l.net)).toFixed(2));
        assert.equal(
          q.totals.monthlyValue.affiliate,
          sum(monthly.map((l) => l.value.affiliate)).toFixed(2),
        );
        assert.equal(
          new Decimal(q.totals.monthlyPayment).plus(q.totals.oneTime).toFixed(2),
          new Decimal(q.totals.subtotal).minus(q.totals.discount).toFixed(2),
        );
      }),
      RUNS,
    );
  });

  test('value ≤ net on every line, for both programs', () => {
    fc.assert(
      fc.property(scenario, ({ catalog, lines, discountRate }) => {
        for (const line of priceQuote(catalog, { lines, discountRate }).lines) {
          assert.ok(new Decimal(line.value.affiliate).lte(line.net));
          assert.ok(new Decimal(line.value.reseller).lte(line.net));
        }
      }),
      RUNS,
    );
  });

  test('discount ≤ 10 % of the subtotal (each line at most 10 % of its amount, rounded half-up)', () => {
    fc.assert(
      fc.property(scenario, ({ catalog, lines, discountRate }) => {
        const q = priceQuote(catalog, { lines, discountRate });
        for (const line of q.lines) {
          const cap = new Decimal(line.amount)
            .times('0.10')
            .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
          assert.ok(new Decimal(line.discount).lte(cap), `${line.discount} > ${cap}`);
        }
        // Rounding each line half-up can add at most half a cent a line.
        const slack = new Decimal('0.005').times(q.lines.length);
        assert.ok(
          new Decimal(q.totals.discount).lte(
            new Decimal(q.totals.subtotal).times('0.10').plus(slack),
          ),
        );
      }),
      RUNS,
    );
  });

  test('the monthly payment never falls as a quantity rises (flat, per_unit and graduated prices)', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.nat(),
        fc.integer({ min: 1, max: 5000 }),
        ({ catalog, lines, discountRate }, pick, more) => {
          const i = pick % lines.length;
          const model = catalog.products[i]!.price.model;
          fc.pre(model !== 'volume' && model !== 'flat');
          const before = priceQuote(catalog, { lines, discountRate }).totals.monthlyPayment;
          const raised = lines.map((l, j) => (j === i ? { ...l, quantity: l.quantity + more } : l));
          const after = priceQuote(catalog, { lines: raised, discountRate }).totals.monthlyPayment;
          assert.ok(new Decimal(after).gte(before), `${after} < ${before}`);
        },
      ),
      RUNS,
    );
  });

  test('graduated equals the sum of its tiers, unit by unit', () => {
    fc.assert(
      fc.property(
        tiers,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 3000 }),
        (t, free, quantity) => {
          const catalog = parseCatalog({
            id: 'g',
            currency: 'USD',
            products: [
              {
                id: 'g',
                name: 'G',
                billing: 'monthly',
                free,
                classes: { affiliate: 1, reseller: 1 },
                price: { model: 'graduated', tiers: t },
              },
            ],
          });
          // Oracle: price billable unit n by the first tier whose upTo ≥ n.
          let expected = new Decimal(0);
          for (let n = 1; n <= quantity - free; n++) {
            expected = expected.plus(
              t.find((tier) => tier.upTo === null || n <= tier.upTo)!.unitAmount,
            );
          }
          const [line] = priceQuote(catalog, { lines: [{ product: 'g', quantity }] }).lines;
          assert.equal(line?.amount, expected.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('no binary-float artefacts: luxsci quotes match integer-cent arithmetic exactly', () => {
    const perUnit = catalogs.luxsci.products.filter((p) => p.price.model === 'per_unit');
    fc.assert(
      fc.property(
        fc.subarray(perUnit, { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 40, maxLength: 40 }),
        (products, quantities) => {
          const lines = products.map((p, i) => ({ product: p.id, quantity: quantities[i]! }));
          const q = priceQuote(catalogs.luxsci, { lines });
          let centsTotal = 0n;
          q.lines.forEach((line, i) => {
            const unit = products[i]!.price as { unitAmount: string };
            const unitCents = BigInt(unit.unitAmount.replace('.', ''));
            const lineCents = unitCents * BigInt(quantities[i]!);
            assert.match(line.amount, MONEY);
            assert.equal(BigInt(line.amount.replace('.', '')), lineCents);
            if (products[i]!.billing === 'monthly') centsTotal += lineCents;
          });
          assert.equal(BigInt(q.totals.monthlyPayment.replace('.', '')), centsTotal);
        },
      ),
      RUNS,
    );
  });
});

describe('volume pricing is not monotonic, by design', () => {
  test('crossing into a cheaper volume tier can lower the line (every unit takes the new price)', () => {
    const catalog: Catalog = parseCatalog({
      id: 'v',
      currency: 'USD',
      products: [
        {
          id: 'v',
          name: 'V',
          billing: 'monthly',
          classes: { affiliate: 1, reseller: 1 },
          price: {
            model: 'volume',
            tiers: [
              { upTo: 10, unitAmount: '2.00' },
              { upTo: null, unitAmount: '1.00' },
            ],
          },
        },
      ],
    });
    const at = (quantity: number) =>
      priceQuote(catalog, { lines: [{ product: 'v', quantity }] }).totals.monthlyPayment;
    assert.deepEqual([at(10), at(11)], ['20.00', '11.00']);
  });
});
