export { explainLine, priceQuote, MAX_DISCOUNT_RATE, MINIMUM_TOP_UP } from './pricing.js';
export { nextTier, type NextTier } from './next-tier.js';
export {
  QuoteConfigSchema,
  QuoteLineInputSchema,
  type BreakdownTier,
  type LineBreakdown,
  type PricedLine,
  type PricedQuote,
  type ProgramAmounts,
  type QuoteConfig,
  type QuoteLineInput,
  type QuoteTotals,
} from './pricing.schema.js';
