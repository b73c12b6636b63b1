import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../../../test/assert.js';
import { catalogs } from '../../catalogs/index.js';
import type { ErrorCode } from '../../errors.js';
import {
  commissionPayableAt,
  ledgerStanding,
  payoutMonthEnd,
  payoutMonthOf,
  statementFigures,
} from './ledger.js';
import { commissionLedger } from './payout.js';

describe('seed 001 §7 — "not eligible for payment … until the Customer … has been a LuxSci customer for more than 30 days"', () => {
  const cases = [
    {
      name: 'paid on day 3: payable 1 ms after 30 New York days from the order (05:00 EST → 05:00 EDT)',
      customerSince: '2026-03-02T10:00:00.000Z',
      paidInFullAt: '2026-03-05T00:00:00.000Z',
      payableAt: '2026-04-01T09:00:00.001Z',
    },
    {
      name: 'paid after the 30 days: payable when paid',
      customerSince: '2026-01-10T15:00:00.000Z',
      paidInFullAt: '2026-03-01T12:00:00.000Z',
      payableAt: '2026-03-01T12:00:00.000Z',
    },
    {
      name: 'the 30 days cross the March clock change: counted in New York days, not 24-hour days',
      customerSince: '2026-03-01T05:00:00.000Z',
      paidInFullAt: '2026-03-01T06:00:00.000Z',
      payableAt: '2026-03-31T04:00:00.001Z',
    },
  ];
  for (const { name, customerSince, paidInFullAt, payableAt } of cases) {
    test(name, () => {
      assert.equal(commissionPayableAt({ customerSince, paidInFullAt }), payableAt);
    });
  }
  test('a date that is not one is invalid_date', () => {
    throwsCode(
      () => commissionPayableAt({ customerSince: 'soon', paidInFullAt: '2026-03-01' }),
      'invalid_date',
    );
  });
});

describe('seed 001 §8 — payouts run "once per month": a month and its end in New York', () => {
  test('March 2026 ends at midnight New York time on 1 April (04:00Z, daylight time)', () => {
    assert.equal(payoutMonthEnd('2026-03'), '2026-04-01T04:00:00.000Z');
  });
  test('December ends on 1 January of the next year (05:00Z, standard time)', () => {
    assert.equal(payoutMonthEnd('2025-12'), '2026-01-01T05:00:00.000Z');
  });
  test('an instant belongs to its New York month: 02:00Z on 1 April is still March there', () => {
    assert.equal(payoutMonthOf('2026-04-01T02:00:00Z'), '2026-03');
    assert.equal(payoutMonthOf('2026-04-01T04:00:00Z'), '2026-04');
  });
  for (const bad of ['2026-13', '2026-3', '2026-03-01', 'March', 202603]) {
    test(`${JSON.stringify(bad)} is not a month: invalid_date`, () => {
      throwsCode(() => payoutMonthEnd(bad as string), 'invalid_date');
    });
  }
});

