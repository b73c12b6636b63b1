import { QuotekitError } from '../errors.js';
import type { Catalog } from '../catalog/catalog.schema.js';
import { catalogs } from '../catalogs/index.js';
import { Dec, moneyString, rateString, roundMoney, toDecimal } from '../money/money.js';
import { compiledBook, type CompiledBook, type CompiledProduct } from '../pricing/compile.js';
import { explainLine } from '../pricing/explain.js';
import { priceUnits } from '../pricing/models.js';
import { MINIMUM_TOP_UP } from '../pricing/pricing.js';
import type { BreakdownTier, LineBreakdown } from '../pricing/pricing.schema.js';
import { instantOf, parseInput } from '../programs/input.js';
import type { Problem } from '../validation.js';
import {
  MAX_INVOICE_UNITS,
  ResellerPlanInvoiceInputSchema,
  type InvoiceItemLine,
  type InvoiceLine,
  type InvoiceTopUpLine,
  type InvoiceUnitsLine,
  type MetricUnits,
  type ResellerPlanInvoice,
  type ResellerPlanInvoiceInput,
  type SiteUnits,
} from './reseller-invoice.schema.js';

const ZERO = new Dec(0);

/**
 * The Reseller Plan's bill for one month of usage (seed 003), billed in
 * arrears: an Instances line (one per site), a Domains line, a Units line
 * and, when the total after discounts is below the price book's monthly
 * minimum (250.00 USD), a `minimum-monthly-top-up` line making it up.
 *
 * - **Month**: `month` is the month of usage, from 00:00 UTC on its first
 *   day to 00:00 UTC on the next month's first day (excluded). Samples
 *   outside it are ignored; their order and repeats do not matter.
 * - **Peak, not prorated**: each metric of each site counts at its highest
 *   sample in the month, whenever in the month the site started.
 * - **Units**: each site's metric converts with the catalog's
 *   `unitFactors` and rounds up to whole Units, `ceil(peak × factor)` (part
 *   of a Unit is a Unit); a site's Units are the sum over its metrics, the
 *   month's the sum over sites. A metric the catalog does not convert is
 *   `invalid_input`.
 * - **Instances and Domains**: every listed site is an Instance and every
 *   listed domain a Domain for the month (their peak count is the list).
 * - **Free**: the first Instance, first Domain and first 100 Units. The
 *   free Instance (Domain) is a new one when there is one, so the legacy
 *   discount still covers every billable migrated one; the customer pays the
 *   least.
 * - **Free Units and Minimum Units** (the migration offer's
 *   `allowances`): the Units counted are the larger of those used and
 *   `minimumUnits` — Minimum Units are an allocation paid whether used or
 *   not, so usage up to it costs nothing more; then the first 100 and
 *   `freeUnits` come off: billable = max(0, max(used, minimumUnits) − 100 −
 *   freeUnits). The rest is priced on the price book's graduated tiers
 *   from the first tier.
 * - **Legacy discount**: `discount.rate` (0 to 1; not capped at the offer
 *   codes' `MAX_DISCOUNT_RATE`, which is another instrument) comes off the
 *   billable migrated Instances and migrated Domains only (a domain is
 *   migrated when it says so), never Units or new sites; each line's
 *   discount is rounded half-up once.
 *
 * Throws `QuotekitError`: `invalid_date` (month, a sample's `at`),
 * `invalid_quantity` (a negative, non-finite or non-numeric sample value,
 * allowances that are not whole numbers, usage beyond 10^12 Units),
 * `invalid_discount`, `invalid_currency`, `invalid_input` (shape, unknown
 * keys or metrics, repeated site ids or domains, a domain naming no site),
 * `invalid_catalog` (a catalog without instances, domains or units with
 * `unitFactors`).
 *
 * @example
 * resellerPlanInvoice({
 *   month: '2024-05',
 *   sites: [{ id: 'shop', usage: { storage: [{ at: '2024-05-14T09:30:00Z', value: 1250 }] } }],
 * }).totals.total; // "250.00": 107.50 of Units, topped up to the minimum
 */
