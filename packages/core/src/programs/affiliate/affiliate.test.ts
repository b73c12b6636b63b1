import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogs } from '../../catalogs/index.js';
import { QuotekitError, type ErrorCode } from '../../errors.js';
import { priceQuote } from '../../pricing/pricing.js';
import {
  affiliateCommissionRate,
  effectiveCommissionRate,
  referralCommission,
  referralEligibility,
} from './affiliate.js';
import { commissionLedger, payout } from './payout.js';
import type { CommissionLedgerInput, ReferralEligibilityInput } from './affiliate.schema.js';
import { throwsCode } from '../../../test/assert.js';

describe('SPEC "Affiliate program": "Commission Percentage from the total monthly payments of all active referred accounts: [0, 50) → 5 %, [50, 500) → 10 %, ≥ 500 → contact sales"', () => {
  const rows: [total: string | number, rate: string, contactSales: boolean][] = [
    ['0.00', '0.05', false],
    ['49.99', '0.05', false],
    ['50.00', '0.10', false],
    [50, '0.10', false],
    ['499.99', '0.10', false],
    ['500.00', '0.10', true],
    ['12000', '0.10', true],
  ];
  for (const [total, rate, contactSales] of rows) {
    test(`${JSON.stringify(total)} → ${rate}${contactSales ? ', contact sales' : ''}`, () => {
      const result = affiliateCommissionRate(total);
      assert.equal(result.rate, rate);
      assert.equal(result.contactSales, contactSales);
    });
  }

  test('"49.99 → 5 %; 50.00 → 10 %; 500.00 → contact sales."', () => {
    assert.equal(affiliateCommissionRate('49.99').rate, '0.05');
    assert.equal(affiliateCommissionRate('50.00').rate, '0.10');
    assert.equal(affiliateCommissionRate('500.00').contactSales, true);
  });

  test('"rate 10 % unless a negotiated rate is given, flag contactSales: true"', () => {
    assert.deepEqual(affiliateCommissionRate('500.00', { negotiatedRate: '0.15' }), {
      rate: '0.15',
      contactSales: true,
      nextTier: null,
    });
    assert.equal(affiliateCommissionRate('500.00', { negotiatedRate: 0.125 }).rate, '0.125');
  });

  test('a negotiated rate does not apply below 500.00', () => {
    assert.equal(affiliateCommissionRate('499.99', { negotiatedRate: '0.15' }).rate, '0.10');
  });

  test('nextTier names the threshold and the rate of the tier above; null at the top', () => {
    assert.deepEqual(affiliateCommissionRate('10').nextTier, {
      at: '50.00',
      rate: '0.10',
      contactSales: false,
    });
    assert.deepEqual(affiliateCommissionRate('50', { negotiatedRate: '0.12' }).nextTier, {
      at: '500.00',
      rate: '0.12',
      contactSales: true,
    });
    assert.equal(affiliateCommissionRate('500').nextTier, null);
  });
});

describe('SPEC "Reseller program": "Linking: … each side\'s total is augmented by the other\'s payments; no commission on the reseller\'s own accounts."', () => {
  test("the affiliate's total is augmented by the linked reseller account's monthly payments", () => {
    assert.equal(affiliateCommissionRate('40.00').rate, '0.05');
    assert.equal(affiliateCommissionRate('40.00', { linkedResellerTotal: '10.00' }).rate, '0.10');
    assert.equal(
      affiliateCommissionRate('400.00', { linkedResellerTotal: '100.00' }).contactSales,
      true,
    );
  });

  test("no commission on the reseller's own accounts", () => {
    assert.deepEqual(
      referralCommission({
        monthlyValue: '250.00',
        rate: '0.10',
        referee: { signedUpAt: '2024-01-15', resellerAccount: true },
      }),
      { amount: '0.00', rate: '0.00', reason: 'reseller_account' },
    );
  });
});

