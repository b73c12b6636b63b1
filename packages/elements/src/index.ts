// @quotekit/elements: the classes, events and helpers. Importing this
// defines no tag; import `@quotekit/elements/<tag>` (or load the paste-in
// `cdn/quotekit.js`) to define them.
export { CommissionEstimator } from './components/commission-estimator/commission-estimator.js';
export { PartnerPortal } from './components/partner-portal/partner-portal.js';
export { OfferCodeInput } from './components/offer-code-input/offer-code-input.js';
export { QuoteBuilder, type QuoteBuilderMode } from './components/quote-builder/quote-builder.js';
export { SupportTokenCalculator } from './components/support-token-calculator/support-token-calculator.js';
export * from './events/index.js';
export { quoteSessionContext } from './internal/session.js';
export { defineElement } from './internal/define.js';
