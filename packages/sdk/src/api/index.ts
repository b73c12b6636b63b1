export {
  createClient,
  type CallOptions,
  type ClientOptions,
  type FlushResult,
  type OrderSettled,
  type QuoteClient,
  type SavedQuoteOptions,
  type SubmitOrderOptions,
} from './client.js';