describe('SPEC "Affiliate program": "Special offer codes give the customer a discount d, 0 < d ≤ 10 %, even above the affiliate\'s rate. Effective rate = C − d; when d ≥ C the affiliate earns nothing on that customer until C rises above d."', () => {
  const rows: [rate: string | number, discount: string | number, effective: string][] = [
    ['0.10', '0.04', '0.06'],
    ['0.10', '0.00', '0.10'],
    [0.1, 0.1, '0.00'],
    ['0.05', '0.05', '0.00'],
    ['0.05', '0.10', '0.00'],
    ['0.05', '0.02', '0.03'],
    ['0.15', '0.10', '0.05'],
    ['0.125', '0.05', '0.075'],
  ];
  for (const [rate, discount, effective] of rows) {
    test(`C ${rate} − d ${discount} → ${effective}`, () => {
      assert.equal(effectiveCommissionRate(rate, discount), effective);
    });
  }

  test('a discount above 10 % is not an offer code → invalid_discount', () => {
    throwsCode(() => effectiveCommissionRate('0.10', '0.11'), 'invalid_discount');
    throwsCode(() => effectiveCommissionRate('0.10', '-0.01'), 'invalid_discount');
  });

  test('"until C rises above d": the same discount earns once the rate grows past it', () => {
    const d = '0.05';
    assert.equal(effectiveCommissionRate(affiliateCommissionRate('49.99').rate, d), '0.00');
    assert.equal(effectiveCommissionRate(affiliateCommissionRate('50.00').rate, d), '0.05');
  });
});

describe('SPEC "Affiliate program": "Commission on a referred customer\'s statement = effective rate × that statement\'s monthly value (affiliate classes)."', () => {
  const referee = { signedUpAt: '2024-01-15' };

  test('seed check: 25 Starter Plus users + one Px2 server, value 250.00 at 10 % → 25.00', () => {
    const quote = priceQuote(catalogs.luxsci, {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
    });
    const { rate } = affiliateCommissionRate(quote.totals.monthlyPayment);
    assert.equal(rate, '0.10');
    const commission = referralCommission({
      monthlyValue: quote.totals.monthlyValue.affiliate,
      rate,
      referee,
    });
    assert.deepEqual(commission, { amount: '25.00', rate: '0.10' });
  });

  test('with a 4 % offer code: value 240.00 × (0.10 − 0.04) → 14.40', () => {
    const quote = priceQuote(catalogs.luxsci, {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
      discountRate: '0.04',
    });
    assert.equal(quote.totals.monthlyValue.affiliate, '240.00');
    const commission = referralCommission({
      monthlyValue: quote.totals.monthlyValue.affiliate,
      rate: '0.10',
      discountRate: '0.04',
      referee,
    });
    assert.deepEqual(commission, { amount: '14.40', rate: '0.06' });
  });

  const rows: [value: string, rate: string, discount: string | undefined, amount: string][] = [
    ['33.33', '0.05', undefined, '1.67'], // 1.6665, half-up
    ['0.10', '0.05', undefined, '0.01'], // 0.005, half-up
    ['0.09', '0.05', undefined, '0.00'], // 0.0045
    ['1000.00', '0.125', '0.10', '25.00'],
    ['0.00', '0.10', undefined, '0.00'],
  ];
  for (const [value, rate, discount, amount] of rows) {
    test(`"rounded half-up per line": ${value} × (${rate} − ${discount ?? '0'}) → ${amount}`, () => {
      const result = referralCommission({
        monthlyValue: value,
        rate,
        referee,
        ...(discount === undefined ? {} : { discountRate: discount }),
      });
      assert.equal(result.amount, amount);
      assert.equal(result.reason, undefined);
    });
  }

  test('a discount equal to or above the rate earns nothing, and says why', () => {
    assert.deepEqual(
      referralCommission({ monthlyValue: '250.00', rate: '0.05', discountRate: '0.05', referee }),
      { amount: '0.00', rate: '0.00', reason: 'discount_not_below_rate' },
    );
  });
});

