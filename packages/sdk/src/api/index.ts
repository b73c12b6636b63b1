export {
  createClient,
  type CallOptions,
  type ClientOptions,
  type FlushResult,
  type OrderSettled,
  type QuoteClient,
  type SubmitOrderOptions,
} from './client.js';
