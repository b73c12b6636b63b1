export {
  decodeSavedQuote,
  encodeSavedQuote,
  MAX_SAVED_QUOTE_LENGTH,
  SAVED_QUOTE_VERSION,
  type SavedQuoteProblem,
} from './saved-quote.js';
export {
  SavedQuoteLineSchema,
  SavedQuoteLinkSchema,
  type SavedQuoteLink,
  type SavedQuoteLine,
} from './saved-quote.schema.js';