describe('SPEC "Affiliate program": "Referees that signed up before 2012-03-01 count towards the total but earn nothing. Self-referrals earn nothing. Reseller accounts earn the linked affiliate nothing (no double dipping)."', () => {
  const base = { monthlyValue: '250.00', rate: '0.10' };
  const rows: [
    rule: string,
    referee: { signedUpAt: string | Date; selfReferral?: boolean; resellerAccount?: boolean },
    amount: string,
    reason?: string,
  ][] = [
    [
      'signed up the evening before, New York time',
      { signedUpAt: '2012-02-29T23:59:59-05:00' },
      '0.00',
      'signed_up_before_2012_03_01',
    ],
    ['signed up years before', { signedUpAt: '2009-06-01' }, '0.00', 'signed_up_before_2012_03_01'],
    ['signed up on 2012-03-01 earns', { signedUpAt: '2012-03-01' }, '25.00'],
    ['signed up at midnight New York time earns', { signedUpAt: '2012-03-01T05:00:00Z' }, '25.00'],
    ['a Date works as well', { signedUpAt: new Date('2020-01-01T00:00:00Z') }, '25.00'],
    ['self-referral', { signedUpAt: '2024-01-01', selfReferral: true }, '0.00', 'self_referral'],
    [
      'reseller account',
      { signedUpAt: '2024-01-01', resellerAccount: true },
      '0.00',
      'reseller_account',
    ],
    [
      'self-referral is named first',
      { signedUpAt: '2010-01-01', selfReferral: true, resellerAccount: true },
      '0.00',
      'self_referral',
    ],
  ];
  for (const [rule, referee, amount, reason] of rows) {
    test(`${rule} → ${amount}${reason ? ` (${reason})` : ''}`, () => {
      const result = referralCommission({ ...base, referee });
      assert.equal(result.amount, amount);
      assert.equal(result.reason, reason);
    });
  }

  test('"count towards the total": the rate comes from all referred payments, old referees included', () => {
    // An old referee paying 45.00 and a new one paying 10.00 lift the rate to 10 %.
    const { rate } = affiliateCommissionRate('55.00');
    assert.equal(rate, '0.10');
    assert.equal(
      referralCommission({ monthlyValue: '10.00', rate, referee: { signedUpAt: '2020-01-01' } })
        .amount,
      '1.00',
    );
  });
});

