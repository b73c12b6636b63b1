import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { slaDeadlines } from './sla.js';
import { supportCost } from './support.js';

const RUNS = { numRuns: 1000 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * An oracle that knows no time zone database: New York's 2024 offsets by
 * the US rule (EDT from 2024-03-10 07:00Z to 2024-11-03 06:00Z), counting
 * business minutes one at a time.
 */
function urgentStartOracle(created: number): number {
  const offset = (t: number) =>
    t >= Date.UTC(2024, 2, 10, 7) && t < Date.UTC(2024, 10, 3, 6) ? -4 * HOUR : -5 * HOUR;
  const open = (t: number) => {
    const hour = new Date(t + offset(t)).getUTCHours();
    return hour >= 9 && hour < 23;
  };
  let left = 4 * 60;
  let t = created;
  while (left > 0) {
    if (open(t)) left -= 1;
    t += MINUTE;
  }
  return t;
}

describe('support properties (fast-check, 1,000 runs each)', () => {
  test('urgent starts within 4 business hours, 09:00–23:00 New York time, through all of 2024', () => {
    const minuteOf2024 = fc
      .integer({ min: 0, max: 366 * 24 * 60 - 24 * 60 })
      .map((m) => Date.UTC(2024, 0, 1, 5) + m * MINUTE);
    fc.assert(
      fc.property(minuteOf2024, (created) => {
        const { startBy } = slaDeadlines('urgent', new Date(created));
        assert.equal(startBy, new Date(urgentStartOracle(created)).toISOString());
      }),
      RUNS,
    );
  });

  test('the dense days around both 2024 changes agree with the oracle', () => {
    const nearChange = fc
      .tuple(
        fc.constantFrom(Date.UTC(2024, 2, 8, 5), Date.UTC(2024, 10, 1, 4)),
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
      )
      .map(([start, m]) => start + m * MINUTE);
    fc.assert(
      fc.property(nearChange, (created) => {
        assert.equal(
          slaDeadlines('urgent', new Date(created)).startBy,
          new Date(urgentStartOracle(created)).toISOString(),
        );
      }),
      RUNS,
    );
  });

  test('token costs: at least 25.00 a paid ticket; cheapest is the least; breakEven is the first count dearer than flat', () => {
    const count = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.record({ standard: count, urgent: count, emergency: count, informational: count }),
        fc.integer({ min: 1, max: 6000 }).map((c) => (c / 100).toFixed(2)),
        (users, tickets, tokenPrice) => {
          const cost = supportCost({ plan: 'dedicated', users, tickets, tokenPrice });
          const paidTickets = tickets.standard + tickets.urgent + tickets.emergency;
          assert.ok(new Decimal(cost.tokens!.cost).gte(25 * paidTickets));
          const options = {
            flatUsers: cost.flatUsers!,
            flatAdmins: cost.flatAdmins!,
            tokens: cost.tokens!.cost,
          };
          const least = Decimal.min(...Object.values(options));
          assert.ok(least.eq(options[cost.cheapest]));
          for (const priority of ['standard', 'urgent', 'emergency'] as const) {
            const n = cost.breakEven![priority]!;
            const one = supportCost({
              plan: 'dedicated',
              users,
              tickets: { [priority]: 1 },
              tokenPrice,
            });
            const each = new Decimal(one.tokens!.cost);
            assert.ok(each.times(n).gt(cost.flatAdmins!));
            assert.ok(each.times(n - 1).lte(cost.flatAdmins!));
          }
        },
      ),
      RUNS,
    );
  });
});
