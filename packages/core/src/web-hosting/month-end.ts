import { QuotekitError, type ErrorCode } from '../errors.js';
import { Dec, moneyString, roundMoney, toDecimal, type AmountInput } from '../money/money.js';
import { parseInput } from '../programs/input.js';
import { parseWebHostingCatalog, webHostingCatalog } from './catalog.js';
import { dayString, monthDaysOrNull, utcDayOrNull } from './dates.js';
import {
  domainNameOf,
  ResellerMonthEndInputSchema,
  type WebHostingDomainAction,
  type ResellerMonthEnd,
  type ResellerMonthEndInput,
  type WebHostingCatalog,
  type WebHostingClientLine,
  type WebHostingClientRates,
  type WebHostingCustomerMonth,
  type WebHostingDomainLine,
  type WebHostingHostingLine,
  type WebHostingPlan,
  type WebHostingRateSet,
  type WebHostingRateSource,
  type WebHostingTld,
  type WebHostingWarning,
} from './web-hosting.schema.js';

const ZERO = new Dec(0);
const WHAT = 'reseller month end';

interface Site {
  id: string;
  customer: string;
  plan: WebHostingPlan;
}

interface DomainEvent {
  name: string;
  customer: string;
  action: WebHostingDomainAction;
  tld: WebHostingTld;
  day: number;
}

/**
 * The web-hosting reseller's month (seed 002): the vendor's month-end
 * invoice to the reseller and, per customer, what the reseller bills at its
 * own rates and its margin.
 *
 * - **Invoice.** "At the end of each month, we invoice you for any domain
 *   names registered, or renewed, at our discounted rates", and "web hosting
 *   fees … as per the hosting plan chosen, at standard reseller discounted
 *   rates": one line per plan (sites × the plan's reseller rate), then one
 *   line per domain registered or renewed in the month (the TLD's reseller
 *   rate for one year), totals for hosting, domains and both. No tax.
 * - **Which sites.** The seed is silent on proration. A site live on any
 *   day of the month, from `liveFrom` to `liveTo` inclusive (no `liveTo`:
 *   still live), is billed for the whole month, by the vendor and by the
 *   reseller; a site not live on any day of it is not billed. A site has
 *   one plan for the month: the one given.
 * - **Which domains.** Those whose `at` (the day the registration or renewal
 *   was executed, not the day it falls due) is in the month.
 * - **Time zone.** Months and days are UTC calendar days: the seed names no
 *   time zone. A date and time with an offset counts on its UTC day
 *   (`"2024-05-31T22:00:00-05:00"` is 2024-06-01).
 * - **Client rates.** `clientRates.customers[customer]` wins over
 *   `clientRates.plans` / `clientRates.domains`, which win over the
 *   catalog's suggested retail rate. Each client line says which in
 *   `source`. Margin is client amount − vendor cost, per line, per customer
 *   and in total, and may be negative.
 * - **Warnings.** "You should ensure you get at least a first months payment
 *   from your customer, or some sort of setup fee otherwise": each billed
 *   site without a rate of the reseller's own gets `no_client_rate` (its
 *   figures use the suggested retail rate, which nobody may have agreed to
 *   pay), and each billed at 0.00 gets `zero_client_rate`.
 * - **Money** is rounded half-up to the currency's minor unit per rate, so
 *   every line and total is exact: the invoice total is the sum of its lines
 *   and the customers' margins sum to the total margin.
 *
 * Bad input throws a `QuotekitError` rather than give a wrong invoice:
 * `invalid_date` (a month not `YYYY-MM`, a bad day, `liveTo` before
 * `liveFrom`), `invalid_plan` (a plan the catalog lacks, in a site or in
 * `clientRates`), `unknown_product` (a TLD the catalog lacks),
 * `invalid_amount` (a rate that is not a decimal ≥ 0), `invalid_catalog`,
 * and `invalid_input` (a wrong shape or a key it does not know, such as a
 * misspelt `liveUntil` or a domain's `years`, a site id twice, a domain name without
 * a dot or below a registrable name, a domain registered or renewed twice
 * in the month). Every site and domain given is checked, billed or not.
 *
 * @example
 * resellerMonthEnd({
 *   month: '2024-05',
 *   sites: [{ id: 'acme-web', customer: 'acme', plan: 'business', liveFrom: '2024-05-20' }],
 *   domains: [{ name: 'acme.com', customer: 'acme', action: 'register', at: '2024-05-18' }],
 *   clientRates: { plans: { business: '35.00' } },
 * }).totals; // { vendorCost: '25.00', clientTotal: '50.00', margin: '25.00' }
 */