describe('SPEC "Affiliate program": "Attribution methods: affiliate URL (cookie), special offer code, saved quote, phone order with an offer code, registered opportunity (expires 180 days after it was registered or last edited), post facto (within 30 days of sign-up, never with a discount)."', () => {
  const rows: [
    rule: string,
    input: ReferralEligibilityInput,
    eligible: boolean,
    extra: { reason?: string; discountAllowed?: boolean; deadline?: string | null },
  ][] = [
    [
      'affiliate URL: the cookie found at sign-up',
      { method: 'affiliate_url', signedUpAt: '2024-05-01', now: '2024-05-02' },
      true,
      { discountAllowed: false, deadline: null },
    ],
    [
      // "Within 1 year" is a calendar year: 2023-03-01 + 365 days is 2024-02-29, a day short.
      'affiliate URL: "within 1 year" of the last visit — 366 days later in a leap year still counts',
      {
        method: 'affiliate_url',
        visitedAt: '2023-03-01',
        signedUpAt: '2024-02-29T23:59:59-05:00',
        now: '2024-03-02',
      },
      true,
      { deadline: '2024-03-01T05:00:00.000Z' },
    ],
    [
      'affiliate URL: the cookie expired one calendar year after the last visit',
      {
        method: 'affiliate_url',
        visitedAt: '2023-03-01',
        signedUpAt: '2024-03-01',
        now: '2024-03-02',
      },
      false,
      { reason: 'cookie_expired' },
    ],
    [
      'affiliate URL: a visit after the sign-up',
      {
        method: 'affiliate_url',
        visitedAt: '2024-05-03',
        signedUpAt: '2024-05-01',
        now: '2024-05-04',
      },
      false,
      { reason: 'visit_after_sign_up' },
    ],
    [
      'special offer code, which carries the discount',
      { method: 'offer_code', signedUpAt: '2024-05-01', now: '2024-05-01' },
      true,
      { discountAllowed: true, deadline: null },
    ],
    [
      'saved quote, which carries the offer code',
      { method: 'saved_quote', signedUpAt: '2024-05-01', now: '2024-05-01' },
      true,
      { discountAllowed: true },
    ],
    [
      'phone order with an offer code',
      { method: 'phone', offerCode: true, signedUpAt: '2024-05-01', now: '2024-05-01' },
      true,
      { discountAllowed: true },
    ],
    [
      'phone order without an offer code',
      { method: 'phone', signedUpAt: '2024-05-01', now: '2024-05-01' },
      false,
      { reason: 'phone_without_offer_code' },
    ],
    [
      'registered opportunity: sign-up before the 180th day (2024-01-01 + 180 = 2024-06-29)',
      {
        method: 'opportunity',
        opportunity: { registeredAt: '2024-01-01' },
        signedUpAt: '2024-06-28T23:59:59-04:00',
        now: '2024-07-01',
      },
      true,
      { discountAllowed: false, deadline: '2024-06-29T04:00:00.000Z' },
    ],
    [
      'registered opportunity: expired 180 days after registration',
      {
        method: 'opportunity',
        opportunity: { registeredAt: '2024-01-01' },
        signedUpAt: '2024-06-29',
        now: '2024-07-01',
      },
      false,
      { reason: 'opportunity_expired', deadline: '2024-06-29T04:00:00.000Z' },
    ],
    [
      'registered opportunity: 180 days run from the last edit (2024-03-01 + 180 = 2024-08-28)',
      {
        method: 'opportunity',
        opportunity: { registeredAt: '2024-01-01', editedAt: '2024-03-01' },
        signedUpAt: '2024-08-27',
        now: '2024-09-01',
      },
      true,
      { deadline: '2024-08-28T04:00:00.000Z' },
    ],
    [
      'registered opportunity: an edit after the sign-up does not revive it',
      {
        method: 'opportunity',
        opportunity: { registeredAt: '2024-01-01', editedAt: '2024-07-01' },
        signedUpAt: '2024-06-30',
        now: '2024-07-02',
      },
      false,
      { reason: 'opportunity_expired' },
    ],
    [
      'registered opportunity: registered after the sign-up',
      {
        method: 'opportunity',
        opportunity: { registeredAt: '2024-05-02' },
        signedUpAt: '2024-05-01',
        now: '2024-05-03',
      },
      false,
      { reason: 'opportunity_after_sign_up' },
    ],
    [
      'post facto on the 30th day, at its first instant',
      { method: 'post_facto', signedUpAt: '2024-03-01', now: '2024-03-31' },
      true,
      { discountAllowed: false, deadline: '2024-04-01T04:00:00.000Z' },
    ],
    [
      'post facto never with a discount',
      { method: 'post_facto', signedUpAt: '2024-03-01', now: '2024-03-02', discountRate: '0.05' },
      false,
      { reason: 'post_facto_with_discount' },
    ],
    [
      'post facto with a zero discount is no discount',
      { method: 'post_facto', signedUpAt: '2024-03-01', now: '2024-03-02', discountRate: 0 },
      true,
      {},
    ],
  ];
  for (const [rule, input, eligible, extra] of rows) {
    test(`${rule} → ${eligible ? 'eligible' : `not eligible${extra.reason ? ` (${extra.reason})` : ''}`}`, () => {
      const result = referralEligibility(input);
      assert.equal(result.eligible, eligible);
      assert.equal(result.reason, extra.reason);
      if (extra.discountAllowed !== undefined) {
        assert.equal(result.discountAllowed, extra.discountAllowed);
      }
      if (extra.deadline !== undefined) assert.equal(result.deadline, extra.deadline);
    });
  }

  test('bad input is a typed error', () => {
    const ok = { method: 'offer_code', signedUpAt: '2024-05-01', now: '2024-05-02' } as const;
    throwsCode(() => referralEligibility({ ...ok, method: 'email' as never }), 'invalid_method');
    throwsCode(() => referralEligibility({ ...ok, now: 'tomorrow' }), 'invalid_date');
    throwsCode(() => referralEligibility({ ...ok, now: '2024-04-30' }), 'invalid_date');
    throwsCode(() => referralEligibility({ ...ok, method: 'opportunity' }), 'invalid_input');
    throwsCode(
      () =>
        referralEligibility({
          ...ok,
          method: 'opportunity',
          opportunity: { registeredAt: '2024-02-01', editedAt: '2024-01-01' },
        }),
      'invalid_date',
    );
    throwsCode(() => referralEligibility({ ...ok, discountRate: '0.2' }), 'invalid_discount');
  });
});

