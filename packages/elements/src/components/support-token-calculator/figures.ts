// The support rules the calculator runs. Loaded apart from the element, so
// that its form paints before decimal.js and the schemas arrive.
export { slaDeadlines, supportCost, ticketTokens } from '@quotekit/core';
