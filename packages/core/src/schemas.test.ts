// One schema each for the shared fields: every body that carries one
// accepts and refuses the same values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as z from 'zod/mini';
import { catalogs } from './catalogs/index.js';
import { OrderRequestSchema } from './order/order.schema.js';
import { QuoteConfigSchema } from './pricing/pricing.schema.js';
import { priceQuote } from './pricing/pricing.js';
import { SavedQuoteLinkSchema } from './saved-quote/saved-quote.schema.js';

const order = (quote: Record<string, unknown>) => ({
  quote: { lines: [{ product: 'starter-plus-user', quantity: 1 }], ...quote },
  expectedMonthlyPayment: '4.00',
  customer: { name: 'Ann', email: 'ann@example.com' },
  channel: 'web',
});

describe('shared schemas: the order, the saved quote and the pricing input agree', () => {
  test('"Bad Id" is not a product id in any of them', () => {
    const lines = [{ product: 'Bad Id', quantity: 1 }];
    assert.equal(z.safeParse(QuoteConfigSchema, { lines }).success, false);
    assert.equal(z.safeParse(SavedQuoteLinkSchema, { lines }).success, false);
    assert.equal(z.safeParse(OrderRequestSchema, order({ lines })).success, false);
  });

  test('a currency in any case is read as upper case by each, and by priceQuote', () => {
    const lines = [{ product: 'starter-plus-user', quantity: 1 }];
    assert.equal(z.parse(QuoteConfigSchema, { lines, currency: 'gbp' }).currency, 'GBP');
    assert.equal(z.parse(SavedQuoteLinkSchema, { lines, currency: ' gbp' }).currency, 'GBP');
    assert.equal(z.parse(OrderRequestSchema, order({ currency: 'Gbp' })).quote.currency, 'GBP');
    const instance = [{ product: 'instances', quantity: 1 }];
    assert.equal(
      priceQuote(catalogs.resellerPlan, { lines: instance, currency: 'gbp' }).currency,
      'GBP',
    );
  });

  test('the discount is capped at 0.10 by the schema documented as 0–0.10', () => {
    const lines = [{ product: 'starter-plus-user', quantity: 1 }];
    assert.equal(z.safeParse(QuoteConfigSchema, { lines, discountRate: '0.10' }).success, true);
    assert.equal(z.safeParse(QuoteConfigSchema, { lines, discountRate: 0.5 }).success, false);
    assert.equal(z.safeParse(QuoteConfigSchema, { lines, discountRate: '-0.01' }).success, false);
  });

  test('an affiliate or offer code of the wrong shape is refused alike', () => {
    const lines = [{ product: 'starter-plus-user', quantity: 1 }];
    assert.equal(z.safeParse(SavedQuoteLinkSchema, { lines, affiliate: '<b>' }).success, false);
    assert.equal(z.safeParse(SavedQuoteLinkSchema, { lines, offerCode: 'A' }).success, false);
    assert.equal(z.safeParse(OrderRequestSchema, order({ offerCode: 'A' })).success, false);
  });
});
