// `npm run bench`: quotes per second for the seed quote and a 50-line
// graduated quote, against a plain integer-cents implementation of the same
// quotes. Prints medians of several timed rounds on one core.
// `--short` (run by `npm test`): both implementations must agree, then a few
// short rounds so the timing code runs too; exits non-zero on disagreement.
// `--write` puts the run's table into the repository's README between the
// bench markers, formatted as prettier would.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  catalogs,
  parseCatalog,
  priceQuote,
  type Catalog,
  type PricedLine,
  type QuoteConfig,
} from '@quotekit/core';
import { writeReadmeBlock } from '../../../scripts/readme-block.mjs';

const SHORT = process.argv.includes('--short');
const WRITE = process.argv.includes('--write') && !SHORT;
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const ROUNDS = SHORT ? 3 : 7;
const ROUND_MS = SHORT ? 20 : 400;
const WARM_UP = SHORT ? 100 : 2000;

/** Median operations per second of `fn` over ROUNDS rounds of ROUND_MS each. */
function opsPerSecond(fn: () => unknown): number {
  for (let i = 0; i < WARM_UP; i++) fn(); // warm up the JIT
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ROUND_MS) {
      for (let i = 0; i < 100; i++) fn();
      count += 100;
      elapsed = performance.now() - start;
    }
    rates.push((count * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(ROUNDS / 2)]!;
}

// --- The baseline: the same pricing done by hand in integer minor units. ---
// It does the same work as priceQuote — product lookup, quantity checks,
// per-line rounding, discount, value per program, explain text, strings at
// the boundary — but in integers: amounts in cents, unit prices in
// ten-thousandths, rates in basis points. It is correct only while every
// intermediate fits in 2^53, which is the price of not using decimals.

interface CentsTier {
  upTo: number;
  unit: number; // ten-thousandths of a currency unit
}
interface CentsProduct {
  id: string;
  name: string;
  billing: 'monthly' | 'one_time';
  free: number;
  max: number;
  affiliate: number; // percent
  reseller: number; // percent
  flat: number | null; // ten-thousandths
  tiers: CentsTier[];
}

const toTenThousandths = (text: string | number) => Math.round(Number(text) * 10000);
const centsText = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const halfUp = (numerator: number, denominator: number) =>
  Math.floor((numerator + denominator / 2) / denominator);

function centsCatalog(catalog: Catalog): Map<string, CentsProduct> {
  return new Map(
    catalog.products.map((p) => {
      const price = p.price;
      const tiers =
        price.model === 'graduated' || price.model === 'volume'
          ? price.tiers.map((t) => ({
              upTo: t.upTo ?? Infinity,
              unit: toTenThousandths(t.unitAmount),
            }))
          : price.model === 'per_unit'
            ? [{ upTo: Infinity, unit: toTenThousandths(price.unitAmount) }]
            : [];
      return [
        p.id,
        {
          id: p.id,
          name: p.name,
          billing: p.billing,
          free: p.free ?? 0,
          max: price.model === 'flat' ? 1 : (p.quantity?.max ?? Infinity),
          affiliate: p.classes.affiliate * 100,
          reseller: p.classes.reseller * 100,
          flat: price.model === 'flat' ? toTenThousandths(price.amount) : null,
          tiers,
        },
      ];
    }),
  );
}

function priceInCents(products: Map<string, CentsProduct>, config: QuoteConfig) {
  const basisPoints = Math.round(Number(config.discountRate ?? 0) * 10000);
  const seen = new Set<string>();
  let subtotal = 0;
  let discountTotal = 0;
  let monthly = 0;
  let oneTime = 0;
  let affiliateTotal = 0;
  let resellerTotal = 0;
  let oneTimeAffiliate = 0;
  let oneTimeReseller = 0;
  const lines = config.lines.map((line, index) => {
    const p = products.get(line.product);
    if (!p) throw new Error(`Line ${index + 1}: unknown product`);
    if (seen.has(p.id)) throw new Error(`Line ${index + 1}: repeated`);
    seen.add(p.id);
    const quantity = Number(line.quantity);
    if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > p.max) {
      throw new Error(`Line ${index + 1}: bad quantity`);
    }
    const billable = Math.max(0, quantity - p.free);
    let raw = 0;
    const parts: string[] = [];
    if (p.flat !== null) {
      raw = p.flat * billable;
    } else {
      let done = 0;
      for (const tier of p.tiers) {
        if (billable <= done) break;
        const top = Math.min(billable, tier.upTo);
        raw += (top - done) * tier.unit;
        parts.push(`${top - done} × ${centsText(tier.unit / 100)} (${done + 1}–${tier.upTo})`);
        done = top;
      }
    }
    const amount = halfUp(raw, 100);
    const discount = halfUp(amount * basisPoints, 10000);
    const net = amount - discount;
    const affiliate = halfUp(net * p.affiliate, 100);
    const reseller = halfUp(net * p.reseller, 100);
    subtotal += amount;
    discountTotal += discount;
    if (p.billing === 'monthly') {
      monthly += net;
      affiliateTotal += affiliate;
      resellerTotal += reseller;
    } else {
      oneTime += net;
      oneTimeAffiliate += affiliate;
      oneTimeReseller += reseller;
    }
    return {
      product: p.id,
      name: p.name,
      billing: p.billing,
      quantity,
      amount: centsText(amount),
      discount: centsText(discount),
      net: centsText(net),
      value: { affiliate: centsText(affiliate), reseller: centsText(reseller) },
      explain: `${parts.join(' + ')} = ${centsText(amount)}`,
    };
  });
  return {
    lines,
    totals: {
      subtotal: centsText(subtotal),
      discount: centsText(discountTotal),
      monthlyPayment: centsText(monthly),
      oneTime: centsText(oneTime),
      monthlyValue: { affiliate: centsText(affiliateTotal), reseller: centsText(resellerTotal) },
      oneTimeValue: {
        affiliate: centsText(oneTimeAffiliate),
        reseller: centsText(oneTimeReseller),
      },
    },
  };
}

