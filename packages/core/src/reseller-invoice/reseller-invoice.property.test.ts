import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { resellerPlanInvoice } from './reseller-invoice.js';
import type {
  InvoiceSite,
  ResellerPlanInvoice,
  ResellerPlanInvoiceInput,
  UsageSample,
} from './reseller-invoice.schema.js';

const RUNS = { numRuns: 500 };
const MONEY = /^\d+\.\d{2}$/;
const METRICS = ['storage', 'records', 'emails', 'apiCalls'] as const;
const MINIMUM: Record<string, string> = { USD: '250.00', GBP: '200.00', AUD: '380.00' };
const DAY = 86_400_000;

/** An instant written in UTC or at an offset (whole quarter hours, −12:00 to +14:00). */
function isoAt(t: number, offsetMinutes: number, ms: boolean): string {
  const local = new Date(t + offsetMinutes * 60_000).toISOString();
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  return `${local.slice(0, ms ? 23 : 19)}${zone}`;
}

/** A month between 2000 and 2030, and its UTC bounds worked out with Date.UTC. */
const monthArb = fc
  .record({ year: fc.integer({ min: 2000, max: 2030 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => ({
    text: `${year}-${String(month).padStart(2, '0')}`,
    start: Date.UTC(year, month - 1, 1),
    end: Date.UTC(year, month, 1),
  }));
type Month = { text: string; start: number; end: number };

const offsetArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
);
/** Whole or fractional usage values, as numbers or decimal strings. */
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 30_000 }),
  fc.integer({ min: 0, max: 3_000_000 }).map(String),
  fc.integer({ min: 0, max: 300_000 }).map((n) => new Decimal(n).div(100).toString()),
);

/**
 * A sample at `rel` ms after the month's start, in `[from, to)`; the month
 * is filled in later, so the arbitraries are built once, not per month.
 */
const sampleAt = (from: number, to: number) =>
  fc.record({
    rel: fc.integer({ min: from, max: to - 1 }),
    offset: offsetArb,
    ms: fc.boolean(),
    value: valueArb,
  });
type RelSample = { rel: number; offset: number; ms: boolean; value: string | number };
const materialize = (m: Month, { rel, offset, ms, value }: RelSample): UsageSample => {
  const t = m.start + rel;
  return { at: isoAt(ms ? t : t - (t % 1000), offset, ms), value };
};
/** Samples mostly in the month (its first 28 days always are), some around its edges. */
const samplesArb = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: sampleAt(0, 28 * DAY) },
    { weight: 1, arbitrary: sampleAt(-5 * DAY, 36 * DAY) },
  ),
  { maxLength: 6 },
);
/** Samples certainly outside the month: before its start, or 31 days or more after it. */
const outsideArb = fc.oneof(sampleAt(-40 * DAY, 0), sampleAt(31 * DAY, 71 * DAY));
const usageArb = fc.record(
  Object.fromEntries(METRICS.map((metric) => [metric, samplesArb])) as Record<
    (typeof METRICS)[number],
    fc.Arbitrary<RelSample[]>
  >,
  { requiredKeys: [] },
);

const inputArb = fc
  .record({
    month: monthArb,
    currency: fc.option(fc.constantFrom('USD', 'gbp', 'AUD', ' usd '), { nil: undefined }),
    sites: fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        migrated: fc.option(fc.boolean(), { nil: undefined }),
        usage: usageArb,
      }),
      { selector: (s) => s.id, maxLength: 6 },
    ),
    domains: fc.option(
      fc.uniqueArray(
        fc.record({
          name: fc.stringMatching(/^[a-z]{1,8}\.example$/),
          migrated: fc.option(fc.boolean(), { nil: undefined }),
        }),
        { selector: (d) => d.name, maxLength: 6 },
      ),
      { nil: undefined },
    ),
    allowances: fc.option(
      fc.record(
        {
          freeUnits: fc.integer({ min: 0, max: 3_000 }),
          minimumUnits: fc.integer({ min: 0, max: 20_000 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    discount: fc.option(
      fc.record({
        rate: fc.oneof(
          fc.constantFrom(0, 0.05, '0.2', '0.333', 1),
          fc.integer({ min: 0, max: 100 }).map((p) => new Decimal(p).div(100).toString()),
        ),
      }),
      { nil: undefined },
    ),
  })
  .map(({ month, sites, ...rest }) => ({
    month,
    input: {
      month: month.text,
      ...rest,
      sites: sites.map((site) => ({
        ...site,
        usage: Object.fromEntries(
          Object.entries(site.usage).map(([metric, samples]) => [
            metric,
            samples.map((sample) => materialize(month, sample)),
          ]),
        ),
      })),
    } as ResellerPlanInvoiceInput,
  }));

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));
const withoutTopUp = (inv: ResellerPlanInvoice) =>
  inv.lines.filter((l) => l.product !== 'minimum-monthly-top-up');

/** The same input with each sample list reordered by `keys` and some samples repeated. */
function shuffled(input: ResellerPlanInvoiceInput, seed: number): ResellerPlanInvoiceInput {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state;
  };
  const mix = (samples: UsageSample[] | undefined) => {
    if (samples === undefined) return undefined;
    const repeated = samples.flatMap((s) => (next() % 3 === 0 ? [s, { ...s }] : [s]));
    return repeated
      .map((s) => ({ s, key: next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ s }) => s);
  };
  return {
    ...input,
    sites: input.sites.map((site): InvoiceSite => ({
      ...site,
      usage: Object.fromEntries(
        Object.entries(site.usage).map(([metric, samples]) => [metric, mix(samples)]),
      ),
    })),
  };
}

