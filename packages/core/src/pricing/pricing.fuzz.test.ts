import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCatalog } from '../catalog/catalog.js';
import { catalogs } from '../catalogs/index.js';
import { luxsciCatalogJson } from '../catalogs/luxsci.js';
import { isQuotekitError } from '../errors.js';
import { containsNaN } from '../../test/assert.js';
import { priceQuote } from './pricing.js';

/** Runs `fn`; returns normally or throws a QuotekitError, and nothing else. */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    const result = fn();
    // JSON.stringify writes a numeric NaN as null, so look at every value.
    assert.ok(!containsNaN(result), 'a result contains NaN');
  } catch (error) {
    if (!isQuotekitError(error))
      throw new Error(`untyped error: ${String(error)}`, { cause: error });
    assert.ok(error.message.length > 0);
  }
}

const anyJson = fc.jsonValue({ maxDepth: 5 });
const quantity = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), anyJson);
const line = fc.record({
  product: fc.oneof(
    fc.constantFrom(...luxsciCatalogJson.products.map((p) => p.id)),
    fc.string(),
    anyJson,
  ),
  quantity,
});
const config = fc.oneof(
  anyJson,
  fc.record(
    {
      lines: fc.oneof(fc.array(line, { maxLength: 8 }), anyJson),
      discountRate: fc.oneof(fc.double(), fc.string(), anyJson),
      currency: fc.oneof(fc.constantFrom('USD', 'GBP', 'EUR', 'usd', ''), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

/** Catalog-shaped JSON with random holes and wrong types. */
const catalogish = fc.record(
  {
    id: fc.oneof(fc.constant('c'), anyJson),
    currency: fc.oneof(fc.constantFrom('USD', 'GBP', 'XXX', 'ZZZ'), anyJson),
    minimumMonthly: fc.oneof(fc.constant('10.00'), anyJson),
    products: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.oneof(fc.constantFrom('a', 'b'), anyJson),
            name: fc.oneof(fc.constant('A'), anyJson),
            billing: fc.oneof(fc.constantFrom('monthly', 'one_time'), anyJson),
            free: fc.oneof(fc.nat(), anyJson),
            quantity: fc.oneof(
              fc.record({ min: fc.nat(), max: fc.nat(), step: fc.double() }),
              anyJson,
            ),
            classes: fc.oneof(fc.constant({ affiliate: 1, reseller: 0.5 }), anyJson),
            price: fc.oneof(
              fc.record({
                model: fc.constantFrom('flat', 'per_unit', 'graduated', 'volume'),
                amount: anyJson,
                unitAmount: anyJson,
                tiers: anyJson,
              }),
              anyJson,
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      anyJson,
    ),
  },
  { requiredKeys: [] },
);

describe('fuzz: random JSON finds only QuotekitErrors', () => {
  test('parseCatalog(random JSON)', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, catalogish), (json) =>
        onlyTypedErrors(() => parseCatalog(json)),
      ),
      { numRuns: 2000 },
    );
  });

  test('priceQuote(luxsci, random config)', () => {
    fc.assert(
      fc.property(config, (c) => onlyTypedErrors(() => priceQuote(catalogs.luxsci, c as never))),
      { numRuns: 2000 },
    );
  });

  test('priceQuote(random catalog, random config)', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, catalogish), config, (catalog, c) =>
        onlyTypedErrors(() => priceQuote(catalog as never, c as never)),
      ),
      { numRuns: 2000 },
    );
  });
});
