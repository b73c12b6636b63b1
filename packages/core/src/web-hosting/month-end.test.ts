import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../../test/assert.js';
import { catalogs } from '../catalogs/index.js';
import { QuotekitError, type ErrorCode } from '../errors.js';
import { parseWebHostingCatalog } from './catalog.js';
import { resellerMonthEnd } from './month-end.js';
import type { ResellerMonthEndInput, WebHostingCatalog } from './web-hosting.schema.js';

/*
 * Seed 002 publishes no price. The expected figures below are worked out by
 * hand from the sample rates of catalogs/web-hosting.ts, per site a month and
 * per domain a year (reseller / suggested retail):
 *   starter 8.00 / 15.00, business 15.00 / 29.00, ecommerce 30.00 / 59.00;
 *   .com register 10.00 / 15.00, renew 12.00 / 18.00;
 *   .net register 12.00 / 17.00, renew 13.00 / 19.00;
 *   .org register 11.00 / 16.00, renew 12.50 / 18.00;
 *   .co.uk register and renew 7.00 / 12.00; .co.nz 20.00 / 30.00.
 */

type Site = ResellerMonthEndInput['sites'][number];
const site = (id: string, plan: string, liveFrom: string | Date, liveTo?: string | Date): Site => ({
  id,
  customer: 'acme',
  plan,
  liveFrom,
  ...(liveTo === undefined ? {} : { liveTo }),
});
const billedIds = (input: ResellerMonthEndInput): string[] =>
  resellerMonthEnd(input).invoice.lines.flatMap((line) =>
    line.type === 'hosting' ? line.sites : [],
  );

describe('catalogs.webHosting', () => {
  test('ships every plan and TLD with a reseller and a suggested retail rate, all marked samples (seed 002 names no price)', () => {
    const catalog = catalogs.webHosting;
    assert.equal(catalog.currency, 'USD');
    assert.deepEqual(
      catalog.plans.map((p) => [p.id, p.reseller, p.retail, p.samplePrice]),
      [
        ['starter', '8.00', '15.00', true],
        ['business', '15.00', '29.00', true],
        ['ecommerce', '30.00', '59.00', true],
      ],
    );
    assert.deepEqual(
      catalog.domains.map((d) => d.tld),
      ['com', 'net', 'org', 'co.uk', 'co.nz'],
    );
    assert.ok(catalog.domains.every((d) => d.samplePrice === true));
    assert.ok(Object.isFrozen(catalog) && Object.isFrozen(catalog.plans[0]));
    assert.equal(catalogs.webHosting, catalog, 'validated once');
  });

  const rows: [rule: string, change: (c: Record<string, unknown>) => void][] = [
    ['a plan id twice', (c) => (c.plans = [...(c.plans as object[]), (c.plans as object[])[0]])],
    ['a TLD twice', (c) => (c.domains = [...(c.domains as object[]), (c.domains as object[])[0]])],
    [
      'a TLD with a leading dot',
      (c) => (c.domains = [{ ...(c.domains as object[])[0], tld: '.com' }]),
    ],
    ['a currency not written as an ISO 4217 code', (c) => (c.currency = 'usd')],
    ['a negative rate', (c) => (c.plans = [{ ...(c.plans as object[])[0], reseller: '-1.00' }])],
    ['no plans', (c) => (c.plans = [])],
  ];
  for (const [rule, change] of rows) {
    test(`a catalog with ${rule} → invalid_catalog`, () => {
      const copy = structuredClone(catalogs.webHosting) as unknown as Record<string, unknown>;
      change(copy);
      throwsCode(() => parseWebHostingCatalog(copy), 'invalid_catalog');
    });
  }
});