export function resellerPlanInvoice(
  input: ResellerPlanInvoiceInput,
  catalog: Catalog = catalogs.resellerPlan,
): ResellerPlanInvoice {
  const parsed = parseInput(ResellerPlanInvoiceInputSchema, input, 'reseller plan invoice');
  const book = compiledBook(catalog, parsed.currency);
  const { currency } = book;
  const instances = productOf(book, catalog, 'instances');
  const domains = productOf(book, catalog, 'domains');
  const units = productOf(book, catalog, 'units');
  const factors = factorsOf(units, catalog);
  const [start, end] = monthBounds(parsed.month);
  const domainList = parsed.domains ?? [];
  checkReferences(parsed, factors);

  const rate =
    parsed.discount === undefined || toDecimal(parsed.discount.rate).isZero()
      ? null
      : toDecimal(parsed.discount.rate);

  const lines: InvoiceLine[] = [
    itemLine(instances, parsed.sites, rate, currency, 'site'),
    itemLine(domains, domainList, rate, currency, 'domain'),
    unitsLine(units, parsed, factors, start, end, currency),
  ];

  let monthly = ZERO;
  for (const line of lines) monthly = monthly.plus(line.net);
  if (book.minimum !== null && monthly.lt(book.minimum)) {
    lines.push(topUpLine(book.minimum, monthly, currency));
  }

  let subtotal = ZERO;
  let discount = ZERO;
  let total = ZERO;
  for (const line of lines) {
    subtotal = subtotal.plus(line.amount);
    discount = discount.plus(line.discount);
    total = total.plus(line.net);
  }
  return {
    month: parsed.month,
    currency,
    lines,
    totals: {
      subtotal: moneyString(subtotal, currency),
      discount: moneyString(discount, currency),
      total: moneyString(total, currency),
    },
  };
}

function productOf(book: CompiledBook, catalog: Catalog, id: string): CompiledProduct {
  const entry = book.products.get(id);
  if (entry === undefined || entry.product.billing !== 'monthly') {
    throw new QuotekitError(
      'invalid_catalog',
      `Catalog ${catalog.id} has no monthly ${id} product for a Reseller Plan invoice.`,
      { product: id },
    );
  }
  return entry;
}

function factorsOf(units: CompiledProduct, catalog: Catalog): Map<string, Dec> {
  const factors = units.product.unitFactors;
  if (factors === undefined) {
    throw new QuotekitError(
      'invalid_catalog',
      `Catalog ${catalog.id}: the units product needs unitFactors to convert usage into Units.`,
      { product: 'units' },
    );
  }
  return new Map(Object.entries(factors).map(([metric, f]) => [metric, toDecimal(f)]));
}

/** The month's UTC bounds, [start, end) in ms since the epoch. */
function monthBounds(month: string): [number, number] {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5))];
  const at = (y: number, monthIndex: number) => {
    const d = new Date(0);
    d.setUTCFullYear(y, monthIndex, 1);
    return d.getTime();
  };
  return [at(year, m - 1), at(year, m)];
}

function invalid(problems: Problem[]): QuotekitError {
  const { path, message } = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new QuotekitError(
    'invalid_input',
    `Invalid reseller plan invoice: ${path} ${message}${more}.`,
    {
      problems,
    },
  );
}

/** What the schema cannot say: unique sites and domains, domains' sites, known metrics. */
function checkReferences(parsed: ResellerPlanInvoiceInput, factors: Map<string, Dec>): void {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  parsed.sites.forEach((site, i) => {
    if (ids.has(site.id)) problems.push({ path: `sites.${i}.id`, message: `repeats ${site.id}` });
    ids.add(site.id);
    for (const metric of Object.keys(site.usage)) {
      if (!factors.has(metric)) {
        problems.push({
          path: `sites.${i}.usage.${metric}`,
          message: `is not a metric the catalog converts to Units (${[...factors.keys()].join(', ')})`,
        });
      }
    }
  });
  const names = new Set<string>();
  (parsed.domains ?? []).forEach((domain, i) => {
    // "Example.com." and "example.com" are one domain.
    const name = domain.name.toLowerCase().replace(/\.$/, '');
    if (names.has(name)) {
      problems.push({ path: `domains.${i}.name`, message: `repeats ${domain.name}` });
    }
    names.add(name);
    if (domain.site !== undefined && !ids.has(domain.site)) {
      problems.push({ path: `domains.${i}.site`, message: `names no site (${domain.site})` });
    }
  });
  if (problems.length > 0) throw invalid(problems);
}

