import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../../test/assert.js';
import { catalogs } from '../catalogs/index.js';
import { QuotekitError } from '../errors.js';
import { priceQuote } from '../pricing/pricing.js';
import { parseCatalog } from './catalog.js';
import {
  DEFAULT_MAX_QUANTITY,
  featuredProductIds,
  groupName,
  localEntry,
  maxQuantityOf,
  productName,
  requiredLines,
  withRequiredLines,
} from './presentation.js';
import { hasChosenProducts } from './chosen.js';

const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: id.toUpperCase(),
  billing: 'monthly',
  classes: { affiliate: 1, reseller: 1 },
  price: { model: 'per_unit', unitAmount: '1.00' },
  ...extra,
});

const catalog = (products: unknown[], extra: Record<string, unknown> = {}) =>
  parseCatalog({ id: 'c', currency: 'USD', products, ...extra });

function problemPaths(json: unknown): string[] {
  try {
    parseCatalog(json);
  } catch (error) {
    assert.ok(error instanceof QuotekitError);
    assert.equal(error.code, 'invalid_catalog');
    return (error.details?.problems as Array<{ path: string }>).map((p) => p.path);
  }
  assert.fail('expected invalid_catalog');
}

describe('maxQuantity: whole-unit products take whole numbers from 0 to their maximum', () => {
  test('100,000,000 Starter Plus users are refused as invalid_quantity, not priced at $400,000,000.00', () => {
    throwsCode(
      () =>
        priceQuote(catalogs.luxsci, {
          lines: [{ product: 'starter-plus-user', quantity: 100_000_000 }],
        }),
      'invalid_quantity',
    );
  });

  test('without maxQuantity a whole-unit product allows 100,000 units and refuses 100,001', () => {
    const c = catalog([product('seat')]);
    assert.equal(DEFAULT_MAX_QUANTITY, 100_000);
    assert.equal(
      priceQuote(c, { lines: [{ product: 'seat', quantity: 100_000 }] }).totals.subtotal,
      '100000.00',
    );
    throwsCode(
      () => priceQuote(c, { lines: [{ product: 'seat', quantity: 100_001 }] }),
      'invalid_quantity',
    );
  });

  test('a catalog maxQuantity of 50 allows 50 and refuses 51 with a message naming the limit', () => {
    const c = catalog([product('seat', { maxQuantity: 50 })]);
    assert.equal(maxQuantityOf(c.products[0]!), 50);
    assert.equal(
      priceQuote(c, { lines: [{ product: 'seat', quantity: 50 }] }).totals.subtotal,
      '50.00',
    );
    assert.throws(
      () => priceQuote(c, { lines: [{ product: 'seat', quantity: 51 }] }),
      /quantity must be at most 50/,
    );
  });

  test('the lower of maxQuantity and quantity.max applies; a flat price allows 1', () => {
    const c = catalog([
      product('seat', { maxQuantity: 50, quantity: { max: 20 } }),
      product('fee', { price: { model: 'flat', amount: '5.00' } }),
    ]);
    assert.equal(maxQuantityOf(c.products[0]!), 20);
    assert.equal(maxQuantityOf(c.products[1]!), 1);
  });

  test('a product sold in fractions (step 0.5) has no default maximum', () => {
    const c = catalog([product('gb', { quantity: { step: 0.5 } })]);
    assert.equal(maxQuantityOf(c.products[0]!), null);
    assert.equal(
      priceQuote(c, { lines: [{ product: 'gb', quantity: 200_000.5 }] }).totals.subtotal,
      '200000.50',
    );
  });

  test('negative, fractional and non-integer maxQuantity values are refused by parseCatalog', () => {
    for (const maxQuantity of [-1, 2.5]) {
      assert.deepEqual(
        problemPaths({ id: 'c', currency: 'USD', products: [product('seat', { maxQuantity })] }),
        ['products.0.maxQuantity'],
      );
    }
    assert.deepEqual(
      problemPaths({
        id: 'c',
        currency: 'USD',
        products: [product('fee', { price: { model: 'flat', amount: '1' }, maxQuantity: 3 })],
      }),
      ['products.0.maxQuantity'],
    );
  });
});

