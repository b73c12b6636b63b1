/**
 * The web-hosting reseller of seed 002: hosting plans billed per site a
 * month, and domain registration and renewal per TLD, each with the rate the
 * vendor invoices the reseller ("standard reseller discounted rates", "our
 * discounted rates") and a suggested retail rate for the reseller's own
 * customers. The seed names no plan, no TLD and no price: every figure here
 * is a sample, marked `samplePrice: true`. Domain rates are for one year.
 */
export const webHostingCatalogJson = {
  id: 'web-hosting',
  name: 'Web hosting reseller',
  currency: 'USD',
  notes:
    'Seed 002. Published: month-end invoicing of hosting at reseller rates by plan and of domains ' +
    'registered or renewed at discounted rates. Plans, TLDs and every price are samples; domain rates are per year.',
  plans: [
    {
      id: 'starter',
      name: 'Starter',
      description: 'One small website built with the CMS.',
      reseller: '8.00',
      retail: '15.00',
      samplePrice: true,
    },
    {
      id: 'business',
      name: 'Business',
      description: 'A business website with more storage and traffic.',
      reseller: '15.00',
      retail: '29.00',
      samplePrice: true,
    },
    {
      id: 'ecommerce',
      name: 'E-commerce',
      description: 'An online shop.',
      reseller: '30.00',
      retail: '59.00',
      samplePrice: true,
    },
  ],
  domains: [
    {
      tld: 'com',
      register: { reseller: '10.00', retail: '15.00' },
      renew: { reseller: '12.00', retail: '18.00' },
      samplePrice: true,
    },
    {
      tld: 'net',
      register: { reseller: '12.00', retail: '17.00' },
      renew: { reseller: '13.00', retail: '19.00' },
      samplePrice: true,
    },
    {
      tld: 'org',
      register: { reseller: '11.00', retail: '16.00' },
      renew: { reseller: '12.50', retail: '18.00' },
      samplePrice: true,
    },
    {
      tld: 'co.uk',
      register: { reseller: '7.00', retail: '12.00' },
      renew: { reseller: '7.00', retail: '12.00' },
      samplePrice: true,
    },
    {
      tld: 'co.nz',
      register: { reseller: '20.00', retail: '30.00' },
      renew: { reseller: '20.00', retail: '30.00' },
      samplePrice: true,
    },
  ],
};