describe('seed 002: "We also invoice at the same time you for any web hosting fees incurred. Web hosting fees are applied as per the hosting plan chosen, at standard reseller discounted rates"', () => {
  test('one line per plan, sites × the plan reseller rate, in catalog plan order', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [
        site('b1', 'business', '2024-01-10'),
        site('s1', 'starter', '2024-02-01'),
        site('b2', 'business', '2024-05-03'),
        site('e1', 'ecommerce', '2023-11-30'),
        site('b3', 'business', '2024-04-01', '2024-05-02'),
        site('s2', 'starter', '2024-05-31'),
      ],
    });
    // starter 2 × 8.00 = 16.00; business 3 × 15.00 = 45.00; ecommerce 1 × 30.00 = 30.00.
    assert.deepEqual(
      result.invoice.lines.map((l) => [l.type, l.quantity, l.unitAmount, l.amount]),
      [
        ['hosting', 2, '8.00', '16.00'],
        ['hosting', 3, '15.00', '45.00'],
        ['hosting', 1, '30.00', '30.00'],
      ],
    );
    assert.deepEqual(
      result.invoice.lines.map((l) => (l.type === 'hosting' ? l.sites : [])),
      [['s1', 's2'], ['b1', 'b2', 'b3'], ['e1']],
    );
    // 16.00 + 45.00 + 30.00 = 91.00
    assert.deepEqual(result.invoice.totals, { hosting: '91.00', domains: '0.00', total: '91.00' });
  });

  test('"(make sure it is on the right hosting plan first)": a site is billed on the plan given; a plan the catalog lacks → invalid_plan', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [site('a', 'ecommerce', '2024-05-01')],
    });
    assert.equal(result.invoice.totals.total, '30.00');
    throwsCode(
      () => resellerMonthEnd({ month: '2024-05', sites: [site('a', 'gold', '2024-05-01')] }),
      'invalid_plan',
    );
  });

  test('no sites and no domains: an invoice of 0.00', () => {
    const result = resellerMonthEnd({ month: '2024-05', sites: [] });
    assert.deepEqual(result.invoice, {
      lines: [],
      totals: { hosting: '0.00', domains: '0.00', total: '0.00' },
    });
    assert.deepEqual(result.customers, []);
    assert.deepEqual(result.totals, { vendorCost: '0.00', clientTotal: '0.00', margin: '0.00' });
  });
});

describe('reading (the seed is silent on proration): a site live on any UTC day of the month, liveFrom to liveTo inclusive, is billed for the whole month', () => {
  const rows: [
    rule: string,
    month: string,
    liveFrom: string | Date,
    liveTo: string | Date | undefined,
    billed: boolean,
  ][] = [
    ['live all month, no liveTo', '2024-05', '2024-01-01', undefined, true],
    ['goes live on the last day', '2024-05', '2024-05-31', undefined, true],
    ['goes live the day after the month', '2024-05', '2024-06-01', undefined, false],
    ['taken down on the first day (inclusive)', '2024-05', '2024-03-01', '2024-05-01', true],
    ['taken down the day before the month', '2024-05', '2024-03-01', '2024-04-30', false],
    ['live for one day mid-month', '2024-05', '2024-05-15', '2024-05-15', true],
    ['live from before to after the month', '2024-05', '2024-04-30', '2024-06-01', true],
    ['live only the month before', '2024-05', '2024-04-01', '2024-04-30', false],
    ['live only the month after', '2024-05', '2024-06-01', '2024-06-30', false],
    ['29 February in a leap year', '2024-02', '2024-02-29', undefined, true],
    ['1 March is not February', '2024-02', '2024-03-01', undefined, false],
    ['31 December is in December', '2024-12', '2024-12-31', '2025-01-05', true],
    [
      'UTC: 23:30 at UTC−01:00 on 31 May is 00:30 UTC on 1 June',
      '2024-05',
      '2024-05-31T23:30:00-01:00',
      undefined,
      false,
    ],
    [
      'UTC: 00:30 at UTC+02:00 on 1 June is 22:30 UTC on 31 May',
      '2024-05',
      '2024-06-01T00:30:00+02:00',
      undefined,
      true,
    ],
    [
      'UTC: taken down 23:30 at UTC−01:00 on 30 April is 1 May UTC',
      '2024-05',
      '2024-03-01',
      '2024-04-30T23:30:00-01:00',
      true,
    ],
    [
      'a Date counts on its UTC day',
      '2024-05',
      new Date(Date.UTC(2024, 4, 31, 23, 59)),
      undefined,
      true,
    ],
  ];
  for (const [rule, month, liveFrom, liveTo, billed] of rows) {
    test(`${rule} → ${billed ? 'billed' : 'not billed'}`, () => {
      const input = { month, sites: [site('x', 'business', liveFrom, liveTo)] };
      assert.deepEqual(billedIds(input), billed ? ['x'] : []);
      // Billed means the full month: 15.00 for business, never a part of it.
      assert.equal(resellerMonthEnd(input).invoice.totals.total, billed ? '15.00' : '0.00');
    });
  }

  test('the period is the month in UTC days', () => {
    assert.deepEqual(resellerMonthEnd({ month: '2024-02', sites: [] }).period, {
      from: '2024-02-01',
      to: '2024-02-29',
    });
    assert.deepEqual(resellerMonthEnd({ month: '2023-02', sites: [] }).period, {
      from: '2023-02-01',
      to: '2023-02-28',
    });
  });
});