describe('seed 001 §6f: "This manual process must be done within 30 days of an account\'s sign up with LuxSci." — up to and including the 30th New York calendar day after the sign-up day', () => {
  const rows: [
    rule: string,
    input: ReferralEligibilityInput,
    eligible: boolean,
    extra: { reason?: string; deadline: string },
  ][] = [
    [
      'post facto at the last instant of the 30th day, later in the day than the sign-up',
      {
        method: 'post_facto',
        signedUpAt: '2024-03-01T15:00:00-05:00',
        now: '2024-03-31T23:59:59.999-04:00',
      },
      true,
      { deadline: '2024-04-01T04:00:00.000Z' },
    ],
    [
      'post facto on the 31st day after the sign-up day',
      { method: 'post_facto', signedUpAt: '2024-03-01T15:00:00-05:00', now: '2024-04-01' },
      false,
      { reason: 'post_facto_too_late', deadline: '2024-04-01T04:00:00.000Z' },
    ],
    [
      // 23:30 in New York is already 2 March in UTC; the days are New York's.
      'post facto counts New York days: a 23:30 sign-up on 1 March still has all of 31 March',
      {
        method: 'post_facto',
        signedUpAt: '2024-03-01T23:30:00-05:00',
        now: '2024-03-31T23:00:00-04:00',
      },
      true,
      { deadline: '2024-04-01T04:00:00.000Z' },
    ],
    [
      'post facto across the November clock change: the 30th day ends at midnight EST',
      {
        method: 'post_facto',
        signedUpAt: '2024-10-15T10:00:00-04:00',
        now: '2024-11-15T00:00:00-05:00',
      },
      false,
      { reason: 'post_facto_too_late', deadline: '2024-11-15T05:00:00.000Z' },
    ],
  ];
  for (const [rule, input, eligible, extra] of rows) {
    test(`${rule} → ${eligible ? 'eligible' : 'too late'}, deadline ${extra.deadline}`, () => {
      const result = referralEligibility(input);
      assert.equal(result.eligible, eligible);
      assert.equal(result.reason, extra.reason);
      assert.equal(result.deadline, extra.deadline);
    });
  }
});

