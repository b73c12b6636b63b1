export {
  openSavedQuote,
  openStoredQuote,
  savedQuoteUrl,
  storedQuoteUrl,
  type OpenSavedQuoteOptions,
  type OpenStoredQuoteOptions,
  type SavedQuoteUrlOptions,
} from './links.js';
