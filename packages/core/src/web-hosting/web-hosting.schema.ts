import * as z from 'zod/mini';
import { AmountSchema } from '../catalog/catalog.schema.js';
import { coded, MoneyField } from '../programs/input.js';
import { TextSchema } from '../schemas.js';
import { monthDaysOrNull, utcDayOrNull } from './dates.js';

// ─── The catalog ────────────────────────────────────────────────────────────

const IdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a kebab-case id (a-z, 0-9, -)'));

/** A TLD as the catalog lists it, without a leading dot: `"com"`, `"co.uk"`. */
const TldSchema = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
      'must be a lower-case TLD without a leading dot ("com", "co.uk")',
    ),
  );

/** What the vendor invoices the reseller (`reseller`) and a suggested price to its customers (`retail`). */
export const WebHostingRatesSchema = z.object({
  reseller: AmountSchema,
  retail: AmountSchema,
});
export type WebHostingRates = z.infer<typeof WebHostingRatesSchema>;

/** A hosting plan, billed per site a month. */
export const WebHostingPlanSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  /** The vendor's reseller rate per site a month. */
  reseller: AmountSchema,
  /** The suggested retail rate per site a month. */
  retail: AmountSchema,
  /** True when the price is a sample, not one the vendor published. */
  samplePrice: z.optional(z.boolean()),
});
export type WebHostingPlan = z.infer<typeof WebHostingPlanSchema>;

/** Domain registration and renewal of one TLD, for one year. */
export const WebHostingTldSchema = z.object({
  tld: TldSchema,
  register: WebHostingRatesSchema,
  renew: WebHostingRatesSchema,
  /** True when the prices are samples, not ones the vendor published. */
  samplePrice: z.optional(z.boolean()),
});
export type WebHostingTld = z.infer<typeof WebHostingTldSchema>;

/** A web-hosting reseller's price list: `catalogs.webHosting`, or one of your own. */
export const WebHostingCatalogSchema = z.object({
  id: IdSchema,
  name: z.optional(z.string()),
  /** The currency of every rate. */
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')),
  plans: z.array(WebHostingPlanSchema).check(z.minLength(1)),
  domains: z.array(WebHostingTldSchema),
  /** Where the data comes from, and which prices are samples. */
  notes: z.optional(z.string()),
});
export type WebHostingCatalog = z.infer<typeof WebHostingCatalogSchema>;

// ─── The input of resellerMonthEnd ──────────────────────────────────────────

const LABEL = '(?!-)[a-z0-9-]{1,63}(?<!-)';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);

/** A domain name in any case and surrounding space, read as lower case. */
export function domainNameOf(value: string): string {
  return value.trim().toLowerCase();
}

/** A calendar day (see `utcDayOrNull`): `invalid_date`. */
export const DayField = coded<string | Date>(
  'invalid_date',
  (v) => utcDayOrNull(v) !== null,
  'must be a Date, an ISO 8601 date ("2024-05-31", a UTC day) or a date and time with Z or an offset ("2024-05-31T09:00:00Z")',
);

/** A month, `"YYYY-MM"`: `invalid_date`. */
export const MonthField = coded<string>(
  'invalid_date',
  (v) => monthDaysOrNull(v) !== null,
  'must be a month written YYYY-MM ("2024-05")',
);

/** A plan id (whether the catalog has it is checked against the catalog): `invalid_plan`. */
export const PlanIdField = coded<string>(
  'invalid_plan',
  (v) => typeof v === 'string' && v.length >= 1 && v.length <= 64,
  'must be the id of a hosting plan',
);

/** A registrable-looking domain name, with at least one dot: `invalid_input`. */
export const DomainNameField = coded<string>(
  'invalid_input',
  (v) =>
    typeof v === 'string' &&
    v.length <= 260 &&
    domainNameOf(v).length <= 253 &&
    DOMAIN.test(domainNameOf(v)),
  'must be a domain name such as example.com: dot-separated labels of letters, digits and hyphens',
);

/** What a domain event did. */
export const WEB_HOSTING_DOMAIN_ACTIONS = ['register', 'renew'] as const;
export type WebHostingDomainAction = (typeof WEB_HOSTING_DOMAIN_ACTIONS)[number];

const ActionField = coded<WebHostingDomainAction>(
  'invalid_input',
  (v) => v === 'register' || v === 'renew',
  'must be "register" or "renew"',
);

const RefSchema = TextSchema(1, 100);

/** A customer website on the reseller's account; an unknown key is refused. */
export const WebHostingSiteSchema = z.strictObject({
  /** Unique among the sites. */
  id: RefSchema,
  /** The reseller's customer, compared exactly as written. */
  customer: RefSchema,
  /** The hosting plan it is on. */
  plan: PlanIdField,
  /** The first day it is live (UTC). */
  liveFrom: DayField,
  /** The last day it is live (UTC, inclusive); absent while it stays live. */
  liveTo: z.optional(DayField),
});
export type WebHostingSite = z.infer<typeof WebHostingSiteSchema>;

/** A domain registered or renewed for a customer; an unknown key is refused. */
export const WebHostingDomainSchema = z.strictObject({
  /** The registrable name, `example.com` (any case). */
  name: DomainNameField,
  customer: RefSchema,
  action: ActionField,
  /** When the registration or renewal was executed (UTC day), not when it falls due. */
  at: DayField,
});
export type WebHostingDomain = z.infer<typeof WebHostingDomainSchema>;