describe('resellerPlanInvoice properties (fast-check)', () => {
  test('totals are the sums of the lines; net = amount − discount; every amount is ≥ 0, 2 places', () => {
    fc.assert(
      fc.property(inputArb, ({ input }) => {
        const inv = resellerPlanInvoice(input);
        for (const line of inv.lines) {
          for (const money of [line.amount, line.discount, line.net]) assert.match(money, MONEY);
          // Nothing is negative: free items are counts, discounts are subtracted amounts.
          assert.ok(new Decimal(line.discount).lte(line.amount), line.explain);
          assert.equal(new Decimal(line.amount).minus(line.discount).toFixed(2), line.net);
          assert.equal(line.free + line.billable, line.quantity);
          assert.ok(line.free >= 0 && line.billable >= 0);
        }
        assert.equal(sum(inv.lines.map((l) => l.net)).toFixed(2), inv.totals.total);
        assert.equal(sum(inv.lines.map((l) => l.amount)).toFixed(2), inv.totals.subtotal);
        assert.equal(sum(inv.lines.map((l) => l.discount)).toFixed(2), inv.totals.discount);
      }),
      RUNS,
    );
  });

  test('the minimum never lowers a bill: total ≥ the lines without the top-up, and ≥ the minimum', () => {
    fc.assert(
      fc.property(inputArb, ({ input }) => {
        const inv = resellerPlanInvoice(input);
        const before = sum(withoutTopUp(inv).map((l) => l.net));
        const total = new Decimal(inv.totals.total);
        const minimum = MINIMUM[inv.currency]!;
        assert.ok(total.gte(before));
        assert.ok(total.gte(minimum));
        // a top-up only when the rest is below the minimum, and then exactly to it
        const topUp = inv.lines.find((l) => l.product === 'minimum-monthly-top-up');
        assert.equal(topUp !== undefined, before.lt(minimum));
        if (topUp !== undefined) assert.equal(inv.totals.total, minimum);
      }),
      RUNS,
    );
  });

  test('reordering and repeating samples changes nothing', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), ({ input }, seed) => {
        assert.deepEqual(resellerPlanInvoice(shuffled(input, seed)), resellerPlanInvoice(input));
      }),
      RUNS,
    );
  });

  test('samples outside the month change nothing', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...METRICS), outsideArb), { maxLength: 8 }),
        ({ month, input }, extra) => {
          fc.pre(input.sites.length > 0);
          const more: ResellerPlanInvoiceInput = {
            ...input,
            sites: input.sites.map((site, i) => {
              const usage = { ...site.usage };
              for (const [n, metric, s] of extra) {
                if (n % input.sites.length === i) {
                  usage[metric] = [...(usage[metric] ?? []), materialize(month, s)];
                }
              }
              return { ...site, usage };
            }),
          };
          assert.deepEqual(resellerPlanInvoice(more), resellerPlanInvoice(input));
        },
      ),
      RUNS,
    );
  });

  test('the legacy discount never touches Units and never raises a bill', () => {
    fc.assert(
      fc.property(inputArb, ({ input }) => {
        const withDiscount = resellerPlanInvoice(input);
        const without = resellerPlanInvoice({ ...input, discount: undefined });
        const units = (inv: ResellerPlanInvoice) => inv.lines.find((l) => l.product === 'units');
        assert.deepEqual(units(withDiscount), units(without));
        assert.ok(
          new Decimal(withDiscount.totals.total).lte(without.totals.total),
          `${withDiscount.totals.total} > ${without.totals.total}`,
        );
      }),
      RUNS,
    );
  });

  test('more usage never lowers a bill', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom(...METRICS),
        fc.nat(),
        ({ month, input }, metric, n) => {
          fc.pre(input.sites.length > 0);
          const i = n % input.sites.length;
          const site = input.sites[i]!;
          const bigger: ResellerPlanInvoiceInput = {
            ...input,
            sites: input.sites.map((s, j) =>
              j === i
                ? {
                    ...site,
                    usage: {
                      ...site.usage,
                      [metric]: [
                        ...(site.usage[metric] ?? []),
                        { at: new Date(month.start + DAY).toISOString(), value: 50_000 },
                      ],
                    },
                  }
                : s,
            ),
          };
          assert.ok(
            new Decimal(resellerPlanInvoice(bigger).totals.total).gte(
              resellerPlanInvoice(input).totals.total,
            ),
          );
        },
      ),
      RUNS,
    );
  });

  test('USD agrees with an oracle in whole cents, written from the seed and the price book', () => {
    // Whole-number usage and whole-percent rates keep every figure in integer cents.
    const oracleInput = fc.record({
      month: monthArb,
      sites: fc.array(
        fc.record({
          migrated: fc.boolean(),
          // [metric, ms from the month's start, value]
          samples: fc.array(
            fc.tuple(
              fc.constantFrom(...METRICS),
              fc.integer({ min: -3 * DAY, max: 34 * DAY }),
              fc.integer({ min: 0, max: 200_000 }),
            ),
            { maxLength: 8 },
          ),
        }),
        { maxLength: 8 },
      ),
      domains: fc.array(fc.boolean(), { maxLength: 8 }),
      freeUnits: fc.integer({ min: 0, max: 2_000 }),
      minimumUnits: fc.integer({ min: 0, max: 15_000 }),
      percent: fc.integer({ min: 0, max: 100 }),
    });
    const perUnit = { storage: 1, records: 1_000, emails: 1_000, apiCalls: 10_000 };
    fc.assert(
      fc.property(oracleInput, (o) => {
        // --- the oracle ---
        let used = 0;
        for (const site of o.sites) {
          for (const metric of METRICS) {
            const inMonth = site.samples
              .filter(([m, rel]) => {
                const t = o.month.start + rel;
                return m === metric && t >= o.month.start && t < o.month.end;
              })
              .map(([, , v]) => v);
            if (inMonth.length > 0) used += Math.ceil(Math.max(...inMonth) / perUnit[metric]);
          }
        }
        const counted = Math.max(used, o.minimumUnits);
        const b = Math.max(0, counted - 100 - o.freeUnits);
        const unitsCents =
          10 * Math.min(b, 1_000) +
          5 * Math.max(0, Math.min(b, 10_000) - 1_000) +
          2 * Math.max(0, b - 10_000);
        const items = (migratedFlags: boolean[], priceCents: number) => {
          const n = migratedFlags.length;
          const migrated = migratedFlags.filter(Boolean).length;
          const freeMigrated = n > 0 && migrated === n ? 1 : 0;
          const discounted = migrated - freeMigrated;
          // priceCents × discounted × percent / 100: whole cents for 2500 and 500
          return priceCents * Math.max(0, n - 1) - (priceCents / 100) * discounted * o.percent;
        };
        const before =
          items(
            o.sites.map((s) => s.migrated),
            2_500,
          ) +
          items(o.domains, 500) +
          unitsCents;
        const totalCents = Math.max(before, 25_000);
        const expected = `${Math.floor(totalCents / 100)}.${String(totalCents % 100).padStart(2, '0')}`;

        // --- the function ---
        const inv = resellerPlanInvoice({
          month: o.month.text,
          sites: o.sites.map((s, i) => ({
            id: `site-${i}`,
            migrated: s.migrated,
            usage: Object.fromEntries(
              METRICS.map((metric) => [
                metric,
                s.samples
                  .filter(([m]) => m === metric)
                  .map(([, rel, value]) => ({
                    at: new Date(o.month.start + rel).toISOString(),
                    value,
                  })),
              ]),
            ),
          })),
          domains: o.domains.map((migrated, i) => ({ name: `d${i}.example`, migrated })),
          allowances: { freeUnits: o.freeUnits, minimumUnits: o.minimumUnits },
          discount: { rate: `${o.percent / 100}` },
        });
        assert.equal(inv.totals.total, expected);
      }),
      { numRuns: 1000 },
    );
  });
});