describe('seed 002: "At the end of each month, we invoice you for any domain names registered, or renewed, at our discounted rates."', () => {
  const rows: [
    rule: string,
    name: string,
    action: 'register' | 'renew',
    at: string,
    line: [tld: string, amount: string] | null,
  ][] = [
    [
      'a .com registered in the month: 10.00',
      'example.com',
      'register',
      '2024-05-02',
      ['com', '10.00'],
    ],
    ['a .com renewed in the month: 12.00', 'example.com', 'renew', '2024-05-31', ['com', '12.00']],
    ['a .net registered: 12.00', 'example.net', 'register', '2024-05-10', ['net', '12.00']],
    ['a .org renewed: 12.50', 'example.org', 'renew', '2024-05-10', ['org', '12.50']],
    [
      'a .co.uk (the longest TLD the catalog sells): 7.00',
      'shop.co.uk',
      'register',
      '2024-05-10',
      ['co.uk', '7.00'],
    ],
    ['a .co.nz renewed: 20.00', 'kiwi.co.nz', 'renew', '2024-05-01', ['co.nz', '20.00']],
    [
      'a name in capitals is read in lower case',
      ' Example.COM ',
      'register',
      '2024-05-10',
      ['com', '10.00'],
    ],
    [
      'registered the month before: not on this invoice',
      'example.com',
      'register',
      '2024-04-30',
      null,
    ],
    ['renewed the month after: not on this invoice', 'example.com', 'renew', '2024-06-01', null],
    [
      'UTC: 23:00 at UTC−02:00 on 31 May is 1 June',
      'example.com',
      'renew',
      '2024-05-31T23:00:00-02:00',
      null,
    ],
  ];
  for (const [rule, name, action, at, line] of rows) {
    test(`${rule}`, () => {
      const result = resellerMonthEnd({
        month: '2024-05',
        sites: [],
        domains: [{ name, customer: 'acme', action, at }],
      });
      const lines = result.invoice.lines;
      if (line === null) {
        assert.deepEqual(lines, []);
        return;
      }
      assert.equal(lines.length, 1);
      const [tld, amount] = line;
      assert.deepEqual(
        lines.map(
          (l) => l.type === 'domain' && [l.domain, l.tld, l.action, l.unitAmount, l.amount],
        ),
        [[name.trim().toLowerCase(), tld, action, amount, amount]],
      );
      assert.deepEqual(result.invoice.totals, { hosting: '0.00', domains: amount, total: amount });
    });
  }

  test('"If you register any domains for your customers, you can do that yourself, (we invoice later)": hosting and domains on one invoice, domains by day', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [site('b1', 'business', '2024-05-01'), site('s1', 'starter', '2024-05-01')],
      domains: [
        { name: 'late.net', customer: 'acme', action: 'renew', at: '2024-05-30' },
        { name: 'early.com', customer: 'acme', action: 'register', at: '2024-05-02' },
        { name: 'early.com', customer: 'acme', action: 'renew', at: '2024-04-02' },
      ],
    });
    assert.deepEqual(
      result.invoice.lines.map((l) => (l.type === 'hosting' ? l.plan : `${l.domain} ${l.at}`)),
      ['starter', 'business', 'early.com 2024-05-02', 'late.net 2024-05-30'],
    );
    // hosting 8.00 + 15.00 = 23.00; domains 10.00 + 13.00 = 23.00; total 46.00
    assert.deepEqual(result.invoice.totals, { hosting: '23.00', domains: '23.00', total: '46.00' });
  });
});

