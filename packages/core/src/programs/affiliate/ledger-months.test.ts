import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ledgerMonths } from './ledger-months.js';
import { commissionLedger } from './payout.js';

const pick = (rows: ReturnType<typeof commissionLedger>) =>
  rows.map(({ month, granted, payable, chargedBack, paid, balance }) => ({
    month,
    granted,
    payable,
    chargedBack,
    paid,
    balance,
  }));

describe('ledgerMonths — a real ledger month by month, as commissionLedger projects it', () => {
  test('granted in March, payable in April (30 New York days), paid by the April run dated in May', () => {
    const rows = ledgerMonths(
      [
        {
          at: '2026-03-05T00:00:00.000Z',
          type: 'commission',
          amount: '30.00',
          payableAt: '2026-04-01T09:00:00.001Z',
        },
        { at: '2026-05-01T10:00:00.000Z', type: 'payout', amount: '-30.00', payoutId: 'po_1' },
      ],
      { payouts: [{ id: 'po_1', month: '2026-04' }] },
    );
    const projected = commissionLedger({
      statements: [
        {
          id: 's1',
          commission: '30.00',
          paidInFullAt: '2026-03-05T00:00:00.000Z',
          customerSince: '2026-03-02T10:00:00.000Z',
        },
      ],
      payoutMethod: 'paypal',
      from: '2026-03',
      months: 2,
    });
    assert.deepEqual(rows, pick(projected));
    assert.deepEqual(rows[1], {
      month: '2026-04',
      granted: '0.00',
      payable: '30.00',
      chargedBack: '0.00',
      paid: '30.00',
      balance: '0.00',
    });
  });

  test('a charge-back while pending cancels the commission: never payable, balance back to 0', () => {
    const payableAt = '2026-04-01T09:00:00.001Z';
    const rows = ledgerMonths(
      [
        { at: '2026-03-05T00:00:00.000Z', type: 'commission', amount: '30.00', payableAt },
        { at: '2026-03-20T00:00:00.000Z', type: 'chargeback', amount: '-30.00', payableAt },
      ],
      { to: '2026-04' },
    );
    assert.deepEqual(rows, [
      {
        month: '2026-03',
        granted: '30.00',
        payable: '0.00',
        chargedBack: '30.00',
        paid: '0.00',
        balance: '0.00',
      },
      {
        month: '2026-04',
        granted: '0.00',
        payable: '0.00',
        chargedBack: '0.00',
        paid: '0.00',
        balance: '0.00',
      },
    ]);
  });

  test('a charge-back after the payout makes the balance negative; months without entries are listed', () => {
    const rows = ledgerMonths(
      [
        {
          at: '2026-01-10T15:00:00.000Z',
          type: 'commission',
          amount: '40.00',
          payableAt: '2026-01-10T15:00:00.000Z',
        },
        { at: '2026-02-01T06:00:00.000Z', type: 'payout', amount: '-40.00', payoutId: 'po_jan' },
        { at: '2026-03-03T12:00:00.000Z', type: 'chargeback', amount: '-40.00', payableAt: null },
      ],
      { payouts: [{ id: 'po_jan', month: '2026-01' }] },
    );
    assert.deepEqual(
      rows.map((r) => [r.month, r.paid, r.chargedBack, r.balance]),
      [
        ['2026-01', '40.00', '0.00', '0.00'],
        ['2026-02', '0.00', '0.00', '0.00'],
        ['2026-03', '0.00', '40.00', '-40.00'],
      ],
    );
  });

  test('a reseller credit was applied to a bill: no row, no balance; an empty ledger has no months', () => {
    assert.deepEqual(
      ledgerMonths([{ at: '2026-03-05T00:00:00.000Z', type: 'reseller_credit', amount: '25.00' }]),
      [],
    );
    assert.deepEqual(ledgerMonths([]), []);
  });

  test('months are New York months: 03:00 UTC on 1 April is still March', () => {
    const rows = ledgerMonths([
      { at: '2026-04-01T03:00:00.000Z', type: 'adjustment', amount: '5.00', payableAt: null },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.month, r.balance]),
      [['2026-03', '5.00']],
    );
  });
});