export function resellerMonthEnd(input: ResellerMonthEndInput): ResellerMonthEnd {
  const parsed = parseInput(ResellerMonthEndInputSchema, input, WHAT);
  const catalog =
    parsed.catalog === undefined ? webHostingCatalog() : parseWebHostingCatalog(parsed.catalog);
  const { currency } = catalog;
  const money = (amount: AmountInput): Dec => roundMoney(toDecimal(amount), currency);
  const text = (amount: Dec): string => moneyString(amount, currency);
  const plans = new Map(catalog.plans.map((plan) => [plan.id, plan]));
  const tlds = new Map(catalog.domains.map((entry) => [entry.tld, entry]));
  const month = monthDaysOrNull(parsed.month)!;
  const inMonth = (day: number) => day >= month.first && day <= month.last;

  // Every site is checked, billed or not.
  const ids = new Set<string>();
  const billedSites: Site[] = [];
  parsed.sites.forEach((site, i) => {
    if (ids.has(site.id)) throw invalid('invalid_input', `sites.${i}.id`, `repeats ${site.id}`);
    ids.add(site.id);
    const plan = plans.get(site.plan);
    if (plan === undefined) {
      throw invalid('invalid_plan', `sites.${i}.plan`, unknownPlan(site.plan, catalog));
    }
    const from = utcDayOrNull(site.liveFrom)!;
    const to = site.liveTo === undefined ? null : utcDayOrNull(site.liveTo)!;
    if (to !== null && to < from) {
      throw invalid('invalid_date', `sites.${i}.liveTo`, 'is before liveFrom');
    }
    // Live on any day of the month: billed for the whole month.
    if (from <= month.last && (to === null || to >= month.first)) {
      billedSites.push({ id: site.id, customer: site.customer, plan });
    }
  });

  const billedDomains: DomainEvent[] = [];
  const seen = new Set<string>();
  (parsed.domains ?? []).forEach((domain, i) => {
    const at = `domains.${i}.name`;
    const name = domainNameOf(domain.name);
    const tld = tldOf(name, tlds, at, catalog);
    const day = utcDayOrNull(domain.at)!;
    if (!inMonth(day)) return;
    const key = `${domain.action} ${name}`;
    if (seen.has(key)) {
      throw invalid(
        'invalid_input',
        `domains.${i}`,
        `repeats the ${domain.action === 'register' ? 'registration' : 'renewal'} of ${name} in ${parsed.month}`,
      );
    }
    seen.add(key);
    billedDomains.push({ name, customer: domain.customer, action: domain.action, tld, day });
  });
  // Stable: events of one day keep their input order.
  billedDomains.sort((a, b) => a.day - b.day);

  const rates = parsed.clientRates;
  checkRates(rates, plans, tlds, catalog);

  // The vendor's invoice.
  const hostingLines: WebHostingHostingLine[] = [];
  for (const plan of catalog.plans) {
    const sites = billedSites.filter((site) => site.plan.id === plan.id);
    if (sites.length === 0) continue;
    const unit = money(plan.reseller);
    hostingLines.push({
      type: 'hosting',
      plan: plan.id,
      description: `${plan.name} hosting, ${parsed.month}: ${sites.length} site${sites.length === 1 ? '' : 's'} × ${text(unit)}`,
      quantity: sites.length,
      unitAmount: text(unit),
      amount: text(unit.times(sites.length)),
      sites: sites.map((site) => site.id),
    });
  }
  const domainLines = billedDomains.map((event): WebHostingDomainLine => {
    const unit = money(event.tld[event.action].reseller);
    return {
      type: 'domain',
      action: event.action,
      domain: event.name,
      tld: event.tld.tld,
      customer: event.customer,
      at: dayString(event.day),
      description: `${event.name} ${event.action === 'register' ? 'registration' : 'renewal'}, 1 year`,
      quantity: 1,
      unitAmount: text(unit),
      amount: text(unit),
    };
  });
  const sum = (amounts: string[]) => amounts.reduce((total, a) => total.plus(a), ZERO);
  const hostingTotal = sum(hostingLines.map((line) => line.amount));
  const domainsTotal = sum(domainLines.map((line) => line.amount));
  const invoiceTotal = hostingTotal.plus(domainsTotal);

  // What the reseller bills, per customer.
  const customers = new Map<string, { lines: WebHostingClientLine[]; cost: Dec; amount: Dec }>();
  const add = (customer: string, line: WebHostingClientLine) => {
    let entry = customers.get(customer);
    if (entry === undefined)
      customers.set(customer, (entry = { lines: [], cost: ZERO, amount: ZERO }));
    entry.lines.push(line);
    entry.cost = entry.cost.plus(line.cost);
    entry.amount = entry.amount.plus(line.amount);
  };
  const warnings: WebHostingWarning[] = [];
  for (const site of billedSites) {
    const [amount, source] = clientRate(rates, site.customer, (set) =>
      own(set.plans, site.plan.id),
    ) ?? [site.plan.retail, 'suggested'];
    const client = money(amount);
    const cost = money(site.plan.reseller);
    add(site.customer, {
      type: 'hosting',
      site: site.id,
      plan: site.plan.id,
      amount: text(client),
      cost: text(cost),
      margin: text(client.minus(cost)),
      source,
    });
    const where = `Site ${site.id} (customer ${site.customer}, plan ${site.plan.id}) is live in ${parsed.month}`;
    const remind =
      "Collect at least a first month's payment, or a setup fee, from the customer before a site goes live.";
    if (source === 'suggested') {
      warnings.push({
        code: 'no_client_rate',
        site: site.id,
        customer: site.customer,
        plan: site.plan.id,
        message: `${where} with no client rate: its figures use the suggested retail rate ${text(client)}. ${remind}`,
      });
    } else if (client.isZero()) {
      warnings.push({
        code: 'zero_client_rate',
        site: site.id,
        customer: site.customer,
        plan: site.plan.id,
        message: `${where} and billed 0.00 to the customer. ${remind}`,
      });
    }
  }
  for (const event of billedDomains) {
    const [amount, source] = clientRate(rates, event.customer, (set) =>
      own(own(set.domains, event.tld.tld), event.action),
    ) ?? [event.tld[event.action].retail, 'suggested'];
    const client = money(amount);
    const cost = money(event.tld[event.action].reseller);
    add(event.customer, {
      type: 'domain',
      action: event.action,
      domain: event.name,
      tld: event.tld.tld,
      at: dayString(event.day),
      amount: text(client),
      cost: text(cost),
      margin: text(client.minus(cost)),
      source,
    });
  }

  let clientTotal = ZERO;
  const perCustomer = [...customers.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customer, entry]): WebHostingCustomerMonth => {
      clientTotal = clientTotal.plus(entry.amount);
      return {
        customer,
        lines: entry.lines,
        vendorCost: text(entry.cost),
        clientTotal: text(entry.amount),
        margin: text(entry.amount.minus(entry.cost)),
      };
    });

  return {
    month: parsed.month,
    period: { from: dayString(month.first), to: dayString(month.last) },
    currency,
    invoice: {
      lines: [...hostingLines, ...domainLines],
      totals: {
        hosting: text(hostingTotal),
        domains: text(domainsTotal),
        total: text(invoiceTotal),
      },
    },
    customers: perCustomer,
    totals: {
      vendorCost: text(invoiceTotal),
      clientTotal: text(clientTotal),
      margin: text(clientTotal.minus(invoiceTotal)),
    },
    warnings,
  };
}

