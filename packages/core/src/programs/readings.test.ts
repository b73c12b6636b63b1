// Readings of the program terms that earlier code got wrong or left out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../../test/assert.js';
import { supportCost } from '../support/support.js';
import {
  affiliateCommissionRate,
  referralCommission,
  referralEligibility,
} from './affiliate/affiliate.js';
import { affiliateEstimate } from './affiliate/estimate.js';
import { payout } from './affiliate/payout.js';
import { resellerEstimate } from './reseller/reseller.js';
import { catalogs } from '../catalogs/index.js';
import { priceQuote } from '../pricing/pricing.js';

describe('the programs count in US dollars', () => {
  test('currency "usd" is fine; "EUR" is invalid_currency everywhere', () => {
    assert.equal(affiliateCommissionRate('60.00', { currency: 'usd' }).rate, '0.10');
    throwsCode(() => affiliateCommissionRate('60.00', { currency: 'EUR' }), 'invalid_currency');
    throwsCode(
      () =>
        referralCommission({
          monthlyValue: '10',
          rate: '0.10',
          referee: { signedUpAt: '2024-01-01' },
          currency: 'GBP',
        }),
      'invalid_currency',
    );
    throwsCode(
      () => payout({ balance: '30', method: 'paypal', currency: 'AUD' }),
      'invalid_currency',
    );
    throwsCode(
      () => resellerEstimate({ accounts: [], subClients: 3, currency: 'EUR' }),
      'invalid_currency',
    );
    throwsCode(
      () => affiliateEstimate({ monthlyPayments: '1', monthlyValue: '1', currency: 'EUR' }),
      'invalid_currency',
    );
    throwsCode(
      () => supportCost({ plan: 'dedicated', users: 1, currency: 'EUR' }),
      'invalid_currency',
    );
  });
});

describe('"sub-clients": each counted once, whatever the case or spacing', () => {
  test('"ACME", " acme " and "Acme" are one sub-client: 2 in all, no credit', () => {
    const estimate = resellerEstimate({
      accounts: [{ id: 'a', monthlyPayment: '600.00', monthlyValue: '500.00' }],
      subClients: ['ACME', ' acme ', 'Acme', 'Northwind'],
    });
    assert.equal(estimate.subClients, 2);
    assert.equal(estimate.eligible, false);
  });
});

describe('seed 001 §6e: an opportunity applies only without an offer code or an affiliate cookie', () => {
  const opportunity = { registeredAt: '2024-01-10' };
  test('with neither, a registered opportunity attributes the customer', () => {
    const result = referralEligibility({
      method: 'opportunity',
      signedUpAt: '2024-02-01',
      now: '2024-02-02',
      opportunity,
    });
    assert.equal(result.eligible, true);
  });
  test('with an offer code or a cookie, it does not', () => {
    for (const extra of [{ offerCode: true }, { visitedAt: '2024-01-20' }]) {
      const result = referralEligibility({
        method: 'opportunity',
        signedUpAt: '2024-02-01',
        now: '2024-02-02',
        opportunity,
        ...extra,
      });
      assert.equal(result.eligible, false);
      assert.equal(result.reason, 'opportunity_with_offer_code_or_cookie');
    }
  });
});

describe('seeds 000 and 001: one-time fees are commissionable on the statement that bills them', () => {
  // Seed 001, "100% Commissionable": "• Managed Email Migration" and
  // "• Training Calls and Classes"; "0% Commissionable": "• Consulting".
  const quote = priceQuote(catalogs.luxsci, {
    lines: [
      { product: 'starter-plus-user', quantity: 25 }, // 100.00 a month
      { product: 'managed-email-migration', quantity: 25 }, // 25 × 10.00 once, 100 %
      { product: 'training', quantity: 2 }, // 2 × 100.00 once, 100 %
      { product: 'consulting', quantity: 1 }, // 150.00 once, 0 %
    ],
  });

  test('the quote carries oneTimeValue per program beside monthlyValue', () => {
    assert.equal(quote.totals.oneTime, '600.00'); // 250 + 200 + 150
    assert.deepEqual(quote.totals.monthlyValue, { affiliate: '100.00', reseller: '100.00' });
    // Consulting is 0 % in both programs: 250 + 200 only.
    assert.deepEqual(quote.totals.oneTimeValue, { affiliate: '450.00', reseller: '450.00' });
  });

  test('the first statement earns on the month plus the fees; the next on the month', () => {
    const referee = { signedUpAt: '2024-01-15' };
    const first = referralCommission({
      monthlyValue: quote.totals.monthlyValue.affiliate,
      oneTimeValue: quote.totals.oneTimeValue.affiliate,
      rate: '0.10',
      referee,
    });
    assert.equal(first.amount, '55.00'); // 10 % of (100 + 450)
    const next = referralCommission({ monthlyValue: '100.00', rate: '0.10', referee });
    assert.equal(next.amount, '10.00');
  });

  test('the estimator shows the first month apart from the following months', () => {
    const estimate = affiliateEstimate({
      monthlyPayments: '100.00',
      monthlyValue: '100.00',
      oneTimeValue: '450.00',
      discountRate: '0.02',
      from: '2024-01-15T12:00:00Z',
    });
    // Paid 98.00 a month → tier 10 %; effective 10 − 2 = 8 %; values after the
    // 2 % discount: month 100 − 2 = 98.00, fees 450 − 9 = 441.00.
    assert.equal(estimate.effectiveRate, '0.08');
    assert.equal(estimate.firstMonthCommission, '43.12'); // 8 % of 539.00
    assert.equal(estimate.monthlyCommission, '7.84'); // 8 % of 98.00
    assert.equal(estimate.yearlyCommission, '129.36'); // 43.12 + 11 × 7.84
  });

  test('a reseller is credited on the fees billed that month', () => {
    const estimate = resellerEstimate({
      accounts: [
        { id: 'a', monthlyPayment: '300.00', monthlyValue: '250.00', oneTimeValue: '450.00' },
      ],
      subClients: 3,
    });
    // 300.00 a month → 10 % (the fees do not move the tier: it counts monthly payments).
    assert.equal(estimate.rate, '0.10');
    assert.equal(estimate.accounts[0]?.credit, '70.00'); // 10 % of (250 + 450)
    assert.equal(estimate.oneTimeValue, '450.00');
  });
});
