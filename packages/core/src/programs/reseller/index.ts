export { resellerCreditRate, resellerEstimate } from './reseller.js';
export {
  ResellerAccountSchema,
  ResellerEstimateInputSchema,
  type CreditRate,
  type ResellerAccount,
  type ResellerAccountEstimate,
  type ResellerEstimate,
  type ResellerEstimateInput,
} from './reseller.schema.js';