describe('seed 002: "You invoice your customers directly, for hosting fees at your own rates."', () => {
  const input: ResellerMonthEndInput = {
    month: '2024-05',
    sites: [
      { id: 'a-web', customer: 'acme', plan: 'business', liveFrom: '2024-02-01' },
      { id: 'a-shop', customer: 'acme', plan: 'ecommerce', liveFrom: '2024-05-20' },
      { id: 'b-web', customer: 'bakery', plan: 'starter', liveFrom: '2024-01-01' },
      { id: 'c-web', customer: 'cafe', plan: 'business', liveFrom: '2024-03-01' },
      {
        id: 'gone',
        customer: 'cafe',
        plan: 'business',
        liveFrom: '2023-01-01',
        liveTo: '2024-04-30',
      },
    ],
    domains: [
      { name: 'acme.com', customer: 'acme', action: 'register', at: '2024-05-18' },
      { name: 'bakery.co.uk', customer: 'bakery', action: 'renew', at: '2024-05-05' },
      { name: 'cafe.org', customer: 'cafe', action: 'renew', at: '2024-05-09' },
    ],
    clientRates: {
      plans: { business: '35.00', starter: '12.00' },
      domains: { com: { register: '20.00' } },
      customers: {
        cafe: { plans: { business: '25.00' }, domains: { org: { renew: '10.00' } } },
      },
    },
  };

  test('per customer: client amount from customer rate, else the reseller rate, else suggested retail; margin = client − cost', () => {
    const result = resellerMonthEnd(input);
    assert.deepEqual(
      result.customers.map((c) => [
        c.customer,
        c.lines.map((l) => [
          l.type === 'hosting' ? l.site : l.domain,
          l.amount,
          l.cost,
          l.margin,
          l.source,
        ]),
        c.vendorCost,
        c.clientTotal,
        c.margin,
      ]),
      [
        [
          'acme',
          [
            // business: reseller's 35.00 vs 15.00
            ['a-web', '35.00', '15.00', '20.00', 'reseller'],
            // ecommerce: no rate → suggested 59.00 vs 30.00
            ['a-shop', '59.00', '30.00', '29.00', 'suggested'],
            // .com register: reseller's 20.00 vs 10.00
            ['acme.com', '20.00', '10.00', '10.00', 'reseller'],
          ],
          '55.00', // 15 + 30 + 10
          '114.00', // 35 + 59 + 20
          '59.00',
        ],
        [
          'bakery',
          [
            ['b-web', '12.00', '8.00', '4.00', 'reseller'],
            // .co.uk renew: no rate → suggested 12.00 vs 7.00
            ['bakery.co.uk', '12.00', '7.00', '5.00', 'suggested'],
          ],
          '15.00', // 8 + 7
          '24.00', // 12 + 12
          '9.00',
        ],
        [
          'cafe',
          [
            // cafe's own 25.00 beats the reseller's 35.00
            ['c-web', '25.00', '15.00', '10.00', 'customer'],
            // cafe's own .org renewal at 10.00, below the 12.50 cost: a loss shown as such
            ['cafe.org', '10.00', '12.50', '-2.50', 'customer'],
          ],
          '27.50', // 15 + 12.50
          '35.00', // 25 + 10
          '7.50',
        ],
      ],
    );
    // Vendor: 15 + 30 + 8 + 15 = 68.00 hosting, 10 + 7 + 12.50 = 29.50 domains.
    assert.deepEqual(result.invoice.totals, { hosting: '68.00', domains: '29.50', total: '97.50' });
    // Client 114 + 24 + 35 = 173.00; margin 59 + 9 + 7.50 = 75.50 = 173.00 − 97.50.
    assert.deepEqual(result.totals, {
      vendorCost: '97.50',
      clientTotal: '173.00',
      margin: '75.50',
    });
  });

  test('without clientRates every figure is the suggested retail rate', () => {
    const plain = { ...input };
    delete plain.clientRates;
    const result = resellerMonthEnd(plain);
    // Client: 29 + 59 + 15 + 29 (hosting: a-web, a-shop, b-web, c-web) + 15 + 12 + 18 (domains) = 177.00
    assert.equal(result.totals.clientTotal, '177.00');
    // 177.00 − 97.50
    assert.equal(result.totals.margin, '79.50');
    assert.ok(result.customers.every((c) => c.lines.every((l) => l.source === 'suggested')));
  });

  test('a rate with sub-cent digits is rounded half-up to the cent: 12.345 → 12.35', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [site('a', 'starter', '2024-05-01')],
      clientRates: { plans: { starter: '12.345' } },
    });
    assert.equal(result.customers[0]!.clientTotal, '12.35');
    // 12.35 − 8.00
    assert.equal(result.totals.margin, '4.35');
  });

  test('a customer named like an Object property takes no rate from the prototype', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [{ id: 'p', customer: 'constructor', plan: 'starter', liveFrom: '2024-05-01' }],
      clientRates: { customers: {} },
    });
    assert.equal(result.customers[0]!.lines[0]!.source, 'suggested');
    assert.equal(result.customers[0]!.clientTotal, '15.00');
  });

  test('a catalog of your own prices the month', () => {
    const mine: WebHostingCatalog = {
      id: 'mine',
      currency: 'USD',
      plans: [{ id: 'basic', name: 'Basic', reseller: '5.00', retail: '9.50' }],
      domains: [
        {
          tld: 'io',
          register: { reseller: '30', retail: 45 },
          renew: { reseller: '30', retail: '45' },
        },
      ],
    };
    const result = resellerMonthEnd({
      month: '2024-05',
      catalog: mine,
      sites: [site('a', 'basic', '2024-05-01'), site('b', 'basic', '2024-05-01')],
      domains: [{ name: 'acme.io', customer: 'acme', action: 'register', at: '2024-05-01' }],
    });
    // 2 × 5.00 + 30.00 = 40.00; client 2 × 9.50 + 45.00 = 64.00
    assert.deepEqual(result.totals, { vendorCost: '40.00', clientTotal: '64.00', margin: '24.00' });
    throwsCode(
      () =>
        resellerMonthEnd({
          month: '2024-05',
          sites: [site('a', 'business', '2024-05-01')],
          catalog: mine,
        }),
      'invalid_plan',
    );
  });
});

