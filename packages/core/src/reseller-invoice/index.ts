export { resellerPlanInvoice } from './reseller-invoice.js';
export {
  ResellerPlanInvoiceInputSchema,
  type InvoiceDomain,
  type InvoiceItemLine,
  type InvoiceLine,
  type InvoiceSite,
  type InvoiceTopUpLine,
  type InvoiceUnitsLine,
  type MetricUnits,
  type ResellerPlanInvoice,
  type ResellerPlanInvoiceInput,
  type SiteUnits,
  type UsageSample,
} from './reseller-invoice.schema.js';