/** `record[key]` when it is the record's own (a customer named "constructor" is no prototype). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The customer's own rate, else the reseller's rate for everyone, else null. */
function clientRate(
  rates: WebHostingClientRates | undefined,
  customer: string,
  pick: (set: WebHostingRateSet) => AmountInput | undefined,
): [AmountInput, WebHostingRateSource] | null {
  if (rates === undefined) return null;
  const forCustomer = own(rates.customers, customer);
  const mine = forCustomer === undefined ? undefined : pick(forCustomer);
  if (mine !== undefined) return [mine, 'customer'];
  const everyone = pick(rates);
  return everyone === undefined ? null : [everyone, 'reseller'];
}

/** The catalog TLD of a domain name, which must be one label above it. */
function tldOf(
  name: string,
  tlds: Map<string, WebHostingTld>,
  path: string,
  catalog: WebHostingCatalog,
): WebHostingTld {
  if (tlds.has(name)) throw invalid('invalid_input', path, `is a TLD (${name}), not a domain`);
  const labels = name.split('.');
  // The longest suffix the catalog sells: "example.co.uk" is under "co.uk" before "uk".
  for (let start = 1; start < labels.length; start += 1) {
    const tld = tlds.get(labels.slice(start).join('.'));
    if (tld === undefined) continue;
    if (start > 1) {
      const registrable = labels.slice(start - 1).join('.');
      throw invalid(
        'invalid_input',
        path,
        `is not a registrable name (${name}): register ${registrable} itself`,
      );
    }
    return tld;
  }
  const known = catalog.domains.map((entry) => `.${entry.tld}`).join(', ');
  throw invalid(
    'unknown_product',
    path,
    `has a TLD the catalog lacks (${name}); it sells ${known || 'no domains'}`,
  );
}

