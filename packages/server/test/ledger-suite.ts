// The ledger tables' operations, run by the database suite on memory, PGlite
// and PostgreSQL. Partner ids are unique per test, so tests share a database.
import assert from 'node:assert/strict';
import { catalogs, statementFigures } from '@quotekit/core';
import type { Database, PayoutRecord, StatementRecord } from '@quotekit/server';

let sequence = 0;
const unique = (prefix: string) =>
  `${prefix}${process.pid}${Date.now().toString(36)}${++sequence}`.toUpperCase();

const statement = (partner: string, id: string): StatementRecord => ({
  id,
  fingerprint: `fp-${id}`,
  kind: 'reseller',
  account: partner,
  orderId: null,
  partner,
  period: '2026-03',
  issuedAt: '2026-03-31T12:00:00.000Z',
  currency: 'USD',
  lines: [{ product: 'starter-plus-user', amount: '100.00' }],
  figures: statementFigures(catalogs.luxsci, [{ product: 'starter-plus-user', amount: '100.00' }]),
  subClients: ['a', 'b', 'c'],
  paidInFullAt: null,
  chargeback: null,
  commission: null,
  credit: { partner, rate: '0.10', amount: '10.00', subClients: 3 },
  createdAt: '2026-03-31T12:00:00.000Z',
});

const payout = (partner: string, month: string, amount: string): PayoutRecord => ({
  id: `po_${month}_${partner}`,
  partner,
  name: partner,
  kind: 'monthly',
  month,
  at: '2026-04-01T04:00:00.000Z',
  method: 'paypal',
  paypalEmail: 'pay@example.com',
  country: 'DE',
  amount,
  carried: '0.00',
  reason: null,
});

