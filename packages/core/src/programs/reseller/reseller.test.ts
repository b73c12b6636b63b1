import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogs } from '../../catalogs/index.js';
import { priceQuote } from '../../pricing/pricing.js';
import { affiliateCommissionRate, referralCommission } from '../affiliate/affiliate.js';
import { resellerCreditRate, resellerEstimate } from './reseller.js';
import type { ResellerEstimateInput } from './reseller.schema.js';
import { throwsCode } from '../../../test/assert.js';

describe('SPEC "Reseller program": "Credit Percentage from total monthly payments of the reseller account plus accounts it globally manages plus, when linked, its affiliate\'s referred accounts: [0, 50) → none, [50, 500) → 10 %, ≥ 500 → ask sales."', () => {
  const rows: [total: string | number, rate: string, askSales: boolean][] = [
    ['0.00', '0.00', false],
    ['49.99', '0.00', false],
    ['50.00', '0.10', false],
    [50, '0.10', false],
    ['499.99', '0.10', false],
    ['500.00', '0.10', true],
    [9999.99, '0.10', true],
  ];
  for (const [total, rate, askSales] of rows) {
    test(`${JSON.stringify(total)} → ${rate === '0.00' ? 'none' : rate}${askSales ? ', ask sales' : ''}`, () => {
      const result = resellerCreditRate(total);
      assert.equal(result.rate, rate);
      assert.equal(result.askSales, askSales);
    });
  }

  test('nextTier names the threshold above; null at the top', () => {
    assert.deepEqual(resellerCreditRate('0').nextTier, {
      at: '50.00',
      rate: '0.10',
      askSales: false,
    });
    assert.deepEqual(resellerCreditRate('50').nextTier, {
      at: '500.00',
      rate: '0.10',
      askSales: true,
    });
    assert.equal(resellerCreditRate('500').nextTier, null);
  });

  test('the total adds every account the reseller pays for and the linked affiliate total', () => {
    const estimate = resellerEstimate({
      accounts: [
        { id: 'own', monthlyPayment: '20.00', monthlyValue: '20.00' },
        { id: 'managed', monthlyPayment: '20.00', monthlyValue: '20.00' },
      ],
      subClients: 3,
      linkedAffiliateTotal: '10.00',
    });
    assert.equal(estimate.totalMonthlyPayments, '50.00');
    assert.equal(estimate.rate, '0.10');
    assert.equal(estimate.credit, '4.00');
  });

  test('bad totals are typed errors', () => {
    throwsCode(() => resellerCreditRate(-1), 'invalid_amount');
    throwsCode(() => resellerCreditRate('1e3'), 'invalid_amount');
    throwsCode(() => resellerCreditRate(Number.POSITIVE_INFINITY), 'invalid_amount');
  });
});

describe('SPEC "Reseller program": "Credit = rate × monthly value (reseller classes), applied to the statement."', () => {
  test('seed check: 25 Starter Plus users + one Px2 server → payment 300.00, value 250.00, credit 25.00', () => {
    const quote = priceQuote(catalogs.luxsci, {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
    });
    const estimate = resellerEstimate({
      accounts: [
        {
          id: 'clinic',
          monthlyPayment: quote.totals.monthlyPayment,
          monthlyValue: quote.totals.monthlyValue.reseller,
        },
      ],
      subClients: ['a', 'b', 'c'],
    });
    assert.equal(estimate.cost, '300.00');
    assert.equal(estimate.monthlyValue, '250.00');
    assert.equal(estimate.credit, '25.00');
  });

  test('"rounded half-up per line": each account\'s credit is rounded, the total is their sum', () => {
    // 0.10 × 33.35 = 3.335 → 3.34, twice → 6.68 (not 0.10 × 66.70 = 6.67).
    const estimate = resellerEstimate({
      accounts: [
        { id: 'a', monthlyPayment: '300.00', monthlyValue: '33.35' },
        { id: 'b', monthlyPayment: '300.00', monthlyValue: '33.35' },
      ],
      subClients: 3,
    });
    assert.deepEqual(
      estimate.accounts.map((a) => a.credit),
      ['3.34', '3.34'],
    );
    assert.equal(estimate.credit, '6.68');
  });

  test('below 50.00 there is no credit', () => {
    const estimate = resellerEstimate({
      accounts: [{ id: 'a', monthlyPayment: '49.99', monthlyValue: '49.99' }],
      subClients: 5,
    });
    assert.equal(estimate.rate, '0.00');
    assert.equal(estimate.credit, '0.00');
  });
});