describe("seed 001 §3 — a statement's Monthly Value by each product's class", () => {
  test("the seed's example: 25 users at $4 (100 %) and a Px2 server at $200 (75 %) → payment 300.00, value 250.00", () => {
    const figures = statementFigures(catalogs.luxsci, [
      { product: 'starter-plus-user', amount: '100.00' },
      { product: 'dedicated-px2', amount: '200.00' },
    ]);
    assert.equal(figures.monthlyPayment, '300.00');
    assert.equal(figures.monthlyValue.affiliate, '250.00');
    assert.equal(figures.total, '300.00');
    assert.equal(figures.oneTime, '0.00');
  });
  test('a one-time fee counts on the statement that bills it, by its own class, apart from the monthly payment', () => {
    const migration = catalogs.luxsci.products.find((p) => p.billing === 'one_time')!;
    const figures = statementFigures(catalogs.luxsci, [
      { product: 'starter-plus-user', amount: 40 },
      { product: migration.id, amount: '99.99' },
    ]);
    assert.equal(figures.monthlyPayment, '40.00');
    assert.equal(figures.oneTime, '99.99');
    assert.equal(figures.total, '139.99');
    const expected = (99.99 * migration.classes.affiliate).toFixed(2);
    assert.equal(figures.oneTimeValue.affiliate, expected);
  });
  const refusals: Array<[string, unknown, ErrorCode]> = [
    ['a negative amount', [{ product: 'starter-plus-user', amount: '-1.00' }], 'invalid_amount'],
    ['a non-decimal amount', [{ product: 'starter-plus-user', amount: '1e3' }], 'invalid_amount'],
    ['fractions of a cent', [{ product: 'starter-plus-user', amount: '1.005' }], 'invalid_amount'],
    ['NaN', [{ product: 'starter-plus-user', amount: Number.NaN }], 'invalid_amount'],
    [
      'a product the catalog lacks',
      [{ product: 'no-such-thing', amount: '1.00' }],
      'unknown_product',
    ],
    ['no lines', [], 'invalid_input'],
  ];
  for (const [name, lines, code] of refusals) {
    test(`${name} → ${code}`, () => {
      throwsCode(() => statementFigures(catalogs.luxsci, lines as never), code);
    });
  }
  test("a currency other than the program's USD → invalid_currency", () => {
    throwsCode(
      () =>
        statementFigures(
          catalogs.luxsci,
          [{ product: 'starter-plus-user', amount: '1.00' }],
          'EUR',
        ),
      'invalid_currency',
    );
  });
});

describe("ledgerStanding — the same balances commissionLedger gives at each month's end", () => {
  test('a commission pending, then payable, paid out, then charged back into a negative balance', () => {
    const customerSince = '2026-01-05';
    const paidInFullAt = '2026-01-10T12:00:00Z';
    const payableAt = commissionPayableAt({ customerSince, paidInFullAt });
    const rows = commissionLedger({
      statements: [{ id: 's1', commission: '30.00', paidInFullAt, customerSince }],
      chargebacks: [{ statementId: 's1', at: '2026-03-15' }],
      payoutMethod: 'paypal',
      from: '2026-01',
      months: 3,
    });
    const entries = [
      { at: paidInFullAt, amount: '30.00', payableAt },
      // February's run paid the 30.00 that became payable in February.
      { at: payoutMonthEnd('2026-02'), amount: '-30.00' },
      { at: '2026-03-15T04:00:00.000Z', amount: '-30.00' },
    ];
    for (const row of rows) {
      const standing = ledgerStanding(
        row.month === '2026-02' ? entries.slice(0, 1) : entries,
        payoutMonthEnd(row.month),
      );
      if (row.month === '2026-02') {
        // Before February's payout entry: the run pays what is payable here.
        assert.equal(standing.payable, row.paid);
      } else {
        assert.equal(standing.balance, row.balance, row.month);
        assert.equal(standing.pending, row.pending, row.month);
      }
    }
    assert.deepEqual(ledgerStanding(entries, '2026-01-20'), {
      balance: '30.00',
      payable: '0.00',
      pending: '30.00',
    });
  });
  test('the charge-back of a commission still pending leaves nothing pending and nothing payable', () => {
    const entries = [
      { at: '2026-01-10T00:00:00Z', amount: '12.00', payableAt: '2026-02-05T00:00:00Z' },
      { at: '2026-01-20T00:00:00Z', amount: '-12.00', payableAt: '2026-02-05T00:00:00Z' },
    ];
    for (const at of ['2026-01-25', '2026-03-01']) {
      assert.deepEqual(ledgerStanding(entries, at), {
        balance: '0.00',
        payable: '0.00',
        pending: '0.00',
      });
    }
  });
  test("a reseller credit, applied to the reseller's bill, is not a balance to pay", () => {
    const standing = ledgerStanding(
      [{ at: '2026-01-10T00:00:00Z', amount: '20.00', type: 'reseller_credit' }],
      '2026-02-01',
    );
    assert.equal(standing.balance, '0.00');
  });
});