describe('SPEC "Affiliate program": "Payouts run monthly: check needs a balance ≥ $25 and a US address; PayPal and account credit need a balance > $25; otherwise the balance rolls over."', () => {
  const rows: [
    balance: string | number,
    method: 'check' | 'paypal' | 'account_credit',
    country: string | undefined,
    paid: string,
    carried: string,
    reason?: string,
  ][] = [
    ['24.99', 'check', 'US', '0.00', '24.99', 'below_minimum'],
    ['25.00', 'check', 'US', '25.00', '0.00'],
    ['25.01', 'check', 'us', '25.01', '0.00'],
    ['100.00', 'check', 'CA', '0.00', '100.00', 'check_us_only'],
    ['100.00', 'check', undefined, '0.00', '100.00', 'check_us_only'],
    ['24.99', 'paypal', 'DE', '0.00', '24.99', 'below_minimum'],
    ['25.00', 'paypal', 'DE', '0.00', '25.00', 'below_minimum'],
    ['25.01', 'paypal', 'DE', '25.01', '0.00'],
    ['25.00', 'account_credit', undefined, '0.00', '25.00', 'below_minimum'],
    ['25.01', 'account_credit', undefined, '25.01', '0.00'],
    [1234.5, 'account_credit', 'US', '1234.50', '0.00'],
    ['-40.00', 'check', 'US', '0.00', '-40.00', 'below_minimum'],
    ['-40.00', 'paypal', undefined, '0.00', '-40.00', 'below_minimum'],
    ['0', 'paypal', undefined, '0.00', '0.00', 'below_minimum'],
  ];
  for (const [balance, method, country, paid, carried, reason] of rows) {
    test(`${method} ${balance}${country ? ` to ${country}` : ''} → paid ${paid}, carried ${carried}`, () => {
      const result = payout({ balance, method, ...(country ? { country } : {}) });
      assert.equal(result.paid, paid);
      assert.equal(result.carried, carried);
      assert.equal(result.reason, reason);
    });
  }

  test('bad input is a typed error', () => {
    throwsCode(() => payout({ balance: '25', method: 'wire' as never }), 'invalid_method');
    throwsCode(() => payout({ balance: '25 USD', method: 'paypal' }), 'invalid_amount');
    throwsCode(() => payout({ balance: Number.NaN, method: 'paypal' }), 'invalid_amount');
    throwsCode(() => payout({ balance: 30, method: 'check', country: 'USA' }), 'invalid_country');
  });
});

describe('SPEC "Affiliate program": "Granting: commission on a statement is granted only when the statement is paid in full, and becomes payable once the customer has been a customer for more than 30 days."', () => {
  const ledger = (input: Partial<CommissionLedgerInput>) =>
    commissionLedger({
      statements: [],
      payoutMethod: 'paypal',
      from: '2024-01',
      months: 3,
      ...input,
    });
  const column = (rows: ReturnType<typeof commissionLedger>, key: keyof (typeof rows)[0]) =>
    rows.map((row) => row[key]);

  test('an unpaid statement grants nothing', () => {
    const rows = ledger({
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: null, customerSince: '2023-01-01' },
      ],
    });
    assert.deepEqual(column(rows, 'granted'), ['0.00', '0.00', '0.00']);
    assert.deepEqual(column(rows, 'balance'), ['0.00', '0.00', '0.00']);
  });

  test('granted in the month the statement is paid in full, not the month it was issued', () => {
    const rows = ledger({
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: '2024-02-05', customerSince: '2023-01-01' },
      ],
    });
    assert.deepEqual(column(rows, 'granted'), ['0.00', '30.00', '0.00']);
    assert.deepEqual(column(rows, 'month'), ['2024-01', '2024-02', '2024-03']);
  });

  test('payable once the customer is more than 30 days old (since 2024-01-05: pending in January, payable and paid in February)', () => {
    const rows = ledger({
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: '2024-01-10', customerSince: '2024-01-05' },
      ],
      months: 2,
    });
    assert.deepEqual(rows, [
      {
        month: '2024-01',
        granted: '30.00',
        payable: '0.00',
        chargedBack: '0.00',
        paid: '0.00',
        carried: '0.00',
        pending: '30.00',
        balance: '30.00',
      },
      {
        month: '2024-02',
        granted: '0.00',
        payable: '30.00',
        chargedBack: '0.00',
        paid: '30.00',
        carried: '0.00',
        pending: '0.00',
        balance: '0.00',
      },
    ]);
  });

  test('"more than 30 days", to the millisecond', () => {
    const payableIn = (customerSince: string) =>
      column(
        ledger({
          statements: [{ id: 's', commission: '30.00', paidInFullAt: '2024-01-02', customerSince }],
          months: 2,
        }),
        'payable',
      );
    // 30 days after 2024-01-01 23:59:59.998 is 2024-01-31 23:59:59.998; a millisecond later is still January.
    assert.deepEqual(payableIn('2024-01-01T23:59:59.998-05:00'), ['30.00', '0.00']);
    // One millisecond later the 30 days end on the stroke of February.
    assert.deepEqual(payableIn('2024-01-01T23:59:59.999-05:00'), ['0.00', '30.00']);
  });
});