describe('SPEC "Reseller program": "Eligible only with at least 3 distinct sub-clients."', () => {
  const accounts = [{ id: 'a', monthlyPayment: '100.00', monthlyValue: '100.00' }];
  const rows: [subClients: number | string[], eligible: boolean, credit: string][] = [
    [2, false, '0.00'],
    [3, true, '10.00'],
    [['x', 'y'], false, '0.00'],
    [['x', 'y', 'x', 'y'], false, '0.00'],
    [['x', 'y', 'z'], true, '10.00'],
    [0, false, '0.00'],
  ];
  for (const [subClients, eligible, credit] of rows) {
    test(`${JSON.stringify(subClients)} → ${eligible ? 'eligible' : 'not eligible'}, credit ${credit}`, () => {
      const estimate = resellerEstimate({ accounts, subClients });
      assert.equal(estimate.eligible, eligible);
      assert.equal(estimate.credit, credit);
      assert.equal(estimate.rate, '0.10');
    });
  }
});

describe('SPEC "Reseller program": "Linking: commission may be paid as account credit; each side\'s total is augmented by the other\'s payments; no commission on the reseller\'s own accounts."', () => {
  test("the reseller's total is augmented by its affiliate's referred accounts, and the affiliate's by the reseller's", () => {
    const resellerPayments = '30.00';
    const referredPayments = '30.00';
    const estimate = resellerEstimate({
      accounts: [{ id: 'own', monthlyPayment: resellerPayments, monthlyValue: '30.00' }],
      subClients: 3,
      linkedAffiliateTotal: referredPayments,
    });
    assert.equal(estimate.rate, '0.10');
    assert.equal(resellerCreditRate(resellerPayments).rate, '0.00');
    assert.equal(
      affiliateCommissionRate(referredPayments, { linkedResellerTotal: resellerPayments }).rate,
      '0.10',
    );
  });

  test("no commission on the reseller's own accounts, even when it was referred", () => {
    const result = referralCommission({
      monthlyValue: '30.00',
      rate: '0.10',
      referee: { signedUpAt: '2024-01-01', resellerAccount: true },
    });
    assert.equal(result.amount, '0.00');
    assert.equal(result.reason, 'reseller_account');
  });
});

describe('SPEC "Reseller program": "Resellers set their own client prices: an estimate shows cost, credit, client price and margin."', () => {
  const input: ResellerEstimateInput = {
    accounts: [
      { id: 'own', monthlyPayment: '60.00', monthlyValue: '60.00' },
      { id: 'dental', monthlyPayment: '300.00', monthlyValue: '250.00' },
      { id: 'vet', monthlyPayment: '40.00', monthlyValue: '20.00' },
    ],
    subClients: ['dental', 'vet', 'law'],
    clientPrices: { dental: '360.00', vet: 45 },
  };

  test('per account: cost, credit, client price and margin = client price − cost + credit', () => {
    const estimate = resellerEstimate(input);
    assert.deepEqual(estimate.accounts, [
      {
        id: 'own',
        cost: '60.00',
        value: '60.00',
        oneTimeValue: '0.00',
        credit: '6.00',
        clientPrice: null,
        margin: null,
      },
      {
        id: 'dental',
        cost: '300.00',
        value: '250.00',
        oneTimeValue: '0.00',
        credit: '25.00',
        clientPrice: '360.00',
        margin: '85.00',
      },
      {
        id: 'vet',
        cost: '40.00',
        value: '20.00',
        oneTimeValue: '0.00',
        credit: '2.00',
        clientPrice: '45.00',
        margin: '7.00',
      },
    ]);
  });

  test('in total: the margin sums the accounts with a client price', () => {
    const estimate = resellerEstimate(input);
    assert.equal(estimate.totalMonthlyPayments, '400.00');
    assert.equal(estimate.cost, '400.00');
    assert.equal(estimate.credit, '33.00');
    assert.equal(estimate.clientPrice, '405.00');
    assert.equal(estimate.margin, '92.00');
  });

  test('a margin may be negative: pricing below cost is shown, not hidden', () => {
    const estimate = resellerEstimate({ ...input, clientPrices: { vet: '30.00' } });
    assert.equal(estimate.accounts[2]?.margin, '-8.00');
    assert.equal(estimate.margin, '-8.00');
  });

  test('without client prices there is no margin', () => {
    const estimate = resellerEstimate({ accounts: input.accounts, subClients: input.subClients });
    assert.equal(estimate.clientPrice, null);
    assert.equal(estimate.margin, null);
  });

  test('bad estimates are typed errors', () => {
    throwsCode(
      () => resellerEstimate({ ...input, clientPrices: { nobody: '1' } }),
      'invalid_input',
    );
    throwsCode(
      () => resellerEstimate({ ...input, accounts: [input.accounts[0]!, input.accounts[0]!] }),
      'invalid_input',
    );
    throwsCode(() => resellerEstimate({ ...input, subClients: -1 }), 'invalid_quantity');
    throwsCode(
      () => resellerEstimate({ ...input, subClients: [1, 2] as never }),
      'invalid_quantity',
    );
    throwsCode(() => resellerEstimate({ ...input, linkedAffiliateTotal: 'x' }), 'invalid_amount');
    throwsCode(() => resellerEstimate({ ...input, clientPrices: { vet: -5 } }), 'invalid_amount');
    throwsCode(() => resellerEstimate(undefined as never), 'invalid_input');
  });
});