describe('featured products, groups, required lines and names per language', () => {
  test('names fall back from de-AT to de to name', () => {
    const c = catalog([product('seat', { names: { de: 'Platz', 'de-CH': 'Sitz' } })]);
    const seat = c.products[0]!;
    assert.equal(productName(seat, 'de-AT'), 'Platz');
    assert.equal(productName(seat, 'de-CH'), 'Sitz');
    assert.equal(productName(seat, 'fr'), 'SEAT');
  });

  test('units per language parse with both forms and are found from de-AT to de; a unit without its plural is refused', () => {
    const c = catalog([
      product('box', { unit: 'mailbox', units: { de: { one: 'Postfach', other: 'Postfächer' } } }),
    ]);
    assert.deepEqual(localEntry(c.products[0]!.units, 'de-AT'), {
      one: 'Postfach',
      other: 'Postfächer',
    });
    assert.equal(localEntry(c.products[0]!.units, 'fr'), undefined);
    assert.deepEqual(
      problemPaths({
        id: 'c',
        currency: 'USD',
        products: [product('box', { units: { de: { one: 'Postfach' } } })],
      }),
      ['products.0.units.de.other'],
    );
  });

  test('the featured products are the default list; without any, every monthly product is', () => {
    const featured = catalog([
      product('a', { featured: true }),
      product('b'),
      product('c', { featured: true }),
    ]);
    assert.deepEqual(featuredProductIds(featured), ['a', 'c']);
    const plain = catalog([product('a'), product('b', { billing: 'one_time' }), product('c')]);
    assert.deepEqual(featuredProductIds(plain), ['a', 'c']);
  });

  test('a quote is empty until it chooses a product beyond the required ones with a quantity above 0', () => {
    const c = catalog([
      product('seat'),
      product('base', { required: true, price: { model: 'flat', amount: '10.00' } }),
    ]);
    assert.equal(hasChosenProducts(c, []), false);
    assert.equal(hasChosenProducts(c, [{ product: 'base', quantity: 1 }]), false);
    assert.equal(hasChosenProducts(c, [{ product: 'seat', quantity: 0 }]), false);
    assert.equal(hasChosenProducts(c, [{ product: 'seat', quantity: '' }]), false);
    assert.equal(hasChosenProducts(c, [{ product: 'seat', quantity: '0.5' }]), true);
    assert.equal(
      hasChosenProducts(c, [
        { product: 'base', quantity: 1 },
        { product: 'seat', quantity: 2 },
      ]),
      true,
    );
  });

  test('required products come first in every quote at quantity.min (at least 1) and are not in the featured list', () => {
    const c = catalog([
      product('seat', { featured: true }),
      product('base', { required: true, price: { model: 'flat', amount: '10.00' } }),
      product('pack', { required: true, quantity: { min: 3 } }),
    ]);
    assert.deepEqual(requiredLines(c), [
      { product: 'base', quantity: 1 },
      { product: 'pack', quantity: 3 },
    ]);
    assert.deepEqual(
      withRequiredLines(c, [
        { product: 'seat', quantity: 2 },
        { product: 'pack', quantity: 5 },
      ]),
      [
        { product: 'base', quantity: 1 },
        { product: 'seat', quantity: 2 },
        { product: 'pack', quantity: 5 },
      ],
    );
    assert.deepEqual(featuredProductIds(c), ['seat']);
  });

  test('a product naming a group the catalog lacks, and a repeated group id, are catalog problems', () => {
    assert.deepEqual(
      problemPaths({
        id: 'c',
        currency: 'USD',
        groups: [
          { id: 'g', name: 'G' },
          { id: 'g', name: 'G again' },
        ],
        products: [product('a', { group: 'g' }), product('b', { group: 'nope' })],
      }),
      ['groups.1.id', 'products.1.group'],
    );
  });

  test('the LuxSci catalog: 5 featured products, the base account fee required, every product grouped and named in German', () => {
    const c = catalogs.luxsci;
    assert.deepEqual(featuredProductIds(c), [
      'starter-plus-user',
      'smart-hosting',
      'secureform',
      'secureline',
      'dedicated-px2',
    ]);
    assert.deepEqual(requiredLines(c), [{ product: 'base-account-fee', quantity: 1 }]);
    const groups = new Set(c.groups!.map((g) => g.id));
    for (const p of c.products) {
      assert.ok(p.group && groups.has(p.group), `${p.id} has a group`);
      assert.notEqual(productName(p, 'de-DE'), '', p.id);
      assert.ok(p.names?.de, `${p.id} has a German name`);
    }
    assert.equal(
      groupName(
        c.groups!.find((g) => g.id === 'servers')!,
        'de-DE',
      ),
      'Dedizierte Server',
    );
  });
});
