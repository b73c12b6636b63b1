export {
  createQuoteSession,
  type CatalogState,
  type OfferState,
  type OrderState,
  type QuoteConfigState,
  type QuoteSession,
  type QuoteSessionOptions,
  type QuoteState,
  type SubmitOrderInput,
} from './session.js';
export { quoteSessionFor, type QuoteSessionForOptions } from './registry.js';
export { existingSession, onSession, sessionKey } from './sessions.js';
