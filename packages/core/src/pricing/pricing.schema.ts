import * as z from 'zod/mini';

import { CurrencySchema, DiscountRateSchema, QuoteLineInputSchema } from '../schemas.js';

export { QuoteLineInputSchema, type QuoteLineInput } from '../schemas.js';

/** What `priceQuote` prices: lines, an optional offer discount (0–0.10) and currency. */
export const QuoteConfigSchema = z.object({
  lines: z.array(QuoteLineInputSchema).check(z.maxLength(200)),
  discountRate: z.optional(DiscountRateSchema),
  currency: z.optional(CurrencySchema),
});
export type QuoteConfig = z.infer<typeof QuoteConfigSchema>;

/** Money and rates at the boundary are decimal strings. */
export interface ProgramAmounts {
  affiliate: string;
  reseller: string;
}

export interface PricedLine {
  product: string;
  /** The product's display name. */
  name: string;
  billing: 'monthly' | 'one_time';
  quantity: number;
  /** The line's price before discount, rounded half-up to the minor unit. */
  amount: string;
  /** `amount × discountRate`, rounded half-up. */
  discount: string;
  /** `amount − discount`. */
  net: string;
  /** `net × class` per program, rounded half-up: the line's commissionable value. */
  value: ProgramAmounts;
  /** How the line was priced, as data: what a component renders and localises. */
  breakdown: LineBreakdown;
  /** How the line was priced, in English words, built from `breakdown`. */
  explain: string;
}

/** One price tier's share of a line. Counts and money are decimal strings. */
export interface BreakdownTier {
  /** Units priced in this tier. */
  units: string;
  /** The tier's price per unit (sub-cent digits kept: `"0.0125"`); for a flat price, the price. */
  unitAmount: string;
  /** `units × unitAmount`, rounded half-up to the minor unit. The line's `amount` rounds the unrounded sum. */
  amount: string;
  /** The tier's first unit. */
  from: string;
  /** The tier's last unit; `null` for the open-ended last tier. */
  upTo: string | null;
}

/**
 * How a line was priced: the price model, the units given free, the tiers
 * used (in order; one for `per_unit`, `volume` and an included `flat`, none
 * for an excluded `flat` or the top-up), the offer discount, and for the
 * monthly-minimum line the shortfall it makes up.
 */
export interface LineBreakdown {
  model: 'flat' | 'per_unit' | 'graduated' | 'volume' | 'top_up';
  /** The catalog's unit name (`"user"`), or `null`. */
  unit: string | null;
  /** Units that came off the quantity before the model applied (`"0"` when none). */
  freeUnits: string;
  /** Quantity minus free units, never below 0. */
  billableUnits: string;
  tiers: BreakdownTier[];
  /** The offer discount taken off this line, or `null`. */
  discount: { rate: string; amount: string } | null;
  /** For the `minimum-monthly-top-up` line: the minimum, the monthly total below it, and the top-up. */
  topUp: { minimum: string; monthly: string; amount: string } | null;
}

export interface QuoteTotals {
  /** Σ amount. */
  subtotal: string;
  /** Σ discount. */
  discount: string;
  /** Σ net of monthly lines (including a minimum top-up). */
  monthlyPayment: string;
  /** Σ net of one-time lines. */
  oneTime: string;
  /** Σ value of monthly lines, per program. */
  monthlyValue: ProgramAmounts;
  /**
   * Σ value of one-time lines, per program: one-time fees such as a managed
   * email migration are commissionable on the statement that bills them.
   */
  oneTimeValue: ProgramAmounts;
}

export interface PricedQuote {
  currency: string;
  /** The discount rate applied, as a decimal-string fraction (`"0.00"` when none). */
  discountRate: string;
  lines: PricedLine[];
  totals: QuoteTotals;
}
