import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { resellerCreditRate, resellerEstimate } from './reseller.js';

const RUNS = { numRuns: 1000 };
const money = fc.integer({ min: 0, max: 200_000 }).map((c) => (c / 100).toFixed(2));
const dec = (text: string) => new Decimal(text);

describe('reseller properties (fast-check, 1,000 runs each)', () => {
  test('a higher total never gives a lower credit rate', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        const [low, high] = dec(a).lte(b) ? [a, b] : [b, a];
        const lower = resellerCreditRate(low);
        const higher = resellerCreditRate(high);
        assert.ok(
          dec(higher.rate).gte(lower.rate),
          `${low} → ${lower.rate}, ${high} → ${higher.rate}`,
        );
        assert.ok(!lower.askSales || higher.askSales);
      }),
      RUNS,
    );
  });

  test('an estimate adds up: credit never negative, totals are sums of accounts, margin = price − cost + credit', () => {
    const account = fc.record({
      monthlyPayment: money,
      share: fc.constantFrom(1, 0.75, 0.5, 0.25, 0),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(account, fc.option(money, { nil: undefined })), { maxLength: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.option(money, { nil: undefined }),
        (generated, subClients, linkedAffiliateTotal) => {
          const accounts = generated.map(([a], i) => ({
            id: `a${i}`,
            monthlyPayment: a.monthlyPayment,
            monthlyValue: dec(a.monthlyPayment).times(a.share).toFixed(2),
          }));
          const clientPrices = Object.fromEntries(
            generated.flatMap(([, price], i) => (price === undefined ? [] : [[`a${i}`, price]])),
          );
          const estimate = resellerEstimate({
            accounts,
            subClients,
            clientPrices,
            ...(linkedAffiliateTotal === undefined ? {} : { linkedAffiliateTotal }),
          });
          const sum = (values: (string | null)[]) =>
            values.reduce((s, v) => (v === null ? s : s.plus(v)), new Decimal(0)).toFixed(2);
          assert.equal(estimate.credit, sum(estimate.accounts.map((a) => a.credit)));
          assert.equal(estimate.margin, sum(estimate.accounts.map((a) => a.margin)));
          assert.ok(dec(estimate.credit).gte(0));
          assert.ok(dec(estimate.credit).lte(estimate.monthlyValue));
          if (!estimate.eligible) assert.equal(estimate.credit, '0.00');
          for (const a of estimate.accounts) {
            if (a.margin !== null) {
              assert.ok(dec(a.margin).eq(dec(a.clientPrice!).minus(a.cost).plus(a.credit)));
            }
          }
        },
      ),
      RUNS,
    );
  });
});
