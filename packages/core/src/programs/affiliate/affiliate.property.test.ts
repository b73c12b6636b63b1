import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  affiliateCommissionRate,
  effectiveCommissionRate,
  referralCommission,
} from './affiliate.js';
import { commissionLedger, payout } from './payout.js';
import type { PayoutMethod } from './affiliate.schema.js';

const RUNS = { numRuns: 1000 };

/** Cents as a money string, 0.00 – 2,000.00 (both tier edges and far past them). */
const money = fc.integer({ min: 0, max: 200_000 }).map((c) => (c / 100).toFixed(2));
/** A rate with up to four digits, 0 – 1. */
const rate = fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).div(10_000).toString());
/** An offer-code discount, 0 – 0.10. */
const discount = fc
  .integer({ min: 0, max: 1000 })
  .map((n) => new Decimal(n).div(10_000).toString());
const dec = (text: string) => new Decimal(text);

describe('affiliate properties (fast-check, 1,000 runs each)', () => {
  test('the effective rate is in [0, rate]', () => {
    fc.assert(
      fc.property(rate, discount, (c, d) => {
        const effective = dec(effectiveCommissionRate(c, d));
        assert.ok(effective.gte(0) && effective.lte(c), `${c} − ${d} → ${effective}`);
        assert.ok(effective.eq(Decimal.max(0, dec(c).minus(d))));
      }),
      RUNS,
    );
  });

  test('a commission is never negative, never above value × rate, and rounds value × effective rate half-up', () => {
    const referee = fc.record({
      signedUpAt: fc.constantFrom('2011-05-01', '2012-03-01', '2024-06-30T12:00:00Z'),
      selfReferral: fc.boolean(),
      resellerAccount: fc.boolean(),
    });
    fc.assert(
      fc.property(money, rate, discount, referee, (monthlyValue, c, d, who) => {
        const { amount, reason } = referralCommission({
          monthlyValue,
          rate: c,
          discountRate: d,
          referee: who,
        });
        const paid = dec(amount);
        assert.match(amount, /^\d+\.\d{2}$/);
        assert.ok(paid.gte(0));
        assert.ok(paid.lte(dec(monthlyValue).times(c).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)));
        if (reason === undefined) {
          const expected = dec(monthlyValue)
            .times(dec(c).minus(d))
            .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
          assert.ok(paid.eq(expected), `${monthlyValue} × (${c} − ${d}) → ${amount}`);
        } else {
          assert.equal(amount, '0.00');
        }
      }),
      RUNS,
    );
  });

  test('a higher total never gives a lower rate, nor leaves the contact-sales tier', () => {
    const negotiated = fc.option(
      fc.integer({ min: 1000, max: 5000 }).map((n) => (n / 10_000).toFixed(4)),
      { nil: undefined },
    );
    fc.assert(
      fc.property(money, money, negotiated, (a, b, negotiatedRate) => {
        const [low, high] = dec(a).lte(b) ? [a, b] : [b, a];
        const options = negotiatedRate === undefined ? {} : { negotiatedRate };
        const lower = affiliateCommissionRate(low, options);
        const higher = affiliateCommissionRate(high, options);
        assert.ok(
          dec(higher.rate).gte(lower.rate),
          `${low} → ${lower.rate}, ${high} → ${higher.rate}`,
        );
        assert.ok(!lower.contactSales || higher.contactSales);
      }),
      RUNS,
    );
  });

  test('a payout pays the whole balance or nothing: paid + carried = balance', () => {
    const balance = fc.integer({ min: -10_000, max: 10_000 }).map((c) => (c / 100).toFixed(2));
    const method = fc.constantFrom<PayoutMethod>('check', 'paypal', 'account_credit');
    fc.assert(
      fc.property(balance, method, fc.constantFrom('US', 'CA'), (b, m, country) => {
        const { paid, carried } = payout({ balance: b, method: m, country });
        assert.ok(dec(paid).plus(carried).eq(b));
        assert.ok(paid === '0.00' || paid === b);
        if (paid !== '0.00') assert.ok(dec(paid).gte(25));
      }),
      RUNS,
    );
  });

  test('the ledger adds up: balance = carried + pending, and each month moves it by granted − charged back − paid', () => {
    const day = fc.integer({ min: 0, max: 364 });
    const statement = fc.record({
      commission: money.map((m) => (Number(m) / 10).toFixed(2)),
      paid: fc.option(day, { nil: null }),
      since: fc.integer({ min: -60, max: 364 }),
      chargeback: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    });
    const at = (days: number) => new Date(Date.UTC(2024, 0, 1, 17) + days * 86_400_000);
    fc.assert(
      fc.property(
        fc.array(statement, { maxLength: 12 }),
        fc.constantFrom<PayoutMethod>('check', 'paypal', 'account_credit'),
        (generated, payoutMethod) => {
          const statements = generated.map((s, i) => ({
            id: `s${i}`,
            commission: s.commission,
            paidInFullAt: s.paid === null ? null : at(s.paid),
            customerSince: at(Math.min(s.since, s.paid ?? s.since)),
          }));
          const chargebacks = generated.flatMap((s, i) =>
            s.paid === null || s.chargeback === undefined
              ? []
              : [{ statementId: `s${i}`, at: at(s.paid + s.chargeback) }],
          );
          const rows = commissionLedger({
            statements,
            chargebacks,
            payoutMethod,
            country: 'US',
            from: '2024-01',
            months: 18,
          });
          let previous = new Decimal(0);
          let grantedTotal = new Decimal(0);
          for (const row of rows) {
            assert.ok(dec(row.balance).eq(dec(row.carried).plus(row.pending)));
            assert.ok(dec(row.pending).gte(0));
            assert.ok(
              dec(row.balance).eq(
                previous.plus(row.granted).minus(row.chargedBack).minus(row.paid),
              ),
            );
            previous = dec(row.balance);
            grantedTotal = grantedTotal.plus(row.granted);
          }
          const paid = generated.reduce(
            (sum, s) => (s.paid === null ? sum : sum.plus(s.commission)),
            new Decimal(0),
          );
          assert.ok(grantedTotal.eq(paid), 'every paid statement is granted once');
        },
      ),
      RUNS,
    );
  });
});
