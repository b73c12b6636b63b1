// @quotekit/sdk: quotekit in the browser. Nothing runs at import.
export * from './attribution/index.js';
export * from './api/index.js';
export * from './outbox/index.js';
export * from './links/index.js';
export * from './session/index.js';
export { toQuotekitError } from './errors.js';
export * from './offer/index.js';
export * from './partner/index.js';
