import * as z from 'zod/mini';

const NumberLike = z.union([z.number(), z.string().check(z.maxLength(40))]);

/** One line of a quote configuration: a product id and how many. */
export const QuoteLineInputSchema = z.object({
  product: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: NumberLike,
});
export type QuoteLineInput = z.infer<typeof QuoteLineInputSchema>;

/** What `priceQuote` prices: lines, an optional offer discount (0–0.10) and currency. */
export const QuoteConfigSchema = z.object({
  lines: z.array(QuoteLineInputSchema).check(z.maxLength(200)),
  discountRate: z.optional(NumberLike),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
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
  /** How the line was priced, in words. */
  explain: string;
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
}

export interface PricedQuote {
  currency: string;
  /** The discount rate applied, as a decimal-string fraction (`"0.00"` when none). */
  discountRate: string;
  lines: PricedLine[];
  totals: QuoteTotals;
}
