import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../catalog/catalog.js';
import { resellerPlanCatalogJson } from '../catalogs/reseller-plan.js';
import { QuotekitError, type ErrorCode } from '../errors.js';
import { resellerPlanInvoice } from './reseller-invoice.js';
import type {
  InvoiceItemLine,
  InvoiceSite,
  InvoiceTopUpLine,
  InvoiceUnitsLine,
  ResellerPlanInvoice,
  ResellerPlanInvoiceInput,
  UsageSample,
} from './reseller-invoice.schema.js';
import { throwsCode } from '../../test/assert.js';

// Every expected figure below is worked out by hand from the sample price
// book in catalogs/reseller-plan.ts: USD Instances 25.00, Domains 5.00, Units
// 0.10 (1–1000), 0.05 (1001–10000), 0.02 above; GBP 20.00, 4.00, 0.08, 0.04,
// 0.016, minimum 200.00; AUD minimum 380.00. Units per metric: 1 per GB of
// storage, 1 per 1,000 records, 1 per 1,000 emails, 1 per 10,000 API calls.

/** A May 2024 instant, noon UTC by default. */
const may = (day: number, hour = 12) =>
  `2024-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const sample = (at: string, value: number | string): UsageSample => ({ at, value });
/** A site whose peak storage is `gb` in May (so `gb` Units). */
const storageSite = (id: string, gb: number, migrated?: boolean): InvoiceSite => ({
  id,
  ...(migrated === undefined ? {} : { migrated }),
  usage: { storage: [sample(may(15), gb)] },
});
const sites = (n: number, migrated = false): InvoiceSite[] =>
  Array.from({ length: n }, (_, i) => ({ id: `site-${i + 1}`, migrated, usage: {} }));
const domainList = (n: number, migrated = false) =>
  Array.from({ length: n }, (_, i) => ({ name: `d${i + 1}.example`, migrated }));

const invoice = (input: Omit<ResellerPlanInvoiceInput, 'month'> & { month?: string }) =>
  resellerPlanInvoice({ month: '2024-05', ...input });
const instancesOf = (inv: ResellerPlanInvoice) =>
  inv.lines.find((l) => l.product === 'instances') as InvoiceItemLine;
const domainsOf = (inv: ResellerPlanInvoice) =>
  inv.lines.find((l) => l.product === 'domains') as InvoiceItemLine;
const unitsOf = (inv: ResellerPlanInvoice) =>
  inv.lines.find((l) => l.product === 'units') as InvoiceUnitsLine;
const topUpOf = (inv: ResellerPlanInvoice) =>
  inv.lines.find((l) => l.product === 'minimum-monthly-top-up') as InvoiceTopUpLine | undefined;

describe('SEED 003: "Usage is based on the peak (maximum) value for the previous month (not prorated)."', () => {
  test('the highest sample of the month counts, not the last or an average', () => {
    const inv = invoice({
      sites: [
        {
          id: 'shop',
          usage: {
            storage: [sample(may(2), 400), sample(may(15), 1250), sample(may(30), 900)],
          },
        },
      ],
    });
    const units = unitsOf(inv);
    assert.equal(units.sites[0]?.metrics.storage?.peak, '1250');
    assert.equal(units.used, 1250);
    // 1250 − 100 free = 1150: 1000 × 0.10 + 150 × 0.05 = 100.00 + 7.50
    assert.equal(units.billable, 1150);
    assert.equal(units.amount, '107.50');
    // the first Instance is free; 250.00 − 107.50 = 142.50 tops up
    assert.equal(instancesOf(inv).amount, '0.00');
    assert.equal(topUpOf(inv)?.amount, '142.50');
    assert.equal(inv.totals.total, '250.00');
  });

  test('not prorated: a site live only on 31 May pays its whole peak', () => {
    const inv = invoice({
      sites: [{ id: 'late', usage: { storage: [sample('2024-05-31T18:00:00Z', 600)] } }],
    });
    // 600 − 100 = 500 × 0.10 = 50.00, not 1/31 of it
    assert.equal(unitsOf(inv).amount, '50.00');
  });

  test('each metric at its own peak: the peaks add even when they came on different days', () => {
    const inv = invoice({
      sites: [
        {
          id: 'shop',
          usage: {
            storage: [sample(may(3), 300), sample(may(20), 100)],
            records: [sample(may(3), 0), sample(may(20), 200_000)],
          },
        },
      ],
    });
    // storage 300 + records 200,000 / 1,000 = 200 → 500 Units; 400 × 0.10 = 40.00
    assert.equal(unitsOf(inv).used, 500);
    assert.equal(unitsOf(inv).amount, '40.00');
  });

  test('order and repeats of samples do not matter', () => {
    const samples = [
      sample(may(9), 700),
      sample(may(1), 20),
      sample(may(9), 700),
      sample(may(4), 5),
    ];
    const a = invoice({ sites: [{ id: 's', usage: { storage: samples } }] });
    const b = invoice({ sites: [{ id: 's', usage: { storage: [...samples].reverse() } }] });
    assert.deepEqual(a, b);
    // 700 − 100 = 600 × 0.10
    assert.equal(unitsOf(a).amount, '60.00');
  });

  test('a metric with no sample in the month is 0 Units (peak null)', () => {
    const inv = invoice({ sites: [{ id: 's', usage: { storage: [] } }] });
    assert.deepEqual(unitsOf(inv).sites[0]?.metrics.storage, { peak: null, units: 0 });
  });
});

describe('READING "the previous month": `month` is the month of usage billed in arrears; its bounds are 00:00 UTC on the 1st to 00:00 UTC on the next 1st (excluded); samples outside it are ignored', () => {
  const rows: [at: string, counts: boolean][] = [
    ['2024-05-01T00:00:00Z', true],
    ['2024-05-01T00:00:00.000Z', true],
    ['2024-04-30T23:59:59.999Z', false],
    ['2024-05-31T23:59:59.999Z', true],
    ['2024-06-01T00:00:00Z', false],
    // offsets are read: 00:30 +01:00 on 1 June is 23:30 UTC on 31 May
    ['2024-06-01T00:30:00+01:00', true],
    ['2024-05-31T20:00:00-04:00', false],
    ['2024-05-01T00:30:00+01:00', false],
    ['2024-04-30T20:00:00-04:00', true],
  ];
  for (const [at, counts] of rows) {
    test(`${at} ${counts ? 'counts' : 'is ignored'}`, () => {
      const inv = invoice({ sites: [{ id: 's', usage: { storage: [sample(at, 600)] } }] });
      // 600 − 100 = 500 × 0.10 = 50.00, or nothing
      assert.equal(unitsOf(inv).amount, counts ? '50.00' : '0.00');
    });
  }

  test('29 February is in February 2024', () => {
    const inv = resellerPlanInvoice({
      month: '2024-02',
      sites: [{ id: 's', usage: { storage: [sample('2024-02-29T12:00:00Z', 600)] } }],
    });
    assert.equal(inv.month, '2024-02');
    assert.equal(unitsOf(inv).amount, '50.00');
  });
});

describe('SEED 003: "The subscription includes line items for Instances, Domains and Units where Units include Storage, Records, Emails and API Calls (additional metrics may be added)."', () => {
  test('one line each for Instances, Domains and Units, in that order, even at zero', () => {
    const inv = invoice({ sites: [] });
    assert.deepEqual(
      inv.lines.map((l) => l.product),
      ['instances', 'domains', 'units', 'minimum-monthly-top-up'],
    );
  });

  // READING: each metric of each site converts to whole Units, rounded up
  // (part of a Unit is a Unit): ceil(peak × factor).
  const rows: [metric: string, peak: number | string, units: number][] = [
    ['storage', 3.2, 4],
    ['storage', '0.001', 1],
    ['storage', 0, 0],
    ['records', 12_345, 13],
    ['records', 1_000, 1],
    ['emails', 999, 1],
    ['emails', 1_001, 2],
    ['apiCalls', 250_001, 26],
    ['apiCalls', 250_000, 25],
  ];
  for (const [metric, peak, units] of rows) {
    test(`${metric} ${peak} → ${units} Units`, () => {
      const inv = invoice({ sites: [{ id: 's', usage: { [metric]: [sample(may(10), peak)] } }] });
      assert.equal(unitsOf(inv).sites[0]?.metrics[metric]?.units, units);
      assert.equal(unitsOf(inv).used, units);
    });
  }

  test('rounded up per site: two sites of 500 records are 1 + 1 Units, not 1', () => {
    const inv = invoice({
      sites: [
        { id: 'a', usage: { records: [sample(may(1), 500)] } },
        { id: 'b', usage: { records: [sample(may(1), 500)] } },
      ],
    });
    assert.deepEqual(
      unitsOf(inv).sites.map((s) => s.units),
      [1, 1],
    );
    assert.equal(unitsOf(inv).used, 2);
  });

  test('a site sums its metrics: 3.2 GB + 12,345 records + 999 emails + 250,001 API calls = 4 + 13 + 1 + 26 = 44', () => {
    const inv = invoice({
      sites: [
        {
          id: 's',
          usage: {
            storage: [sample(may(1), '3.2')],
            records: [sample(may(1), 12_345)],
            emails: [sample(may(1), 999)],
            apiCalls: [sample(may(1), 250_001)],
          },
        },
      ],
    });
    assert.equal(unitsOf(inv).sites[0]?.units, 44);
  });

  test('"additional metrics may be added": a metric added to the catalog is billed', () => {
    const json = structuredClone(resellerPlanCatalogJson);
    const units = json.products.find((p) => p.id === 'units') as { unitFactors?: object };
    units.unitFactors = { ...units.unitFactors, bandwidth: '0.5' };
    const catalog = parseCatalog(json);
    const input = {
      month: '2024-05',
      sites: [
        { id: 's', usage: { storage: [sample(may(1), 200)], bandwidth: [sample(may(1), 7)] } },
      ],
    };
    // 200 + ceil(7 × 0.5) = 204 Units; 104 × 0.10 = 10.40
    assert.equal(unitsOf(resellerPlanInvoice(input, catalog)).amount, '10.40');
    // the shipped catalog does not convert bandwidth: refused, not ignored
    throwsCode(() => resellerPlanInvoice(input), 'invalid_input');
  });
});

describe('SEED 003: "Your first Instance, first Domain and first 100 Units will be free which replaces the legacy ‘free partner site’ offer if you have one."', () => {
  const rows: [
    sites: number,
    domains: number,
    units: number,
    instances: string,
    domainsAmount: string,
    unitsAmount: string,
  ][] = [
    [1, 1, 100, '0.00', '0.00', '0.00'],
    // 2 × 25.00, 1 × 5.00, 1 × 0.10
    [3, 2, 101, '50.00', '5.00', '0.10'],
    [0, 0, 0, '0.00', '0.00', '0.00'],
  ];
  for (const [n, d, u, instances, domainsAmount, unitsAmount] of rows) {
    test(`${n} sites, ${d} domains, ${u} Units → ${instances}, ${domainsAmount}, ${unitsAmount}`, () => {
      const list = sites(n);
      if (n > 0) list[0] = storageSite('site-1', u);
      const inv = invoice({ sites: list, domains: domainList(d) });
      assert.equal(instancesOf(inv).amount, instances);
      assert.equal(instancesOf(inv).free, Math.min(n, 1));
      assert.equal(domainsOf(inv).amount, domainsAmount);
      assert.equal(domainsOf(inv).free, Math.min(d, 1));
      assert.equal(unitsOf(inv).amount, unitsAmount);
      assert.equal(unitsOf(inv).free, Math.min(u, 100));
    });
  }

  test('the free items are itemised in the explanation', () => {
    const inv = invoice({ sites: sites(3), domains: domainList(2) });
    assert.equal(
      instancesOf(inv).explain,
      '3 instances (0 migrated, 3 new), the free one new: first 1 free, 2 billable: 2 instances × 25.00 = 50.00',
    );
  });
});

describe('SEED 003: "Units are charged based on our graduated pricing model where the more you buy the cheaper the unit price becomes."', () => {
  const rows: [used: number, amount: string][] = [
    [1_100, '100.00'], // 1000 × 0.10
    [1_101, '100.05'], // + 1 × 0.05
    [10_100, '550.00'], // 100.00 + 9000 × 0.05
    [10_101, '550.02'], // + 1 × 0.02
    [12_100, '590.00'], // 550.00 + 2000 × 0.02
  ];
  for (const [used, amount] of rows) {
    test(`${used} Units used → ${amount}`, () => {
      const inv = invoice({ sites: [storageSite('s', used)] });
      assert.equal(unitsOf(inv).amount, amount);
    });
  }

  test('the tiers used are itemised', () => {
    const inv = invoice({ sites: [storageSite('s', 10_101)] });
    assert.deepEqual(unitsOf(inv).tiers, [
      { units: '1000', unitAmount: '0.10', amount: '100.00', from: '1', upTo: '1000' },
      { units: '9000', unitAmount: '0.05', amount: '450.00', from: '1001', upTo: '10000' },
      { units: '1', unitAmount: '0.02', amount: '0.02', from: '10001', upTo: null },
    ]);
  });
});

describe('SEED 003: "There are some minimum requirements and commitments to be accepted and use the Reseller plan including a $250pm minimum spend."', () => {
  test('below 250.00 a top-up line makes up the difference', () => {
    // 3 instances: 2 × 25.00 = 50.00; 250.00 − 50.00 = 200.00
    const inv = invoice({ sites: sites(3) });
    assert.equal(topUpOf(inv)?.amount, '200.00');
    assert.equal(
      topUpOf(inv)?.explain,
      'monthly minimum 250.00 − total after discounts 50.00 = 200.00',
    );
    assert.equal(inv.totals.total, '250.00');
  });

  test('exactly 250.00: no top-up', () => {
    // 11 instances: 10 × 25.00
    const inv = invoice({ sites: sites(11) });
    assert.equal(topUpOf(inv), undefined);
    assert.equal(inv.totals.total, '250.00');
  });

  test('above 250.00: no top-up', () => {
    const inv = invoice({ sites: sites(12) });
    assert.equal(topUpOf(inv), undefined);
    assert.equal(inv.totals.total, '275.00');
  });

  test('the minimum applies to the total after the legacy discount', () => {
    // 11 migrated: 250.00 − 10 % = 225.00, topped up by 25.00
    const inv = invoice({ sites: sites(11, true), discount: { rate: '0.10' } });
    assert.equal(instancesOf(inv).net, '225.00');
    assert.equal(topUpOf(inv)?.amount, '25.00');
    assert.deepEqual(inv.totals, { subtotal: '275.00', discount: '25.00', total: '250.00' });
  });

  test('with no sites at all the minimum is still due', () => {
    assert.equal(invoice({ sites: [] }).totals.total, '250.00');
  });
});

describe('SEED 003: "All prices are shown in USD unless otherwise specified. We also offer GBP and AUD options."', () => {
  test('USD by default', () => {
    assert.equal(invoice({ sites: [] }).currency, 'USD');
  });

  test('gbp (any case) prices from the GBP book', () => {
    const inv = invoice({
      currency: ' gbp',
      sites: [storageSite('a', 5_100), ...sites(2)],
      domains: domainList(2),
    });
    assert.equal(inv.currency, 'GBP');
    // 2 × 20.00; 1 × 4.00; 5000 billable: 1000 × 0.08 + 4000 × 0.04 = 80.00 + 160.00
    assert.equal(instancesOf(inv).amount, '40.00');
    assert.equal(domainsOf(inv).amount, '4.00');
    assert.equal(unitsOf(inv).amount, '240.00');
    // 284.00 is above the GBP minimum of 200.00
    assert.equal(topUpOf(inv), undefined);
    assert.equal(inv.totals.total, '284.00');
  });

  test('a sub-cent tier price rounds once, half-up, on the line', () => {
    // GBP, 10,001 billable: 80.00 + 9000 × 0.04 + 1 × 0.016 = 440.016 → 440.02
    const inv = invoice({ currency: 'GBP', sites: [storageSite('a', 10_101)] });
    assert.equal(unitsOf(inv).amount, '440.02');
  });

  test('AUD: its own minimum, 380.00', () => {
    const inv = invoice({ currency: 'AUD', sites: sites(1) });
    assert.equal(topUpOf(inv)?.amount, '380.00');
    assert.equal(inv.totals.total, '380.00');
  });

  test('a currency the plan has no prices in is invalid_currency', () => {
    throwsCode(() => invoice({ currency: 'EUR', sites: [] }), 'invalid_currency');
    throwsCode(() => invoice({ currency: 'US', sites: [] }), 'invalid_currency');
    throwsCode(() => invoice({ currency: 5 as never, sites: [] }), 'invalid_currency');
  });
});

describe('SEED 003: "A legacy discount code only applies to Sites/Instances and Domains. Units are charged normally based on the tiered model."', () => {
  test('migrated Instances and Domains are discounted; Units are not', () => {
    const inv = invoice({
      sites: [storageSite('a', 1_100, true), storageSite('b', 0, true), storageSite('c', 0, true)],
      domains: domainList(2, true),
      discount: { rate: '0.25' },
    });
    // Instances: 3 migrated, one free → 2 × 25.00 = 50.00, 25 % = 12.50
    assert.equal(instancesOf(inv).amount, '50.00');
    assert.equal(instancesOf(inv).discount, '12.50');
    assert.equal(instancesOf(inv).net, '37.50');
    // Domains: 2 migrated, one free → 5.00, 25 % = 1.25
    assert.equal(domainsOf(inv).discount, '1.25');
    // Units: 1000 billable × 0.10 = 100.00, no discount
    assert.equal(unitsOf(inv).amount, '100.00');
    assert.equal(unitsOf(inv).discount, '0.00');
    // 37.50 + 3.75 + 100.00 = 141.25; 250.00 − 141.25 = 108.75
    assert.equal(topUpOf(inv)?.amount, '108.75');
    assert.deepEqual(inv.totals, { subtotal: '263.75', discount: '13.75', total: '250.00' });
  });

  test('the rate reads from a number or a decimal string alike', () => {
    const base = { sites: sites(3, true) };
    assert.deepEqual(
      invoice({ ...base, discount: { rate: 0.2 } }),
      invoice({ ...base, discount: { rate: '0.20' } }),
    );
  });

  test('rounded half-up once per line: 12.5 % of 5.00 = 0.625 → 0.63', () => {
    const inv = invoice({
      sites: [],
      domains: [{ name: 'new.example' }, { name: 'old.example', migrated: true }],
      discount: { rate: '0.125' },
    });
    assert.equal(domainsOf(inv).discount, '0.63');
    assert.equal(domainsOf(inv).net, '4.37');
  });

  test('rate 0 is no discount; rate 1 makes every migrated one free', () => {
    const zero = invoice({ sites: sites(3, true), discount: { rate: 0 } });
    assert.equal(instancesOf(zero).discountRate, null);
    assert.equal(instancesOf(zero).net, '50.00');
    const all = invoice({ sites: sites(3, true), discount: { rate: '1' } });
    assert.equal(instancesOf(all).net, '0.00');
  });

  test("READING: not capped at the offer codes' 10 %: a 15 % legacy rate is taken as given", () => {
    const inv = invoice({ sites: sites(3, true), discount: { rate: '0.15' } });
    // 50.00 × 15 % = 7.50
    assert.equal(instancesOf(inv).discount, '7.50');
  });

  const bad: [string, unknown][] = [
    ['above 1', '1.01'],
    ['negative', -0.1],
    ['not a number', 'ten'],
    ['a percentage', '20%'],
    ['NaN', Number.NaN],
    ['missing', undefined],
  ];
  for (const [rule, rate] of bad) {
    test(`a rate ${rule} is invalid_discount`, () => {
      throwsCode(
        () => invoice({ sites: [], discount: { rate: rate as never } }),
        'invalid_discount',
      );
    });
  }
});

describe('SEED 003: "The discount code will only be applied to the sites that are being migrated, any new sites will be billed based on the normal Reseller pricing."', () => {
  test('new sites pay full price; the free Instance is a new one, so every migrated one is discounted', () => {
    const inv = invoice({
      sites: [...sites(2, true), { id: 'new-1', usage: {} }, { id: 'new-2', usage: {} }],
      discount: { rate: '0.20' },
    });
    const line = instancesOf(inv);
    // 4 instances, the free one new: 3 × 25.00 = 75.00; 2 migrated × 25.00 × 20 % = 10.00
    // (had the free one been migrated: 1 × 25.00 × 20 % = 5.00 off, 70.00 to pay)
    assert.equal(line.amount, '75.00');
    assert.equal(line.discounted, 2);
    assert.equal(line.discount, '10.00');
    assert.equal(line.net, '65.00');
    assert.equal(
      line.explain,
      '4 instances (2 migrated, 2 new), the free one new: first 1 free, 3 billable: 3 instances × 25.00 = 75.00; legacy discount 20% on 2 migrated instances −10.00',
    );
  });

  test('with no new site the free Instance is a migrated one', () => {
    const inv = invoice({ sites: sites(2, true), discount: { rate: '0.20' } });
    // 1 billable migrated: 25.00 − 5.00
    assert.equal(instancesOf(inv).discounted, 1);
    assert.equal(instancesOf(inv).net, '20.00');
    assert.match(instancesOf(inv).explain, /the free one migrated/);
  });

  test('only new sites: the rate changes nothing', () => {
    const inv = invoice({ sites: sites(3), discount: { rate: '0.50' } });
    assert.equal(instancesOf(inv).discount, '0.00');
    assert.equal(instancesOf(inv).net, '50.00');
  });

  test('READING: a domain is migrated when it says so, not because its site was', () => {
    const inv = invoice({
      sites: [{ id: 'old', migrated: true, usage: {} }],
      domains: [
        { name: 'old.example', site: 'old', migrated: true },
        { name: 'added.example', site: 'old' },
        { name: 'other.example', site: 'old' },
      ],
      discount: { rate: '0.50' },
    });
    // 3 domains, the free one new: 2 × 5.00 = 10.00; 1 migrated × 5.00 × 50 % = 2.50
    assert.equal(domainsOf(inv).migrated, 1);
    assert.equal(domainsOf(inv).discount, '2.50');
    assert.equal(domainsOf(inv).net, '7.50');
  });
});

describe('SEED 003: "If we need to bring down the current and future MRR we\'ll add free Units and if the new MRR is lower than current/future we\'ll set a Minimum Units value to make it match."', () => {
  // READING: Units counted = max(used, minimumUnits); then the first 100 and
  // freeUnits come off; the rest is priced from the first tier.
  const rows: [
    rule: string,
    used: number,
    allowances: { freeUnits?: number; minimumUnits?: number },
    billable: number,
    amount: string,
  ][] = [
    // 1500 − 100 − 400 = 1000 × 0.10
    ['Free Units come off after the first 100', 1_500, { freeUnits: 400 }, 1_000, '100.00'],
    ['Free Units beyond usage leave nothing to pay', 300, { freeUnits: 400 }, 0, '0.00'],
    // max(1500, 2000) − 100 = 1900: 100.00 + 900 × 0.05
    [
      'Minimum Units raise a lower usage to the minimum',
      1_500,
      { minimumUnits: 2_000 },
      1_900,
      '145.00',
    ],
    ['Minimum Units are billed with no usage at all', 0, { minimumUnits: 2_000 }, 1_900, '145.00'],
    ['Minimum Units below the free 100 change nothing', 20, { minimumUnits: 50 }, 0, '0.00'],
    // max(1200, 2000) − 100 − 500 = 1400: 100.00 + 400 × 0.05
    [
      'both: the minimum first, then the free Units',
      1_200,
      { freeUnits: 500, minimumUnits: 2_000 },
      1_400,
      '120.00',
    ],
    // 3000 − 100 − 500 = 2400: 100.00 + 1400 × 0.05
    [
      'both, usage above the minimum',
      3_000,
      { freeUnits: 500, minimumUnits: 2_000 },
      2_400,
      '170.00',
    ],
  ];
  for (const [rule, used, allowances, billable, amount] of rows) {
    test(`${rule}: ${used} used, ${JSON.stringify(allowances)} → ${billable} billable, ${amount}`, () => {
      const inv = invoice({ sites: [storageSite('s', used)], allowances });
      assert.equal(unitsOf(inv).used, used);
      assert.equal(unitsOf(inv).billable, billable);
      assert.equal(unitsOf(inv).amount, amount);
      assert.equal(unitsOf(inv).quantity, unitsOf(inv).free + billable);
    });
  }

  test('free Units are itemised', () => {
    const inv = invoice({ sites: [storageSite('s', 1_500)], allowances: { freeUnits: 400 } });
    assert.deepEqual(unitsOf(inv).freeUnits, { plan: 100, offer: 400 });
    assert.equal(unitsOf(inv).free, 500);
    assert.match(unitsOf(inv).explain, /first 100 \+ 400 Free Units/);
  });
});

describe('SEED 003: "Effectively these would be free units that you can use across any site and wouldn\'t start paying more until you exceed this value."', () => {
  const allowances = { minimumUnits: 2_000 };
  const rows: [used: number, amount: string][] = [
    [0, '145.00'],
    [1_999, '145.00'],
    [2_000, '145.00'], // 1900 billable: 100.00 + 900 × 0.05
    [2_001, '145.05'], // one more at 0.05
  ];
  for (const [used, amount] of rows) {
    test(`${used} Units used under 2000 Minimum Units → ${amount}`, () => {
      assert.equal(
        unitsOf(invoice({ sites: [storageSite('s', used)], allowances })).amount,
        amount,
      );
    });
  }

  test('across any site: 700 + 800 on two sites is 1500 on one', () => {
    const two = invoice({ sites: [storageSite('a', 700), storageSite('b', 800)], allowances });
    const one = invoice({ sites: [storageSite('a', 1_500), storageSite('b', 0)], allowances });
    assert.equal(unitsOf(two).amount, unitsOf(one).amount);
    assert.match(unitsOf(two).explain, /below the 2000 Minimum Units, so 2000 counted/);
  });

  test('allowances must be whole numbers of Units', () => {
    for (const value of [-1, 1.5, '100', Number.NaN, 1e13]) {
      throwsCode(
        () => invoice({ sites: [], allowances: { freeUnits: value as never } }),
        'invalid_quantity',
      );
      throwsCode(
        () => invoice({ sites: [], allowances: { minimumUnits: value as never } }),
        'invalid_quantity',
      );
    }
  });
});

describe('SEED 003: "Any free usage or discounts will be itemised on the Reseller page in Portal."', () => {
  test('every line says what was free and what was discounted, and the totals add the lines', () => {
    const inv = invoice({
      sites: [storageSite('a', 1_300, true), storageSite('b', 0)],
      domains: [
        { name: 'a.example', site: 'a', migrated: true },
        { name: 'b.example', site: 'b' },
      ],
      allowances: { freeUnits: 100 },
      discount: { rate: '0.40' },
    });
    // Instances: 2, the free one new: 25.00, 40 % off the migrated one = 10.00
    assert.deepEqual(
      [instancesOf(inv).free, instancesOf(inv).billable, instancesOf(inv).discount],
      [1, 1, '10.00'],
    );
    // Domains: 2, the free one new: 5.00, 40 % = 2.00
    assert.deepEqual([domainsOf(inv).free, domainsOf(inv).discount], [1, '2.00']);
    // Units: 1300 − 100 − 100 = 1100: 100.00 + 100 × 0.05 = 105.00
    assert.deepEqual([unitsOf(inv).free, unitsOf(inv).amount], [200, '105.00']);
    assert.equal(
      unitsOf(inv).explain,
      'peak usage 1300 units across 2 sites (free: first 100 + 100 Free Units): first 200 free, 1100 billable: 1000 × 0.10 (1–1000) + 100 × 0.05 (1001–10000) = 105.00',
    );
    // 15.00 + 3.00 + 105.00 = 123.00; top-up 127.00
    assert.deepEqual(inv.totals, { subtotal: '262.00', discount: '12.00', total: '250.00' });
  });
});

describe('bad input is a typed QuotekitError, never a wrong bill', () => {
  const good = (): ResellerPlanInvoiceInput => ({
    month: '2024-05',
    sites: [{ id: 's', usage: { storage: [sample(may(1), 10)] } }],
  });
  const withSample = (at: unknown, value: unknown) => ({
    month: '2024-05',
    sites: [{ id: 's', usage: { storage: [{ at, value }] } }],
  });
  const rows: [rule: string, input: unknown, code: ErrorCode][] = [
    ['month 13', { ...good(), month: '2024-13' }, 'invalid_date'],
    ['month without a leading 0', { ...good(), month: '2024-5' }, 'invalid_date'],
    ['a date for a month', { ...good(), month: '2024-05-01' }, 'invalid_date'],
    ['a number for a month', { ...good(), month: 202405 }, 'invalid_date'],
    ['no month', { sites: [] }, 'invalid_date'],
    ['at: a bare date', withSample('2024-05-14', 1), 'invalid_date'],
    ['at: a time without Z or offset', withSample('2024-05-14T09:30:00', 1), 'invalid_date'],
    ['at: 30 February', withSample('2024-02-30T00:00:00Z', 1), 'invalid_date'],
    ['at: hour 25', withSample('2024-05-14T25:00:00Z', 1), 'invalid_date'],
    ['at: words', withSample('yesterday', 1), 'invalid_date'],
    ['at: a number', withSample(1715680000000, 1), 'invalid_date'],
    ['value negative', withSample(may(1), -1), 'invalid_quantity'],
    ['value negative string', withSample(may(1), '-0.5'), 'invalid_quantity'],
    ['value NaN', withSample(may(1), Number.NaN), 'invalid_quantity'],
    ['value Infinity', withSample(may(1), Number.POSITIVE_INFINITY), 'invalid_quantity'],
    ['value not numeric', withSample(may(1), '12abc'), 'invalid_quantity'],
    ['value with an exponent', withSample(may(1), '1e3'), 'invalid_quantity'],
    ['value null', withSample(may(1), null), 'invalid_quantity'],
    ['value boolean', withSample(may(1), true), 'invalid_quantity'],
    ['value above 1e15', withSample(may(1), 1e16), 'invalid_quantity'],
    ['usage above 1e12 Units', withSample(may(1), 1e15), 'invalid_quantity'],
    // validated even outside the month: bad data is never silently dropped
    ['a negative value in June', withSample('2024-06-02T00:00:00Z', -5), 'invalid_quantity'],
    [
      'a repeated site id',
      { month: '2024-05', sites: [...sites(1), ...sites(1)] },
      'invalid_input',
    ],
    [
      'a repeated domain (any case, trailing dot)',
      {
        month: '2024-05',
        sites: [],
        domains: [{ name: 'Shop.example' }, { name: 'shop.example.' }],
      },
      'invalid_input',
    ],
    [
      'a domain naming no site',
      { month: '2024-05', sites: sites(1), domains: [{ name: 'a.example', site: 'nope' }] },
      'invalid_input',
    ],
    [
      'a metric the catalog does not convert',
      { month: '2024-05', sites: [{ id: 's', usage: { bandwidth: [sample(may(1), 1)] } }] },
      'invalid_input',
    ],
    [
      'a misspelt key (migrate)',
      { month: '2024-05', sites: [{ id: 's', migrate: true, usage: {} }] },
      'invalid_input',
    ],
    ['an unknown top-level key', { ...good(), discountRate: '0.1' }, 'invalid_input'],
    ['no sites', { month: '2024-05' }, 'invalid_input'],
    ['a site without usage', { month: '2024-05', sites: [{ id: 's' }] }, 'invalid_input'],
    ['an empty site id', { month: '2024-05', sites: [{ id: '', usage: {} }] }, 'invalid_input'],
    [
      'samples not a list',
      { month: '2024-05', sites: [{ id: 's', usage: { storage: 5 } }] },
      'invalid_input',
    ],
    ['not an object', null, 'invalid_input'],
  ];
  for (const [rule, input, code] of rows) {
    test(`${rule} → ${code}`, () => {
      throwsCode(() => resellerPlanInvoice(input as ResellerPlanInvoiceInput), code);
    });
  }

  test('details.problems names the path', () => {
    try {
      resellerPlanInvoice(withSample(may(1), -1) as ResellerPlanInvoiceInput);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof QuotekitError);
      assert.deepEqual(
        (error.details?.problems as { path: string }[]).map((p) => p.path),
        ['sites.0.usage.storage.0.value'],
      );
    }
  });

  test('a catalog without unitFactors cannot bill usage: invalid_catalog', () => {
    const json = structuredClone(resellerPlanCatalogJson);
    delete (json.products.find((p) => p.id === 'units') as { unitFactors?: unknown }).unitFactors;
    throwsCode(() => resellerPlanInvoice(good(), parseCatalog(json)), 'invalid_catalog');
  });
});

describe('the README example', () => {
  test('prints what the README says', () => {
    const inv = resellerPlanInvoice({
      month: '2024-05',
      sites: [
        {
          id: 'dental',
          migrated: true,
          usage: {
            storage: [
              { at: '2024-05-03T08:00:00Z', value: 40 },
              { at: '2024-05-28T08:00:00Z', value: '52.5' },
            ],
            records: [{ at: '2024-05-28T08:00:00Z', value: 180000 }],
            emails: [{ at: '2024-05-31T23:00:00-04:00', value: 90000 }],
          },
        },
        {
          id: 'vet',
          migrated: true,
          usage: {
            storage: [{ at: '2024-05-10T12:00:00+02:00', value: 310 }],
            apiCalls: [{ at: '2024-05-20T00:00:00Z', value: 1250000 }],
          },
        },
        { id: 'bakery', usage: { storage: [{ at: '2024-05-30T09:00:00Z', value: 12 }] } },
      ],
      domains: [
        { name: 'dental.example', site: 'dental', migrated: true },
        { name: 'vet.example', site: 'vet', migrated: true },
        { name: 'bakery.example', site: 'bakery' },
      ],
      allowances: { freeUnits: 200, minimumUnits: 1000 },
      discount: { rate: '0.20' },
    });
    // dental: ceil(52.5) + 180,000 / 1,000 = 53 + 180 = 233 (the emails sample is 1 June UTC);
    // vet: 310 + 1,250,000 / 10,000 = 435; bakery: 12 → 680 used, below 1000 Minimum Units:
    // 1000 − 100 − 200 = 700 × 0.10 = 70.00.
    // Instances: 3, the free one new, 2 × 25.00 = 50.00 − 20 % = 40.00; Domains 10.00 − 2.00 = 8.00.
    // 40.00 + 8.00 + 70.00 = 118.00; 250.00 − 118.00 = 132.00.
    assert.deepEqual(inv.totals, { subtotal: '262.00', discount: '12.00', total: '250.00' });
    assert.deepEqual(
      inv.lines.map((l) => l.explain),
      [
        '3 instances (2 migrated, 1 new), the free one new: first 1 free, 2 billable: 2 instances × 25.00 = 50.00; legacy discount 20% on 2 migrated instances −10.00',
        '3 domains (2 migrated, 1 new), the free one new: first 1 free, 2 billable: 2 domains × 5.00 = 10.00; legacy discount 20% on 2 migrated domains −2.00',
        'peak usage 680 units across 3 sites, below the 1000 Minimum Units, so 1000 counted (free: first 100 + 200 Free Units): first 300 free, 700 billable: 700 × 0.10 (1–1000) = 70.00',
        'monthly minimum 250.00 − total after discounts 118.00 = 132.00',
      ],
    );
    assert.deepEqual(unitsOf(inv).sites[0], {
      id: 'dental',
      units: 233,
      metrics: {
        storage: { peak: '52.5', units: 53 },
        records: { peak: '180000', units: 180 },
        emails: { peak: null, units: 0 },
        apiCalls: { peak: null, units: 0 },
      },
    });
  });
});
