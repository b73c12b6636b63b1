/**
 * The platform Reseller Plan of seed 003: Instances, Domains and Units, with
 * Units on graduated tiers, never discounted; the first Instance, first Domain and first 100
 * Units free; a 250.00 monthly minimum; USD, GBP and AUD. The seed publishes
 * the minimum (USD) and the free allowances; every unit price, and the GBP
 * and AUD minimums, are samples. So are the Units' `unitFactors` (how many
 * Units one GB of storage, one record, one email or one API call counts
 * as), which `resellerPlanInvoice` converts peak usage with: the seed names
 * the metrics but not their conversion.
 */
export const resellerPlanCatalogJson = {
  id: 'reseller-plan',
  name: 'Reseller Plan',
  currency: 'USD',
  minimumMonthly: '250.00',
  notes:
    'Seed 003. Published: the 250.00 USD monthly minimum, first Instance, Domain and 100 Units free, ' +
    'graduated Units, Units made of Storage, Records, Emails and API Calls, a discount on Instances and ' +
    'Domains only (Units are never discounted). Unit prices, the GBP and AUD ' +
    'minimums and the Units per metric (unitFactors: 1 per GB of storage, per 1,000 records, ' +
    'per 1,000 emails, per 10,000 API calls) are samples.',
  products: [
    {
      id: 'instances',
      name: 'Instances',
      billing: 'monthly',
      unit: 'instance',
      free: 1,
      classes: { affiliate: 0, reseller: 1 },
      price: { model: 'per_unit', unitAmount: '25.00' },
      samplePrice: true,
    },
    {
      id: 'domains',
      name: 'Domains',
      billing: 'monthly',
      unit: 'domain',
      free: 1,
      classes: { affiliate: 0, reseller: 1 },
      price: { model: 'per_unit', unitAmount: '5.00' },
      samplePrice: true,
    },
    {
      id: 'units',
      name: 'Units (storage, records, emails, API calls)',
      description: 'Billed on the peak value of the previous month.',
      billing: 'monthly',
      unit: 'unit',
      free: 100,
      // Seed 003: "A legacy discount code only applies to Sites/Instances and
      // Domains. Units are charged normally."
      discountable: false,
      // Samples: Units per GB of storage, per record, per email, per API call.
      unitFactors: { storage: '1', records: '0.001', emails: '0.001', apiCalls: '0.0001' },
      classes: { affiliate: 0, reseller: 1 },
      price: {
        model: 'graduated',
        tiers: [
          { upTo: 1000, unitAmount: '0.10' },
          { upTo: 10000, unitAmount: '0.05' },
          { upTo: null, unitAmount: '0.02' },
        ],
      },
      samplePrice: true,
    },
  ],
  priceBooks: {
    GBP: {
      minimumMonthly: '200.00',
      prices: {
        instances: { model: 'per_unit', unitAmount: '20.00' },
        domains: { model: 'per_unit', unitAmount: '4.00' },
        units: {
          model: 'graduated',
          tiers: [
            { upTo: 1000, unitAmount: '0.08' },
            { upTo: 10000, unitAmount: '0.04' },
            { upTo: null, unitAmount: '0.016' },
          ],
        },
      },
    },
    AUD: {
      minimumMonthly: '380.00',
      prices: {
        instances: { model: 'per_unit', unitAmount: '38.00' },
        domains: { model: 'per_unit', unitAmount: '7.50' },
        units: {
          model: 'graduated',
          tiers: [
            { upTo: 1000, unitAmount: '0.15' },
            { upTo: 10000, unitAmount: '0.075' },
            { upTo: null, unitAmount: '0.03' },
          ],
        },
      },
    },
  },
};