/** What the reseller charges for a domain of one TLD; either may be left out. */
export const WebHostingDomainRatesSchema = z.strictObject({
  register: z.optional(MoneyField),
  renew: z.optional(MoneyField),
});

/** A set of the reseller's own rates: per plan a site a month, per TLD a year. */
export const WebHostingRateSetSchema = z.strictObject({
  plans: z.optional(z.record(z.string(), MoneyField)),
  domains: z.optional(z.record(z.string(), WebHostingDomainRatesSchema)),
});
export type WebHostingRateSet = z.infer<typeof WebHostingRateSetSchema>;

/**
 * The reseller's own rates: for every customer (`plans`, `domains`), and per
 * customer (`customers[customer]`), which wins. Whatever neither sets is the
 * catalog's suggested retail rate.
 */
export const WebHostingClientRatesSchema = z.strictObject({
  plans: z.optional(z.record(z.string(), MoneyField)),
  domains: z.optional(z.record(z.string(), WebHostingDomainRatesSchema)),
  customers: z.optional(z.record(RefSchema, WebHostingRateSetSchema)),
});
export type WebHostingClientRates = z.infer<typeof WebHostingClientRatesSchema>;

export const ResellerMonthEndInputSchema = z.strictObject({
  /** The month invoiced, `"YYYY-MM"`, in UTC. */
  month: MonthField,
  sites: z.array(WebHostingSiteSchema).check(z.maxLength(10_000)),
  /** Default none. */
  domains: z.optional(z.array(WebHostingDomainSchema).check(z.maxLength(10_000))),
  /** Default: the catalog's suggested retail rates. */
  clientRates: z.optional(WebHostingClientRatesSchema),
  /** Default `catalogs.webHosting`. */
  catalog: z.optional(z.unknown()),
});
export type ResellerMonthEndInput = Omit<z.input<typeof ResellerMonthEndInputSchema>, 'catalog'> & {
  catalog?: WebHostingCatalog;
};

// ─── The result ─────────────────────────────────────────────────────────────

/** A line of the vendor's invoice to the reseller: one per plan billed. */
export interface WebHostingHostingLine {
  type: 'hosting';
  plan: string;
  description: string;
  /** Sites billed on the plan. */
  quantity: number;
  /** The plan's reseller rate per site. */
  unitAmount: string;
  amount: string;
  /** The ids of the sites billed, in input order. */
  sites: string[];
}

/** A line of the vendor's invoice to the reseller: one per domain registered or renewed. */
export interface WebHostingDomainLine {
  type: 'domain';
  action: WebHostingDomainAction;
  /** The name, in lower case. */
  domain: string;
  tld: string;
  customer: string;
  /** The UTC day it was executed, `"YYYY-MM-DD"`. */
  at: string;
  description: string;
  quantity: 1;
  /** The TLD's reseller rate for the action. */
  unitAmount: string;
  amount: string;
}

export type WebHostingInvoiceLine = WebHostingHostingLine | WebHostingDomainLine;

/** Where a client rate came from. */
export type WebHostingRateSource = 'customer' | 'reseller' | 'suggested';

/** One thing the reseller bills a customer for this month. */
export type WebHostingClientLine =
  | {
      type: 'hosting';
      site: string;
      plan: string;
      /** What the reseller bills the customer for the site this month. */
      amount: string;
      /** What the vendor invoices the reseller for it. */
      cost: string;
      /** amount − cost. */
      margin: string;
      source: WebHostingRateSource;
    }
  | {
      type: 'domain';
      action: WebHostingDomainAction;
      domain: string;
      tld: string;
      at: string;
      amount: string;
      cost: string;
      margin: string;
      source: WebHostingRateSource;
    };

/** One customer's month. */
export interface WebHostingCustomerMonth {
  customer: string;
  lines: WebHostingClientLine[];
  /** Σ cost: the customer's share of the vendor's invoice. */
  vendorCost: string;
  /** Σ amount: what the reseller bills the customer. */
  clientTotal: string;
  /** clientTotal − vendorCost; may be negative. */
  margin: string;
}

/** A reminder the result carries alongside the figures. */
export interface WebHostingWarning {
  /**
   * `no_client_rate`: the reseller set no rate of its own for the site, so its
   * client figures use the suggested retail rate. `zero_client_rate`: the
   * site is billed 0.00 to its customer.
   */
  code: 'no_client_rate' | 'zero_client_rate';
  site: string;
  customer: string;
  plan: string;
  message: string;
}

/** What `resellerMonthEnd` returns; money as decimal strings in the catalog currency. */
export interface ResellerMonthEnd {
  month: string;
  /** The month's first and last UTC day, `"YYYY-MM-DD"`. */
  period: { from: string; to: string };
  currency: string;
  /** The vendor's month-end invoice to the reseller. */
  invoice: {
    lines: WebHostingInvoiceLine[];
    totals: { hosting: string; domains: string; total: string };
  };
  /** Per customer (sorted by id), what the reseller bills at its own rates. */
  customers: WebHostingCustomerMonth[];
  /** vendorCost is the invoice total; clientTotal and margin are Σ over customers. */
  totals: { vendorCost: string; clientTotal: string; margin: string };
  warnings: WebHostingWarning[];
}