/** Instances (one per site) or Domains, the free one taken from the new ones first. */
function itemLine(
  entry: CompiledProduct,
  items: readonly { migrated?: boolean | undefined }[],
  rate: Dec | null,
  currency: string,
  what: 'site' | 'domain',
): InvoiceItemLine {
  const quantity = items.length;
  const migrated = items.filter((item) => item.migrated === true).length;
  const fresh = quantity - migrated;
  const priced = priceUnits(entry, new Dec(quantity));
  const billable = priced.billable.toNumber();
  const free = quantity - billable;
  // The free ones are new ones while there are any: the discount then covers
  // every migrated one it can.
  const freeMigrated = Math.max(0, free - fresh);
  const discounted = rate === null ? 0 : migrated - freeMigrated;
  const amount = roundMoney(priced.amount, currency);
  // The billable ones' share of the amount that is migrated, at the rate.
  const discount =
    rate === null || billable === 0
      ? ZERO
      : roundMoney(amount.times(discounted).div(billable).times(rate), currency);
  const net = amount.minus(discount);
  const amountText = moneyString(amount, currency);

  const breakdown = breakdownOf(entry, free, priced, currency);
  const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;
  const kind = entry.product.unit ?? entry.product.id;
  let words = `${plural(quantity, kind)} (${migrated} migrated, ${fresh} new)`;
  if (free > 0) {
    words += `, the free ${free === 1 ? 'one' : 'ones'} ${freeMigrated === 0 ? 'new' : freeMigrated === free ? 'migrated' : `${free - freeMigrated} new and ${freeMigrated} migrated`}`;
  }
  words += `: ${explainLine({ amount: amountText, breakdown }, currency)}`;
  if (rate !== null && discounted > 0) {
    words += `; legacy discount ${rate.times(100).toString()}% on ${plural(discounted, `migrated ${kind}`)} −${moneyString(discount, currency)}`;
  } else if (rate !== null) {
    words += `; legacy discount ${rate.times(100).toString()}%: no billable migrated ${what}s`;
  }

  return {
    product: entry.product.id as 'instances' | 'domains',
    name: entry.product.name,
    quantity,
    free,
    billable,
    migrated,
    unitAmount:
      entry.price.model === 'per_unit' ? moneyString(entry.price.unitAmount, currency) : null,
    amount: amountText,
    discountRate: rate === null ? null : rateString(rate),
    discounted,
    discount: moneyString(discount, currency),
    net: moneyString(net, currency),
    explain: words,
  };
}

