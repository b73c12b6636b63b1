// What the portal loads once a key is set: the partner client, the program's
// figures (decimal.js, the API's schemas) and the sections' templates. Apart
// from the element, so that the sign-in field paints without them and a page
// loads them only when a partner signs in.
export { PortalData } from './portal-data.js';
export { OpportunityForm, PayoutForm } from './forms.js';
export { renderSections } from './portal-sections.js';