export function ledgerSuite(
  db: () => Database,
  test: (title: string, fn: () => Promise<void>) => void,
) {
  test('ledger: a statement is stored once by id, and read back as written', async () => {
    const partner = unique('R');
    const record = statement(partner, `st_${partner}`);
    const first = await db().statementTransaction((tx) => tx.insertStatement(record));
    const again = await db().statementTransaction((tx) =>
      tx.insertStatement({ ...record, fingerprint: 'other' }),
    );
    assert.deepEqual([first, again], [true, false]);
    assert.deepEqual(await db().getStatement(record.id), record);
    assert.deepEqual(await db().statementsOf(partner), [record]);
  });

  test('ledger: entries are numbered per partner with a running balance; a reseller credit leaves the balance', async () => {
    const partner = unique('A');
    const record = statement(partner, `st_${partner}`);
    await db().statementTransaction(async (tx) => {
      await tx.insertStatement(record);
      const ledger = await tx.ledger(partner);
      await ledger.append({
        at: '2026-03-05T00:00:00Z',
        type: 'commission',
        statementId: record.id,
        amount: '30.00',
        payableAt: '2026-04-05T00:00:00Z',
      });
      await ledger.append({ at: '2026-03-06T00:00:00Z', type: 'reseller_credit', amount: '10.00' });
      await ledger.append({
        at: '2026-03-07T00:00:00Z',
        type: 'chargeback',
        statementId: record.id,
        amount: '-30.00',
      });
      await ledger.append({ at: '2026-03-08T00:00:00Z', type: 'adjustment', amount: '-4.50' });
    });
    const entries = await db().ledgerEntries(partner);
    assert.deepEqual(
      entries.map((e) => [e.id, e.seq, e.type, e.amount, e.balanceAfter]),
      [
        [`le_${partner.toLowerCase()}_1`, 1, 'commission', '30.00', '30.00'],
        [`le_${partner.toLowerCase()}_2`, 2, 'reseller_credit', '10.00', '30.00'],
        [`le_${partner.toLowerCase()}_3`, 3, 'chargeback', '-30.00', '0.00'],
        [`le_${partner.toLowerCase()}_4`, 4, 'adjustment', '-4.50', '-4.50'],
      ],
    );
    assert.equal(entries[0]!.payableAt, '2026-04-05T00:00:00.000Z');
    assert.deepEqual(
      (await db().ledgerEntries(partner, { afterSeq: 1, limit: 2 })).map((e) => e.seq),
      [2, 3],
    );
  });

  test('ledger: a transaction that throws keeps nothing it wrote', async () => {
    const partner = unique('T');
    const record = statement(partner, `st_${partner}`);
    await assert.rejects(
      db().statementTransaction(async (tx) => {
        await tx.insertStatement(record);
        await (
          await tx.ledger(partner)
        ).append({ at: '2026-03-05T00:00:00Z', type: 'adjustment', amount: '5.00' });
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(await db().getStatement(record.id), null);
    assert.deepEqual(await db().ledgerEntries(partner), []);
  });

  test('ledger: payment and charge-back are recorded once each', async () => {
    const partner = unique('P');
    const record = statement(partner, `st_${partner}`);
    const marks = await db().statementTransaction(async (tx) => {
      await tx.insertStatement(record);
      return [
        await tx.markPaid(record.id, '2026-04-02T00:00:00Z'),
        await tx.markPaid(record.id, '2026-04-03T00:00:00Z'),
        await tx.markChargedBack(record.id, '2026-04-04T00:00:00Z', 'disputed'),
        await tx.markChargedBack(record.id, '2026-04-05T00:00:00Z', null),
      ];
    });
    assert.deepEqual(marks, [true, false, true, false]);
    const stored = await db().getStatement(record.id);
    assert.equal(stored?.paidInFullAt, '2026-04-02T00:00:00.000Z');
    assert.deepEqual(stored?.chargeback, { at: '2026-04-04T00:00:00.000Z', reason: 'disputed' });
  });

  test('ledger: 20 concurrent appends to one partner number 1–20 with no balance lost', async () => {
    const partner = unique('C');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db().settlePartner(partner, (ledger) =>
          ledger.append({ at: '2026-03-05T00:00:00Z', type: 'adjustment', amount: '1.25' }),
        ),
      ),
    );
    const entries = await db().ledgerEntries(partner);
    assert.deepEqual(
      entries.map((e) => e.seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(entries.at(-1)!.balanceAfter, '25.00');
  });

  test("ledger: a month's payout run is made once; the second call gets the first run and writes nothing", async () => {
    const partner = unique('M');
    const month = '2026-03';
    const run = { month, ranAt: '2026-04-02T00:00:00.000Z', cutoff: '2026-04-01T04:00:00.000Z' };
    let calls = 0;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        db().runPayouts(run, async (ledgerOf) => {
          calls++;
          const ledger = await ledgerOf(partner);
          const entry = await ledger.append({
            at: run.cutoff,
            type: 'payout',
            amount: '-30.00',
            payoutId: `po_${month}_${partner}`,
          });
          assert.equal(entry.seq, 1);
          await ledger.insertPayout(payout(partner, month, '30.00'));
        }),
      ),
    );
    assert.equal(calls, 1);
    assert.deepEqual(results.map((r) => r.created).sort(), [false, false, true]);
    for (const { run: stored } of results) {
      assert.deepEqual(stored, { ...run, payouts: [payout(partner, month, '30.00')] });
    }
    assert.deepEqual(await db().getPayoutRun(month), results[0]!.run);
    assert.deepEqual(await db().payoutsOf(partner), [payout(partner, month, '30.00')]);
    assert.equal((await db().ledgerEntries(partner)).length, 1);
  });

  test('ledger: imported referrals are kept per partner', async () => {
    const partner = unique('I');
    const referral = {
      id: `ref_${partner}`,
      partner,
      orderId: null,
      company: 'Old Co',
      signedUpAt: '2011-06-01T04:00:00.000Z',
      monthlyPayments: '120.00',
      createdAt: '2026-03-02T10:00:00.000Z',
    };
    await db().importReferral(referral);
    assert.deepEqual(await db().importedReferralsOf(partner), [referral]);
    assert.deepEqual(await db().importedReferralsOf(unique('X')), []);
  });
}
