import * as z from 'zod/mini';
import { Dec, toDecimal, type AmountInput } from '../money/money.js';
import type { BreakdownTier } from '../pricing/pricing.schema.js';
import { coded, DateField } from '../programs/input.js';
import { TextSchema } from '../schemas.js';

/** The most Units, or usage of one metric, an invoice counts: beyond it, `invalid_quantity`. */
export const MAX_INVOICE_UNITS = new Dec('1e12');
/** The largest usage sample value read: beyond it, `invalid_quantity`. */
const MAX_SAMPLE = new Dec('1e15');

const DECIMAL_TEXT = /^\d+(?:\.\d+)?$/;

/** A non-negative finite decimal from a number or a plain decimal string, or null. */
function decimalOrNull(value: unknown): Dec | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? toDecimal(value) : null;
  }
  if (typeof value === 'string' && value.length <= 40 && DECIMAL_TEXT.test(value.trim())) {
    return toDecimal(value);
  }
  return null;
}

/** A calendar month, `"2024-05"`: `invalid_date`. */
export const MonthField = coded<string>(
  'invalid_date',
  (v) => typeof v === 'string' && /^\d{4}-(?:0[1-9]|1[0-2])$/.test(v),
  'must be a month as YYYY-MM ("2024-05")',
);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A sample's instant: an ISO 8601 date-time with `Z` or an offset: `invalid_date`. */
export const SampleAtField = coded<string>(
  'invalid_date',
  (v) => typeof v === 'string' && DATE_TIME.test(v) && DateField.safeParse(v).success,
  'must be an ISO 8601 date-time with Z or an offset ("2024-05-14T09:30:00Z", "2024-05-14T10:30:00+01:00")',
);

/** A usage sample's value: a finite decimal from 0 to 10^15: `invalid_quantity`. */
export const SampleValueField = coded<AmountInput>(
  'invalid_quantity',
  (v) => {
    const d = decimalOrNull(v);
    return d !== null && d.lte(MAX_SAMPLE);
  },
  'must be a finite, non-negative number or decimal string (at most 1e15)',
);

/** A whole number of Units, 0 to 10^12: `invalid_quantity`. */
export const UnitCountField = coded<number>(
  'invalid_quantity',
  (v) => Number.isSafeInteger(v) && (v as number) >= 0 && MAX_INVOICE_UNITS.gte(v as number),
  'must be a whole number of Units from 0 to 1e12',
);

/** A legacy discount code's rate, a fraction from 0 to 1 (`"0.20"`): `invalid_discount`. */
export const LegacyRateField = coded<AmountInput>(
  'invalid_discount',
  (v) => {
    const d = decimalOrNull(v);
    return d !== null && d.lte(1);
  },
  'must be a decimal fraction from 0 to 1',
);

/** A currency code in any case (`"gbp"`); whether the catalog prices in it is checked after: `invalid_currency`. */
export const InvoiceCurrencyField = coded<string>(
  'invalid_currency',
  (v) => typeof v === 'string' && /^[A-Za-z]{3}$/.test(v.trim()),
  'must be a three-letter currency code such as USD, GBP or AUD',
);

export const UsageSampleSchema = z.strictObject({
  at: SampleAtField,
  value: SampleValueField,
});
export type UsageSample = z.infer<typeof UsageSampleSchema>;

const MetricKey = z
  .string()
  .check(
    z.regex(/^[a-z][A-Za-z0-9]{0,31}$/, 'must be a camelCase metric name (storage, apiCalls)'),
  );

/** A site of the subscription and its usage samples per metric. */
export const InvoiceSiteSchema = z.strictObject({
  id: TextSchema(1, 128),
  /** Moved from an old plan in the migration offer: the legacy discount applies to its Instance. */
  migrated: z.optional(z.boolean()),
  /** Per metric (`storage`, `records`, `emails`, `apiCalls`, or any other the catalog converts), samples in any order. */
  usage: z.record(MetricKey, z.optional(z.array(UsageSampleSchema).check(z.maxLength(100_000)))),
});
export type InvoiceSite = z.infer<typeof InvoiceSiteSchema>;

/** A domain of the subscription. */
export const InvoiceDomainSchema = z.strictObject({
  name: TextSchema(1, 253).check(z.regex(/^\S+$/, 'must be a domain name without spaces')),
  /** The id of the site it points at, one of `sites`. */
  site: z.optional(TextSchema(1, 128)),
  /** Moved from an old plan in the migration offer: the legacy discount applies to it. */
  migrated: z.optional(z.boolean()),
});
export type InvoiceDomain = z.infer<typeof InvoiceDomainSchema>;