describe('SPEC "Affiliate program": "Payouts run monthly … otherwise the balance rolls over." — in the ledger', () => {
  const statement = (id: string, commission: string, paidInFullAt: string) => ({
    id,
    commission,
    paidInFullAt,
    customerSince: '2023-01-01',
  });

  test('PayPal: 25.00 rolls over, 25.01 is paid', () => {
    const rows = commissionLedger({
      statements: [statement('a', '25.00', '2024-01-15'), statement('b', '0.01', '2024-02-15')],
      payoutMethod: 'paypal',
      from: '2024-01',
      months: 2,
    });
    assert.deepEqual(
      rows.map((r) => [r.payable, r.paid, r.carried]),
      [
        ['25.00', '0.00', '25.00'],
        ['0.01', '25.01', '0.00'],
      ],
    );
  });

  test('check to the US: 25.00 is paid', () => {
    const rows = commissionLedger({
      statements: [statement('a', '25.00', '2024-01-15')],
      payoutMethod: 'check',
      country: 'US',
      from: '2024-01',
      months: 1,
    });
    assert.equal(rows[0]?.paid, '25.00');
  });

  test('check abroad: never paid, it keeps rolling over', () => {
    const rows = commissionLedger({
      statements: [statement('a', '30.00', '2024-01-15'), statement('b', '30.00', '2024-02-15')],
      payoutMethod: 'check',
      country: 'GB',
      from: '2024-01',
      months: 2,
    });
    assert.deepEqual(
      rows.map((r) => [r.paid, r.carried]),
      [
        ['0.00', '30.00'],
        ['0.00', '60.00'],
      ],
    );
  });

  test('events before `from` are replayed: the first month opens with the carried balance', () => {
    const rows = commissionLedger({
      statements: [
        statement('old', '20.00', '2023-11-10'),
        statement('new', '10.00', '2024-01-10'),
      ],
      payoutMethod: 'account_credit',
      from: '2024-01-20T12:00:00Z',
      months: 1,
    });
    assert.deepEqual(rows, [
      {
        month: '2024-01',
        granted: '10.00',
        payable: '10.00',
        chargedBack: '0.00',
        paid: '30.00',
        carried: '0.00',
        pending: '0.00',
        balance: '0.00',
      },
    ]);
  });
});

describe('SPEC "Affiliate program": "A charge-back debits the commission; the balance may go negative."', () => {
  test('a charge-back after the payout leaves a negative balance, which later commission pays back', () => {
    const rows = commissionLedger({
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: '2024-01-10', customerSince: '2023-12-01' },
        { id: 's2', commission: '40.00', paidInFullAt: '2024-03-03', customerSince: '2023-12-01' },
      ],
      chargebacks: [{ statementId: 's1', at: '2024-02-15' }],
      payoutMethod: 'paypal',
      from: '2024-01',
      months: 3,
    });
    assert.deepEqual(
      rows.map((r) => [r.month, r.payable, r.chargedBack, r.paid, r.carried, r.balance]),
      [
        ['2024-01', '30.00', '0.00', '30.00', '0.00', '0.00'],
        ['2024-02', '0.00', '30.00', '0.00', '-30.00', '-30.00'],
        ['2024-03', '40.00', '0.00', '0.00', '10.00', '10.00'],
      ],
    );
  });

  test('a charge-back while the commission is pending takes it back before it is ever payable', () => {
    const rows = commissionLedger({
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: '2024-01-10', customerSince: '2024-01-05' },
      ],
      chargebacks: [{ statementId: 's1', at: '2024-01-20' }],
      payoutMethod: 'paypal',
      from: '2024-01',
      months: 2,
    });
    assert.deepEqual(
      rows.map((r) => [r.granted, r.payable, r.chargedBack, r.pending, r.balance]),
      [
        ['30.00', '0.00', '30.00', '0.00', '0.00'],
        ['0.00', '0.00', '0.00', '0.00', '0.00'],
      ],
    );
  });

  test('bad ledgers are typed errors', () => {
    const base: CommissionLedgerInput = {
      statements: [
        { id: 's1', commission: '30.00', paidInFullAt: '2024-01-10', customerSince: '2024-01-05' },
      ],
      payoutMethod: 'paypal',
      from: '2024-01',
      months: 2,
    };
    throwsCode(() => commissionLedger({ ...base, months: 0 }), 'invalid_quantity');
    throwsCode(() => commissionLedger({ ...base, months: 121 }), 'invalid_quantity');
    throwsCode(() => commissionLedger({ ...base, months: 1.5 }), 'invalid_quantity');
    throwsCode(() => commissionLedger({ ...base, from: '2024-13' }), 'invalid_date');
    throwsCode(
      () => commissionLedger({ ...base, payoutMethod: 'cash' as never }),
      'invalid_method',
    );
    throwsCode(
      () => commissionLedger({ ...base, statements: [{ ...base.statements[0]!, commission: -1 }] }),
      'invalid_amount',
    );
    throwsCode(
      () => commissionLedger({ ...base, statements: [base.statements[0]!, base.statements[0]!] }),
      'invalid_input',
    );
    throwsCode(
      () => commissionLedger({ ...base, chargebacks: [{ statementId: 'nope', at: '2024-02-01' }] }),
      'invalid_input',
    );
    throwsCode(
      () => commissionLedger({ ...base, chargebacks: [{ statementId: 's1', at: '2024-01-09' }] }),
      'invalid_date',
    );
    throwsCode(() => commissionLedger({ ...base, statements: 'none' as never }), 'invalid_input');
  });
});