/** Peak usage per site and metric, in whole Units, priced on the graduated tiers. */
function unitsLine(
  entry: CompiledProduct,
  parsed: ResellerPlanInvoiceInput,
  factors: Map<string, Dec>,
  start: number,
  end: number,
  currency: string,
): InvoiceUnitsLine {
  let used = ZERO;
  const sites: SiteUnits[] = parsed.sites.map((site) => {
    const metrics: Record<string, MetricUnits> = {};
    let siteUnits = ZERO;
    for (const [metric, factor] of factors) {
      let peak: Dec | null = null;
      for (const sample of site.usage[metric] ?? []) {
        const t = instantOf(sample.at);
        if (t < start || t >= end) continue;
        const value = toDecimal(sample.value);
        if (peak === null || value.gt(peak)) peak = value;
      }
      const metricUnits = peak === null ? ZERO : peak.times(factor).ceil();
      siteUnits = siteUnits.plus(metricUnits);
      metrics[metric] = {
        peak: peak === null ? null : peak.toString(),
        units: checkedUnits(metricUnits, `site ${site.id}'s ${metric}`),
      };
    }
    used = used.plus(siteUnits);
    checkedUnits(used, 'the month');
    return { id: site.id, units: siteUnits.toNumber(), metrics };
  });

  const minimumUnits = parsed.allowances?.minimumUnits ?? 0;
  const offerFree = parsed.allowances?.freeUnits ?? 0;
  const quantity = Dec.max(used, minimumUnits);
  // The plan's first Units and the offer's Free Units both come off the top.
  const withOffer: CompiledProduct = { ...entry, free: entry.free.plus(offerFree) };
  const priced = priceUnits(withOffer, quantity);
  const billable = priced.billable.toNumber();
  const free = quantity.toNumber() - billable;
  const amount = roundMoney(priced.amount, currency);
  const amountText = moneyString(amount, currency);
  const breakdown = breakdownOf(withOffer, free, priced, currency);

  const siteCount = `${sites.length} ${sites.length === 1 ? 'site' : 'sites'}`;
  let words = `peak usage ${used.toString()} units across ${siteCount}`;
  if (used.lt(minimumUnits)) {
    words += `, below the ${minimumUnits} Minimum Units, so ${minimumUnits} counted`;
  } else if (minimumUnits > 0) {
    words += `, above the ${minimumUnits} Minimum Units`;
  }
  if (offerFree > 0) words += ` (free: first ${entry.free.toString()} + ${offerFree} Free Units)`;
  words += `: ${explainLine({ amount: amountText, breakdown }, currency)}`;

  return {
    product: 'units',
    name: entry.product.name,
    quantity: quantity.toNumber(),
    free,
    billable,
    used: used.toNumber(),
    minimumUnits,
    freeUnits: { plan: entry.free.toNumber(), offer: offerFree },
    tiers: breakdown.tiers,
    amount: amountText,
    discount: moneyString(ZERO, currency),
    net: amountText,
    explain: words,
    sites,
  };
}

function checkedUnits(units: Dec, where: string): number {
  if (units.gt(MAX_INVOICE_UNITS)) {
    throw new QuotekitError(
      'invalid_quantity',
      `Usage of ${where} comes to more than ${MAX_INVOICE_UNITS.toString()} Units.`,
      { where },
    );
  }
  return units.toNumber();
}

function topUpLine(minimum: Dec, monthly: Dec, currency: string): InvoiceTopUpLine {
  const amount = minimum.minus(monthly);
  const [minimumText, monthlyText, amountText] = [minimum, monthly, amount].map((d) =>
    moneyString(d, currency),
  ) as [string, string, string];
  return {
    product: MINIMUM_TOP_UP,
    name: 'Monthly minimum top-up',
    quantity: 1,
    free: 0,
    billable: 1,
    minimum: minimumText,
    monthly: monthlyText,
    amount: amountText,
    discount: moneyString(ZERO, currency),
    net: amountText,
    explain: `monthly minimum ${minimumText} − total after discounts ${monthlyText} = ${amountText}`,
  };
}

/** The pricing breakdown `explainLine` words a line from (no offer discount: the legacy one is worded here). */
function breakdownOf(
  entry: CompiledProduct,
  free: number,
  priced: ReturnType<typeof priceUnits>,
  currency: string,
): LineBreakdown {
  const tiers: BreakdownTier[] = priced.tiers.map((tier) => ({
    units: tier.units.toString(),
    unitAmount: tier.unitText || moneyString(tier.unitAmount, currency),
    amount: moneyString(tier.units.times(tier.unitAmount), currency),
    from: tier.from.toString(),
    upTo: tier.upTo === null ? null : tier.upTo.toString(),
  }));
  return {
    model: entry.price.model,
    unit: entry.product.unit ?? null,
    freeUnits: String(free),
    billableUnits: priced.billable.toString(),
    tiers,
    discount: null,
    topUp: null,
  };
}