// --- The seed quote: 25 Starter Plus users + one Px2 server. ---
const seed: QuoteConfig = {
  lines: [
    { product: 'starter-plus-user', quantity: 25 },
    { product: 'dedicated-px2', quantity: 1 },
  ],
};

// --- 50 lines, each a graduated product with three tiers and a free allowance. ---
const graduatedCatalog = parseCatalog({
  id: 'bench',
  currency: 'USD',
  products: Array.from({ length: 50 }, (_, i) => ({
    id: `metric-${i}`,
    name: `Metric ${i}`,
    billing: 'monthly',
    free: 10,
    classes: { affiliate: 0.5, reseller: 1 },
    price: {
      model: 'graduated',
      tiers: [
        { upTo: 100, unitAmount: '0.10' },
        { upTo: 1000, unitAmount: '0.0525' },
        { upTo: null, unitAmount: '0.02' },
      ],
    },
  })),
});
const fifty: QuoteConfig = {
  lines: graduatedCatalog.products.map((p, i) => ({ product: p.id, quantity: 37 * (i + 1) })),
  discountRate: '0.05',
};

// Checked for agreement only: one-time lines with commissionable value, and a discount.
const withOneTime: QuoteConfig = {
  lines: [
    ...seed.lines,
    { product: 'managed-email-migration', quantity: 30 },
    { product: 'securetext-credits', quantity: 333 },
  ],
  discountRate: '0.07',
};

const luxsciCents = centsCatalog(catalogs.luxsci);
const graduatedCents = centsCatalog(graduatedCatalog);

// Both implementations must agree on every figure before their speeds mean anything.
for (const [catalog, cents, config] of [
  [catalogs.luxsci, luxsciCents, seed],
  [catalogs.luxsci, luxsciCents, withOneTime],
  [graduatedCatalog, graduatedCents, fifty],
] as const) {
  const ours = priceQuote(catalog, config);
  const theirs = priceInCents(cents, config);
  const figures = (q: {
    lines: PricedLine[] | ReturnType<typeof priceInCents>['lines'];
    totals: object;
  }) => JSON.stringify([q.totals, q.lines.map((l) => [l.amount, l.discount, l.net, l.value])]);
  if (figures(ours) !== figures(theirs)) {
    console.error('The benchmark implementations disagree; fix before timing.');
    console.error(JSON.stringify(ours.totals), JSON.stringify(theirs.totals));
    process.exit(1);
  }
}

const rows = [
  [
    'seed quote (2 lines)',
    () => priceQuote(catalogs.luxsci, seed),
    () => priceInCents(luxsciCents, seed),
  ],
  [
    '50-line graduated quote',
    () => priceQuote(graduatedCatalog, fifty),
    () => priceInCents(graduatedCents, fifty),
  ],
] as const;

const load = loadavg()[0]!.toFixed(2);
console.log(
  `quotekit pricing benchmark${SHORT ? ' (short: figures agree, timings indicative only)' : ''} — median of ${ROUNDS} rounds, node ${process.version}`,
);
console.log('quote                        quotekit/s   int-cents/s   ratio');
const measured: Array<{ name: string; ours: number; baseline: number }> = [];
for (const [name, quotekit, cents] of rows) {
  const ours = opsPerSecond(quotekit);
  const baseline = opsPerSecond(cents);
  measured.push({ name, ours, baseline });
  console.log(
    `${name.padEnd(28)} ${Math.round(ours).toLocaleString('en-US').padStart(10)}  ${Math.round(baseline).toLocaleString('en-US').padStart(12)}  ${(baseline / ours).toFixed(1).padStart(6)}×`,
  );
}

if (WRITE) {
  const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
  const text = [
    `From \`npm run bench -- --write\`, ${new Date().toISOString().slice(0, 10)}: median of ${ROUNDS} rounds of ${ROUND_MS} ms each on one core, Node ${process.version.slice(1)}, load average ${load} at the start. The integer-cents pricer is a plain implementation of the same quotes in whole cents, checked to give the same figures first.`,
    '',
    '| quote | quotekit | integer-cents pricer | quotekit takes | goal |',
    '| --- | --- | --- | --- | --- |',
    ...measured.map(({ name, ours, baseline }) => {
      const ratio = baseline / ours;
      return `| ${name} | ${thousands(ours)} quotes/s | ${thousands(baseline)} quotes/s | ${ratio.toFixed(1)}× the time | ≤ 4×: ${ratio <= 4 ? 'met' : 'missed'} |`;
    }),
  ].join('\n');
  await writeReadmeBlock(README, 'bench', text);
  console.log('README.md: the pricing table is written.');
}
