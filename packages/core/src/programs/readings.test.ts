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
