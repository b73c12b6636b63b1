import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { resellerMonthEnd } from './month-end.js';
import type { ResellerMonthEndInput } from './web-hosting.schema.js';

const RUNS = { numRuns: 1000 };
const DAY = 86_400_000;
const PLANS = ['starter', 'business', 'ecommerce'];
const TLDS = ['com', 'net', 'org', 'co.uk', 'co.nz'];
const CUSTOMERS = ['acme', 'bakery', 'cafe', 'dental'];

/** A UTC day from 2023-11-01 to 2024-08-31, as "YYYY-MM-DD". */
const dayNumber = fc.integer({ min: 0, max: 304 });
const dayText = (n: number) => new Date(Date.UTC(2023, 10, 1) + n * DAY).toISOString().slice(0, 10);
const money = fc.integer({ min: 0, max: 20_000 }).map((c) => (c / 100).toFixed(2));
const dec = (text: string) => new Decimal(text);
const sum = (texts: string[]) => texts.reduce((total, t) => total.plus(t), new Decimal(0));

const siteArb = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  plan: fc.constantFrom(...PLANS),
  from: dayNumber,
  length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
});
const domainArb = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  tld: fc.constantFrom(...TLDS),
  action: fc.constantFrom('register' as const, 'renew' as const),
  at: dayNumber,
});
const rateSet = fc.record(
  {
    plans: fc.dictionary(fc.constantFrom(...PLANS), money),
    domains: fc.dictionary(
      fc.constantFrom(...TLDS),
      fc.record({ register: money, renew: money }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
);
const clientRatesArb = fc.option(
  fc.record(
    {
      plans: fc.dictionary(fc.constantFrom(...PLANS), money),
      domains: fc.dictionary(
        fc.constantFrom(...TLDS),
        fc.record({ register: money, renew: money }, { requiredKeys: [] }),
      ),
      customers: fc.dictionary(fc.constantFrom(...CUSTOMERS), rateSet),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
/** A month from 2023-12 to 2024-07. */
const monthArb = fc
  .integer({ min: 0, max: 7 })
  .map((i) => new Date(Date.UTC(2023, 11 + i, 1)).toISOString().slice(0, 7));

const inputArb = fc
  .record({
    month: monthArb,
    sites: fc.array(siteArb, { maxLength: 12 }),
    domains: fc.array(domainArb, { maxLength: 8 }),
    clientRates: clientRatesArb,
  })
  .map(({ month, sites, domains, clientRates }) => {
    const input: ResellerMonthEndInput = {
      month,
      sites: sites.map((s, i) => ({
        id: `site-${i}`,
        customer: s.customer,
        plan: s.plan,
        liveFrom: dayText(s.from),
        ...(s.length === undefined ? {} : { liveTo: dayText(s.from + s.length) }),
      })),
      // A name of its own per event: no domain is registered or renewed twice.
      domains: domains.map((d, i) => ({
        name: `name${i}.${d.tld}`,
        customer: d.customer,
        action: d.action,
        at: dayText(d.at),
      })),
      ...(clientRates === undefined ? {} : { clientRates }),
    };
    return input;
  });

/** An oracle: the UTC days of the month, from the calendar alone. */
function monthDays(month: string): [first: string, last: string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

describe('resellerMonthEnd properties (fast-check, 1,000 runs each)', () => {
  test('the invoice total is the sum of its lines, hosting plus domains; each line is unitAmount × quantity', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { invoice } = resellerMonthEnd(input);
        const hosting = invoice.lines.filter((l) => l.type === 'hosting');
        const domains = invoice.lines.filter((l) => l.type === 'domain');
        assert.equal(sum(invoice.lines.map((l) => l.amount)).toFixed(2), invoice.totals.total);
        assert.equal(sum(hosting.map((l) => l.amount)).toFixed(2), invoice.totals.hosting);
        assert.equal(sum(domains.map((l) => l.amount)).toFixed(2), invoice.totals.domains);
        for (const line of invoice.lines) {
          assert.equal(dec(line.unitAmount).times(line.quantity).toFixed(2), line.amount);
        }
      }),
      RUNS,
    );
  });

  test('no line of the invoice is negative, and every amount has two decimals', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = resellerMonthEnd(input);
        for (const line of result.invoice.lines) {
          assert.match(line.amount, /^\d+\.\d{2}$/);
          assert.match(line.unitAmount, /^\d+\.\d{2}$/);
          assert.ok(line.quantity >= 1);
        }
        for (const customer of result.customers) {
          for (const line of customer.lines) {
            assert.match(line.amount, /^\d+\.\d{2}$/);
            assert.match(line.cost, /^\d+\.\d{2}$/);
          }
        }
      }),
      RUNS,
    );
  });

  test('per-customer margins sum to the overall margin, and their vendor costs to the invoice total', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = resellerMonthEnd(input);
        const margins = sum(result.customers.map((c) => c.margin));
        assert.equal(margins.toFixed(2), result.totals.margin);
        assert.equal(
          sum(result.customers.map((c) => c.vendorCost)).toFixed(2),
          result.invoice.totals.total,
        );
        assert.equal(result.totals.vendorCost, result.invoice.totals.total);
        assert.equal(
          dec(result.totals.clientTotal).minus(result.totals.vendorCost).toFixed(2),
          result.totals.margin,
        );
        for (const customer of result.customers) {
          assert.equal(sum(customer.lines.map((l) => l.margin)).toFixed(2), customer.margin);
          assert.equal(
            dec(customer.clientTotal).minus(customer.vendorCost).toFixed(2),
            customer.margin,
          );
        }
      }),
      RUNS,
    );
  });

  test('a site not live in the month is never billed; a site live on any day of it is billed once, for the whole month', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = resellerMonthEnd(input);
        const [first, last] = monthDays(input.month);
        const onInvoice = result.invoice.lines.flatMap((l) =>
          l.type === 'hosting' ? l.sites : [],
        );
        const onClientBills = result.customers.flatMap((c) =>
          c.lines.flatMap((l) => (l.type === 'hosting' ? [l.site] : [])),
        );
        for (const site of input.sites) {
          // ISO day strings compare as dates.
          const from = site.liveFrom as string;
          const to = site.liveTo as string | undefined;
          const live = from <= last && (to === undefined || to >= first);
          const times = onInvoice.filter((id) => id === site.id).length;
          assert.equal(times, live ? 1 : 0, `${site.id} ${from}–${to ?? '…'} in ${input.month}`);
          assert.equal(onClientBills.filter((id) => id === site.id).length, live ? 1 : 0);
        }
      }),
      RUNS,
    );
  });

  test('a domain is billed exactly when it was registered or renewed in the month', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = resellerMonthEnd(input);
        const [first, last] = monthDays(input.month);
        const billed = result.invoice.lines.flatMap((l) => (l.type === 'domain' ? [l.domain] : []));
        for (const domain of input.domains ?? []) {
          const at = domain.at as string;
          assert.equal(billed.includes(domain.name), at >= first && at <= last);
        }
      }),
      RUNS,
    );
  });

  test('every billed site without a rate of the reseller gets a no_client_rate warning, and no other site does', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = resellerMonthEnd(input);
        const billed = new Set(
          result.invoice.lines.flatMap((l) => (l.type === 'hosting' ? l.sites : [])),
        );
        const rates = input.clientRates;
        const suggested = input.sites
          .filter(
            (s) =>
              billed.has(s.id) &&
              rates?.customers?.[s.customer]?.plans?.[s.plan] === undefined &&
              rates?.plans?.[s.plan] === undefined,
          )
          .map((s) => s.id);
        const warned = result.warnings
          .filter((w) => w.code === 'no_client_rate')
          .map((w) => w.site);
        assert.deepEqual([...warned].sort(), [...suggested].sort());
      }),
      RUNS,
    );
  });
});
