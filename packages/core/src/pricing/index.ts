export { priceQuote, MAX_DISCOUNT_RATE, MINIMUM_TOP_UP } from './pricing.js';
export {
  QuoteConfigSchema,
  QuoteLineInputSchema,
  type PricedLine,
  type PricedQuote,
  type ProgramAmounts,
  type QuoteConfig,
  type QuoteLineInput,
  type QuoteTotals,
} from './pricing.schema.js';