describe('seed 002: "You should ensure you get at least a first months payment from your customer, or some sort of setup fee otherwise."', () => {
  test('a billed site with no client rate of the reseller → no_client_rate; billed 0.00 → zero_client_rate; one with a rate → none', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [
        { id: 'priced', customer: 'acme', plan: 'business', liveFrom: '2024-05-01' },
        { id: 'unpriced', customer: 'acme', plan: 'starter', liveFrom: '2024-05-10' },
        { id: 'free', customer: 'bakery', plan: 'business', liveFrom: '2024-04-01' },
        { id: 'not-live', customer: 'cafe', plan: 'starter', liveFrom: '2024-06-01' },
      ],
      clientRates: {
        plans: { business: '30.00' },
        customers: { bakery: { plans: { business: 0 } } },
      },
    });
    assert.deepEqual(
      result.warnings.map((w) => [w.code, w.site, w.customer, w.plan]),
      [
        ['no_client_rate', 'unpriced', 'acme', 'starter'],
        ['zero_client_rate', 'free', 'bakery', 'business'],
      ],
    );
    assert.match(result.warnings[0]!.message, /first month's payment, or a setup fee/);
    assert.match(result.warnings[0]!.message, /suggested retail rate 15\.00/);
  });

  test('without clientRates every billed site is reminded', () => {
    const result = resellerMonthEnd({
      month: '2024-05',
      sites: [site('a', 'starter', '2024-05-01'), site('b', 'business', '2024-01-01')],
    });
    assert.deepEqual(
      result.warnings.map((w) => [w.code, w.site]),
      [
        ['no_client_rate', 'a'],
        ['no_client_rate', 'b'],
      ],
    );
  });
});

