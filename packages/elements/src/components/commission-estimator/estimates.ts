// The program rules the estimator runs. Loaded apart from the element, so
// that its form paints before decimal.js and the schemas arrive.
export { affiliateEstimate, resellerEstimate } from '@quotekit/core';