/** What `resellerPlanInvoice` bills. */
export const ResellerPlanInvoiceInputSchema = z.strictObject({
  /** The month of usage billed (in arrears), `"2024-05"`; its bounds are UTC. */
  month: MonthField,
  /** `USD` (default), `GBP` or `AUD`, in any case. */
  currency: z.optional(InvoiceCurrencyField),
  sites: z.array(InvoiceSiteSchema).check(z.maxLength(10_000)),
  domains: z.optional(z.array(InvoiceDomainSchema).check(z.maxLength(100_000))),
  /** A migration offer's Units: `freeUnits` come off, `minimumUnits` are billed at least. */
  allowances: z.optional(
    z.strictObject({
      freeUnits: z.optional(UnitCountField),
      minimumUnits: z.optional(UnitCountField),
    }),
  ),
  /** A legacy discount code: its rate, 0 to 1, off migrated sites' Instances and migrated Domains. */
  discount: z.optional(z.strictObject({ rate: LegacyRateField })),
});
export type ResellerPlanInvoiceInput = z.infer<typeof ResellerPlanInvoiceInputSchema>;

/** What every invoice line has. Money as decimal strings with the currency's minor unit. */
interface InvoiceLineBase {
  /** The catalog product's display name. */
  name: string;
  /** Instances, Domains or Units counted for the month; 1 for the top-up. */
  quantity: number;
  /** Of `quantity`, how many cost nothing (the plan's and the offer's free allowances). */
  free: number;
  /** `quantity − free`. */
  billable: number;
  /** The billable quantity priced, before any discount, rounded half-up once. */
  amount: string;
  /** The legacy discount taken off this line, rounded half-up. */
  discount: string;
  /** `amount − discount`. */
  net: string;
  /** How the line was worked out, in English. */
  explain: string;
}

/** The Instances (one per site) or Domains line. */
export interface InvoiceItemLine extends InvoiceLineBase {
  product: 'instances' | 'domains';
  /** Of `quantity`, how many were migrated (the rest are new). */
  migrated: number;
  /** The price of one (null for a catalog that does not price them per unit). */
  unitAmount: string | null;
  /** The legacy discount's rate, or null without one. */
  discountRate: string | null;
  /** Billable migrated ones the legacy discount covered. */
  discounted: number;
}

/** One metric of one site: its peak in the month and the Units it makes. */
export interface MetricUnits {
  /** The highest sample within the month, exact; null when the month has none. */
  peak: string | null;
  /** `ceil(peak × factor)`. */
  units: number;
}

/** One site's Units. */
export interface SiteUnits {
  id: string;
  /** The sum of its metrics' Units. */
  units: number;
  /** Per metric the catalog converts. */
  metrics: Record<string, MetricUnits>;
}

/** The Units line. */
export interface InvoiceUnitsLine extends InvoiceLineBase {
  product: 'units';
  /** Units the sites used: the sum of `sites[].units`. */
  used: number;
  /** The offer's Minimum Units (0 when none): `quantity` is the larger of `used` and this. */
  minimumUnits: number;
  /** Of `free`: the plan's first Units (100) and the offer's Free Units. */
  freeUnits: { plan: number; offer: number };
  /** The graduated tiers the billable Units were priced in. */
  tiers: BreakdownTier[];
  sites: SiteUnits[];
}

/** The line that makes a total below the monthly minimum up to it. */
export interface InvoiceTopUpLine extends InvoiceLineBase {
  product: 'minimum-monthly-top-up';
  /** The monthly minimum of the price book. */
  minimum: string;
  /** The total of the other lines, after discounts. */
  monthly: string;
}

export type InvoiceLine = InvoiceItemLine | InvoiceUnitsLine | InvoiceTopUpLine;

/** What `resellerPlanInvoice` returns. */
export interface ResellerPlanInvoice {
  month: string;
  currency: string;
  /** Instances, Domains, Units, and the top-up when the total is below the minimum. */
  lines: InvoiceLine[];
  totals: {
    /** Σ amount. */
    subtotal: string;
    /** Σ discount. */
    discount: string;
    /** Σ net: what the month costs. */
    total: string;
  };
}
