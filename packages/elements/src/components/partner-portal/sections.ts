// What the portal loads once a key is set: the partner client, the program's
// figures (decimal.js, the API's schemas) and the sections' templates. Apart
// from the element, so that the sign-in field paints without them and the
// paste-in autoloader's map of the portal stays small.
export { PortalData } from './portal-data.js';
export { renderOverview } from './overview.js';
export { nextSort, renderReferrals } from './referrals.js';
export { renderEarnings } from './earnings.js';