describe('bad input → a typed QuotekitError, never a wrong invoice', () => {
  const ok = (): ResellerMonthEndInput => ({
    month: '2024-05',
    sites: [site('a', 'business', '2024-05-01')],
    domains: [{ name: 'acme.com', customer: 'acme', action: 'register', at: '2024-05-02' }],
  });
  const rows: [
    rule: string,
    change: (i: ResellerMonthEndInput & Record<string, unknown>) => void,
    code: ErrorCode,
  ][] = [
    ['an unknown plan', (i) => (i.sites[0]!.plan = 'platinum'), 'invalid_plan'],
    ['a plan that is not a string', (i) => (i.sites[0]!.plan = 3 as never), 'invalid_plan'],
    [
      'an unknown plan in a site not live in the month',
      (i) => i.sites.push(site('z', 'gold', '2020-01-01', '2020-02-01')),
      'invalid_plan',
    ],
    [
      'a client rate for an unknown plan',
      (i) => (i.clientRates = { plans: { gold: '10' } }),
      'invalid_plan',
    ],
    [
      'a customer rate for an unknown plan',
      (i) => (i.clientRates = { customers: { acme: { plans: { gold: '10' } } } }),
      'invalid_plan',
    ],
    ['an unknown TLD', (i) => (i.domains![0]!.name = 'acme.xyz'), 'unknown_product'],
    [
      'an unknown TLD outside the month',
      (i) =>
        i.domains!.push({ name: 'acme.dev', customer: 'a', action: 'renew', at: '2021-01-01' }),
      'unknown_product',
    ],
    [
      'a client rate for an unknown TLD',
      (i) => (i.clientRates = { domains: { xyz: { register: '1' } } }),
      'unknown_product',
    ],
    [
      'a client rate for ".com" (TLDs are written without the dot)',
      (i) => (i.clientRates = { domains: { '.com': { register: '1' } } }),
      'unknown_product',
    ],
    ['a domain without a dot', (i) => (i.domains![0]!.name = 'acme'), 'invalid_input'],
    ['a domain with a space inside', (i) => (i.domains![0]!.name = 'ac me.com'), 'invalid_input'],
    [
      'a domain label starting with a hyphen',
      (i) => (i.domains![0]!.name = '-acme.com'),
      'invalid_input',
    ],
    ['a domain ending in a dot', (i) => (i.domains![0]!.name = 'acme.com.'), 'invalid_input'],
    [
      'a subdomain (not registrable)',
      (i) => (i.domains![0]!.name = 'www.acme.com'),
      'invalid_input',
    ],
    ['a bare TLD', (i) => (i.domains![0]!.name = 'co.uk'), 'invalid_input'],
    [
      'an action other than register or renew',
      (i) => (i.domains![0]!.action = 'transfer' as never),
      'invalid_input',
    ],
    [
      'a domain registered twice in the month',
      (i) =>
        i.domains!.push({
          name: 'ACME.com',
          customer: 'acme',
          action: 'register',
          at: '2024-05-20',
        }),
      'invalid_input',
    ],
    [
      'a domain renewed twice in the month',
      (i) =>
        i.domains!.push(
          { name: 'b.com', customer: 'b', action: 'renew', at: '2024-05-01' },
          { name: 'b.com', customer: 'b', action: 'renew', at: '2024-05-03' },
        ),
      'invalid_input',
    ],
    ['a site id twice', (i) => i.sites.push(site('a', 'starter', '2024-01-01')), 'invalid_input'],
    ['an empty site id', (i) => (i.sites[0]!.id = ''), 'invalid_input'],
    ['no sites array', (i) => delete (i as Record<string, unknown>).sites, 'invalid_input'],
    [
      'a misspelt key at the top (clientRate)',
      (i) => (i.clientRate = { plans: { business: '1' } }),
      'invalid_input',
    ],
    [
      'a misspelt key in clientRates (plan)',
      (i) => (i.clientRates = { plan: { business: '1' } } as never),
      'invalid_input',
    ],
    ['liveTo before liveFrom', (i) => (i.sites[0]!.liveTo = '2024-04-30'), 'invalid_date'],
    ['a month of 13', (i) => (i.month = '2024-13'), 'invalid_date'],
    ['a month written 2024-5', (i) => (i.month = '2024-5'), 'invalid_date'],
    ['a month given as a date', (i) => (i.month = '2024-05-01'), 'invalid_date'],
    ['31 April', (i) => (i.sites[0]!.liveFrom = '2024-04-31'), 'invalid_date'],
    ['29 February 2023', (i) => (i.sites[0]!.liveFrom = '2023-02-29'), 'invalid_date'],
    [
      'a date and time with no zone',
      (i) => (i.sites[0]!.liveFrom = '2024-05-01T10:00:00'),
      'invalid_date',
    ],
    ['an invalid Date', (i) => (i.sites[0]!.liveTo = new Date(NaN)), 'invalid_date'],
    ['a domain date of 32 May', (i) => (i.domains![0]!.at = '2024-05-32'), 'invalid_date'],
    [
      'a negative client rate',
      (i) => (i.clientRates = { plans: { business: '-5.00' } }),
      'invalid_amount',
    ],
    [
      'a client rate that is not a number',
      (i) => (i.clientRates = { domains: { com: { renew: 'ten' } } }),
      'invalid_amount',
    ],
    ['a catalog that is not one', (i) => (i.catalog = { id: 'x' } as never), 'invalid_catalog'],
    [
      'a misspelt liveTo (liveUntil) on a site, which would bill a site that ended',
      (i) => Object.assign(i.sites[0]!, { liveUntil: '2024-04-30' }),
      'invalid_input',
    ],
    [
      'years: 2 on a domain, which would bill one year',
      (i) => Object.assign(i.domains![0]!, { years: 2 }),
      'invalid_input',
    ],
    ['an unknown top-level key', (i) => (i.discountRate = '0.10'), 'invalid_input'],
  ];
  for (const [rule, change, code] of rows) {
    test(`${rule} → ${code}`, () => {
      const input = ok() as ResellerMonthEndInput & Record<string, unknown>;
      change(input);
      throwsCode(() => resellerMonthEnd(input), code);
    });
  }

  test('the good input the rows start from is fine', () => {
    // 15.00 + 10.00
    assert.equal(resellerMonthEnd(ok()).invoice.totals.total, '25.00');
  });

  test('an unknown key is refused by name, with its path', () => {
    try {
      resellerMonthEnd({
        ...ok(),
        sites: [{ ...site('a', 'business', '2024-04-01'), liveUntil: '2024-04-30' } as never],
      });
      assert.fail('expected a throw');
    } catch (error) {
      assert.ok(error instanceof QuotekitError);
      assert.equal(error.code, 'invalid_input');
      assert.match(error.message, /liveUntil/);
      assert.match(JSON.stringify(error.details), /sites\.0/);
    }
  });

  test('the error names the path', () => {
    try {
      resellerMonthEnd({ ...ok(), sites: [site('a', 'business', '2024-05-10', '2024-05-09')] });
      assert.fail('expected a throw');
    } catch (error) {
      assert.deepEqual((error as { details: unknown }).details, {
        problems: [{ path: 'sites.0.liveTo', message: 'is before liveFrom' }],
      });
    }
  });
});
