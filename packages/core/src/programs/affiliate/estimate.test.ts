// affiliateEstimate: every figure below is worked out by hand from the
// affiliate program's rules, not read back from the code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { affiliateEstimate } from './estimate.js';

describe('affiliateEstimate: what an affiliate earns and the customer saves', () => {
  test('$300.00 a month, $250.00 value, 5 % off: 10 % tier, 5 % effective, $11.88 a month', () => {
    const estimate = affiliateEstimate({
      monthlyPayments: '300.00',
      monthlyValue: '250.00',
      discountRate: '0.05',
      from: '2024-01-15',
    });
    assert.deepEqual(
      {
        rate: estimate.rate,
        effectiveRate: estimate.effectiveRate,
        monthlyPayments: estimate.monthlyPayments,
        saving: estimate.saving,
        monthlyCommission: estimate.monthlyCommission,
        yearlyCommission: estimate.yearlyCommission,
        nextTier: estimate.nextTier,
      },
      {
        rate: '0.10',
        effectiveRate: '0.05',
        // 300.00 − 5 % = 285.00; the value 250.00 − 12.50 = 237.50, × 5 % = 11.875 → 11.88.
        monthlyPayments: '285.00',
        saving: '15.00',
        monthlyCommission: '11.88',
        yearlyCommission: '142.56',
        nextTier: { more: '215.00', rate: '0.10', contactSales: true },
      },
    );
  });

  test('"paid out … when the balance is over $25": PayPal first pays in March (23.76 in February is not over 25)', () => {
    const paypal = affiliateEstimate({
      monthlyPayments: '300.00',
      monthlyValue: '250.00',
      discountRate: '0.05',
      from: '2024-01-15',
    });
    assert.deepEqual(paypal.firstPayout, { month: '2024-03', paid: '35.64' });
    assert.equal(paypal.noPayoutReason, null);
  });

  test('checks go to US addresses only', () => {
    const abroad = affiliateEstimate({
      monthlyPayments: '300.00',
      monthlyValue: '250.00',
      payoutMethod: 'check',
      country: 'ca',
      from: '2024-01-15',
    });
    assert.equal(abroad.firstPayout, null);
    assert.equal(abroad.noPayoutReason, 'check_us_only');
  });

  test('a small account stays under the minimum for a year', () => {
    // $10.00 a month is the 5 % tier: 0.50 a month never passes 25.00 in 13 months.
    const small = affiliateEstimate({
      monthlyPayments: '10.00',
      monthlyValue: '10.00',
      from: '2024-01-15',
    });
    assert.equal(small.rate, '0.05');
    assert.equal(small.monthlyCommission, '0.50');
    assert.deepEqual(small.nextTier, { more: '40.00', rate: '0.10', contactSales: false });
    assert.equal(small.firstPayout, null);
    assert.equal(small.noPayoutReason, 'below_minimum');
  });

  test('the trade-off from 0 to 10 %: commission falls to nothing as the saving grows', () => {
    const { byDiscount } = affiliateEstimate({ monthlyPayments: '300.00', monthlyValue: '250.00' });
    assert.equal(byDiscount.length, 11);
    assert.deepEqual(byDiscount[0], { discountRate: '0.00', commission: '25.00', saving: '0.00' });
    assert.deepEqual(byDiscount[10], { discountRate: '0.10', commission: '0.00', saving: '30.00' });
    for (let i = 1; i < byDiscount.length; i += 1) {
      assert.ok(Number(byDiscount[i]!.commission) <= Number(byDiscount[i - 1]!.commission));
      assert.ok(Number(byDiscount[i]!.saving) >= Number(byDiscount[i - 1]!.saving));
    }
  });

  test('bad input is a typed error', () => {
    assert.throws(() => affiliateEstimate({ monthlyPayments: '-1', monthlyValue: '1' }), {
      name: 'QuotekitError',
    });
    assert.throws(
      () => affiliateEstimate({ monthlyPayments: '1', monthlyValue: '1', discountRate: '0.5' }),
      { code: 'invalid_discount' },
    );
  });
});
