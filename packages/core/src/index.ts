export {
  QuotekitError,
  isStorefrontErrorCode,
  STOREFRONT_ERROR_CODES,
  isQuotekitError,
  type ErrorCode,
} from './errors.js';
export { ERROR_CODES, isErrorCode, PROGRAM_ERROR_CODES } from './error-codes.js';
export { problemsOf, parseWith, type Problem } from './validation.js';
export { CurrencySchema, DiscountRateSchema, ProductIdSchema } from './schemas.js';
export * from './money/index.js';
export * from './catalog/index.js';
export * from './pricing/index.js';
export * from './order/index.js';
export * from './partner/index.js';
export { catalogs } from './catalogs/index.js';
export * from './saved-quote/index.js';
export * from './programs/affiliate/index.js';
export * from './programs/reseller/index.js';
export * from './support/index.js';
export * from './web-hosting/index.js';
export * from './reseller-invoice/index.js';