describe('bad input never yields NaN: typed errors', () => {
  const rows: [rule: string, run: () => unknown, code: ErrorCode][] = [
    ['negative total', () => affiliateCommissionRate('-0.01'), 'invalid_amount'],
    ['NaN total', () => affiliateCommissionRate(Number.NaN), 'invalid_amount'],
    ['Infinity total', () => affiliateCommissionRate(Infinity), 'invalid_amount'],
    ['total that is not a number', () => affiliateCommissionRate('fifty'), 'invalid_amount'],
    [
      'negotiated rate above 1',
      () => affiliateCommissionRate('600', { negotiatedRate: '1.5' }),
      'invalid_rate',
    ],
    ['rate above 1', () => effectiveCommissionRate('10', '0.05'), 'invalid_rate'],
    [
      'monthly value that is not an amount',
      () =>
        referralCommission({
          monthlyValue: 'lots',
          rate: '0.1',
          referee: { signedUpAt: '2024-01-01' },
        }),
      'invalid_amount',
    ],
    [
      'sign-up date that does not exist',
      () =>
        referralCommission({
          monthlyValue: '1',
          rate: '0.1',
          referee: { signedUpAt: '2023-02-29' },
        }),
      'invalid_date',
    ],
    [
      'date-time without an offset',
      () =>
        referralCommission({
          monthlyValue: '1',
          rate: '0.1',
          referee: { signedUpAt: '2024-01-01T10:00:00' },
        }),
      'invalid_date',
    ],
    [
      'invalid Date object',
      () =>
        referralCommission({
          monthlyValue: '1',
          rate: '0.1',
          referee: { signedUpAt: new Date(Number.NaN) },
        }),
      'invalid_date',
    ],
    [
      'missing referee',
      () => referralCommission({ monthlyValue: '1', rate: '0.1' } as never),
      'invalid_input',
    ],
  ];
  for (const [rule, run, code] of rows) {
    test(`${rule} → ${code}`, () => throwsCode(run, code));
  }

  test('the error names the field and lists the problems', () => {
    try {
      referralCommission({ monthlyValue: '1', rate: '0.1', referee: { signedUpAt: 'soon' } });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof QuotekitError);
      assert.match(error.message, /^Invalid referral: referee\.signedUpAt /);
      assert.deepEqual(
        (error.details?.problems as { path: string }[])[0]?.path,
        'referee.signedUpAt',
      );
    }
  });
});