/** Every plan and TLD the client rates name must be the catalog's. */
function checkRates(
  rates: WebHostingClientRates | undefined,
  plans: Map<string, WebHostingPlan>,
  tlds: Map<string, WebHostingTld>,
  catalog: WebHostingCatalog,
): void {
  if (rates === undefined) return;
  const checkSet = (set: WebHostingRateSet, at: string) => {
    for (const plan of Object.keys(set.plans ?? {})) {
      if (!plans.has(plan)) {
        throw invalid('invalid_plan', `${at}plans.${plan}`, unknownPlan(plan, catalog));
      }
    }
    for (const tld of Object.keys(set.domains ?? {})) {
      if (!tlds.has(tld)) {
        const known = catalog.domains.map((entry) => entry.tld).join(', ');
        throw invalid(
          'unknown_product',
          `${at}domains.${tld}`,
          `is not a TLD of the catalog (${known || 'none'}; no leading dot)`,
        );
      }
    }
  };
  checkSet(rates, 'clientRates.');
  for (const [customer, set] of Object.entries(rates.customers ?? {})) {
    checkSet(set, `clientRates.customers.${customer}.`);
  }
}

function unknownPlan(plan: string, catalog: WebHostingCatalog): string {
  const known = catalog.plans.map((p) => JSON.stringify(p.id)).join(', ');
  return `is not a plan of the catalog (${JSON.stringify(plan)}); it has ${known}`;
}

function invalid(code: ErrorCode, path: string, message: string): QuotekitError {
  return new QuotekitError(code, `Invalid ${WHAT}: ${path} ${message}.`, {
    problems: [{ path, message }],
  });
}
