export {
  createQuoteStores,
  type CatalogState,
  type OfferState,
  type OrderState,
  type PricedQuoteState,
  type QuoteConfigState,
  type QuoteStores,
  type QuoteStoresOptions,
  type SubmitOrderInput,
} from './stores.js';
