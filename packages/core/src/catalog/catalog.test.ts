import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogs } from '../catalogs/index.js';
import { luxsciCatalogJson } from '../catalogs/luxsci.js';
import { QuotekitError } from '../errors.js';
import type { Problem } from '../validation.js';
import { parseCatalog } from './catalog.js';

const product = (extra: Record<string, unknown> = {}) => ({
  id: 'seat',
  name: 'Seat',
  billing: 'monthly',
  classes: { affiliate: 1, reseller: 1 },
  price: { model: 'per_unit', unitAmount: '1.00' },
  ...extra,
});

function problems(json: unknown): Problem[] {
  try {
    parseCatalog(json);
  } catch (error) {
    assert.ok(error instanceof QuotekitError);
    assert.equal(error.code, 'invalid_catalog');
    return error.details?.problems as Problem[];
  }
  assert.fail('expected invalid_catalog');
}

describe('SPEC "Catalog" — parseCatalog', () => {
  test('a valid catalog comes back typed and frozen', () => {
    const catalog = parseCatalog({ id: 'c', currency: 'USD', products: [product()] });
    assert.equal(catalog.products[0]?.id, 'seat');
    assert.ok(Object.isFrozen(catalog.products[0]?.price));
  });

  const rows: [rule: string, json: unknown, path: string][] = [
    ['not an object', 'catalog', '(root)'],
    ['missing currency', { id: 'c', products: [] }, 'currency'],
    ['lower-case currency', { id: 'c', currency: 'usd', products: [] }, 'currency'],
    [
      'unknown billing',
      { id: 'c', currency: 'USD', products: [product({ billing: 'weekly' })] },
      'products.0.billing',
    ],
    [
      'a class outside 1, 0.75, 0.5, 0.25, 0',
      {
        id: 'c',
        currency: 'USD',
        products: [product({ classes: { affiliate: 0.3, reseller: 1 } })],
      },
      'products.0.classes.affiliate',
    ],
    [
      'unknown price model',
      { id: 'c', currency: 'USD', products: [product({ price: { model: 'auction' } })] },
      'products.0.price.model',
    ],
    [
      'negative amount',
      { id: 'c', currency: 'USD', products: [product({ price: { model: 'flat', amount: '-1' } })] },
      'products.0.price.amount',
    ],
    [
      'repeated product id',
      { id: 'c', currency: 'USD', products: [product(), product()] },
      'products.1.id',
    ],
    [
      'tiers out of order',
      {
        id: 'c',
        currency: 'USD',
        products: [
          product({
            price: {
              model: 'graduated',
              tiers: [
                { upTo: 10, unitAmount: 1 },
                { upTo: 5, unitAmount: 1 },
                { upTo: null, unitAmount: 1 },
              ],
            },
          }),
        ],
      },
      'products.0.price.tiers.1.upTo',
    ],
    [
      'last tier bounded',
      {
        id: 'c',
        currency: 'USD',
        products: [product({ price: { model: 'volume', tiers: [{ upTo: 10, unitAmount: 1 }] } })],
      },
      'products.0.price.tiers.0.upTo',
    ],
    [
      'flat with max above 1',
      {
        id: 'c',
        currency: 'USD',
        products: [product({ price: { model: 'flat', amount: 1 }, quantity: { max: 3 } })],
      },
      'products.0.quantity.max',
    ],
    [
      'min above max',
      { id: 'c', currency: 'USD', products: [product({ quantity: { min: 5, max: 2 } })] },
      'products.0.quantity',
    ],
    [
      'a price book missing a product',
      { id: 'c', currency: 'USD', products: [product()], priceBooks: { GBP: { prices: {} } } },
      'priceBooks.GBP.prices',
    ],
    [
      'a price book naming no product',
      {
        id: 'c',
        currency: 'USD',
        products: [product()],
        priceBooks: {
          GBP: {
            prices: { seat: { model: 'flat', amount: 1 }, ghost: { model: 'flat', amount: 1 } },
          },
        },
      },
      'priceBooks.GBP.prices.ghost',
    ],
  ];
  for (const [rule, json, path] of rows) {
    test(`${rule} → invalid_catalog at ${path}`, () => {
      assert.ok(
        problems(json).some((p) => p.path === path),
        `no problem at ${path}: ${JSON.stringify(problems(json))}`,
      );
    });
  }

  test('every problem is reported, each with its path', () => {
    const found = problems({
      id: 'c',
      currency: 'USD',
      products: [product({ billing: 'x', name: '' })],
    });
    assert.deepEqual(found.map((p) => p.path).sort(), ['products.0.billing', 'products.0.name']);
    assert.ok(found.every((p) => p.message.length > 0 && p.message !== 'Invalid input'));
  });
});

describe('SPEC "Catalog" — the luxsci catalog carries both programs\' classes as the seeds give them', () => {
  const classes = (id: string) => catalogs.luxsci.products.find((p) => p.id === id)?.classes;
  const rows: [service: string, id: string, affiliate: number, reseller: number][] = [
    ['Starter Plus users, fully commissionable', 'starter-plus-user', 1, 1],
    ['Px2 dedicated server, 75 %', 'dedicated-px2', 0.75, 0.75],
    ['SecureChat: reseller 50 %, not in the affiliate list', 'securechat', 0, 0.5],
    ['SecureVideo: reseller 25 %, not in the affiliate list', 'securevideo', 0, 0.25],
    [
      'Enterprise class 2X-Large: reseller 75 %, affiliate "all others" 50 %',
      'enterprise-dedicated-2xlarge',
      0.5,
      0.75,
    ],
    [
      'Business class Rackspace 2X-Large-8G: affiliate excludes it (50 %), reseller 75 %',
      'business-dedicated-rackspace-2xlarge-8g',
      0.5,
      0.75,
    ],
    ['HIPAA-compliance fee: reseller list only', 'hipaa-compliance-fee', 0, 1],
    ['DNS, 25 %', 'dns', 0.25, 0.25],
    ['Consulting, not commissionable', 'consulting', 0, 0],
  ];
  for (const [service, id, affiliate, reseller] of rows) {
    test(service, () => assert.deepEqual(classes(id), { affiliate, reseller }));
  }

  test('published prices: Starter Plus user 4.00/mo, Px2 200.00/mo; every other price marked as a sample', () => {
    const byId = new Map(catalogs.luxsci.products.map((p) => [p.id, p]));
    assert.deepEqual(byId.get('starter-plus-user')?.price, {
      model: 'per_unit',
      unitAmount: '4.00',
    });
    assert.deepEqual(byId.get('dedicated-px2')?.price, { model: 'flat', amount: '200.00' });
    const unmarked = luxsciCatalogJson.products
      .filter((p) => !('samplePrice' in p))
      .map((p) => p.id);
    assert.deepEqual(unmarked.sort(), ['dedicated-px2', 'starter-plus-user']);
  });

  test('the reseller plan: first instance, first domain and first 100 units free; 250.00 minimum; USD, GBP, AUD', () => {
    const plan = catalogs.resellerPlan;
    const free = Object.fromEntries(plan.products.map((p) => [p.id, p.free]));
    assert.deepEqual(free, { instances: 1, domains: 1, units: 100 });
    assert.equal(plan.minimumMonthly, '250.00');
    assert.deepEqual([plan.currency, ...Object.keys(plan.priceBooks ?? {})], ['USD', 'GBP', 'AUD']);
    assert.equal(plan.products.find((p) => p.id === 'units')?.price.model, 'graduated');
  });
});
