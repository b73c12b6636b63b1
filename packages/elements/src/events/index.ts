export { QuoteChangeEvent } from './quote-change.js';
export { OfferChangeEvent } from './offer-change.js';
export { OrderSubmitEvent } from './order-submit.js';
export { OrderQueuedEvent } from './order-queued.js';
export { OrderSuccessEvent } from './order-success.js';
export { OrderErrorEvent } from './order-error.js';
export { LinkCopyEvent } from './link-copy.js';
export { QuotekitErrorEvent } from './error.js';
