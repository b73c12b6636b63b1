export {
  affiliateCommissionRate,
  affiliateCookieExpiry,
  opportunityExpiry,
  effectiveCommissionRate,
  referralCommission,
  referralEligibility,
} from './affiliate.js';
export { commissionLedger, payout } from './payout.js';
export {
  ledgerMonths,
  type LedgerMonthEntry,
  type LedgerMonthPayout,
  type LedgerMonthRow,
} from './ledger-months.js';
export {
  commissionPayableAt,
  ledgerStanding,
  MonthField,
  payoutMonthEnd,
  payoutMonthOf,
  programInstant,
  statementFigures,
  StatementLineSchema,
  type LedgerFigure,
  type LedgerStanding,
  type StatementFigures,
  type StatementLine,
} from './ledger.js';
export {
  ChargebackSchema,
  CommissionLedgerInputSchema,
  CommissionRateOptionsSchema,
  PAYOUT_METHODS,
  PayoutInputSchema,
  REFERRAL_METHODS,
  RefereeSchema,
  ReferralCommissionInputSchema,
  ReferralEligibilityInputSchema,
  StatementSchema,
  type Chargeback,
  type CommissionLedgerInput,
  type CommissionRate,
  type CommissionRateOptions,
  type IneligibleReason,
  type LedgerMonth,
  type NoCommissionReason,
  type Payout,
  type PayoutInput,
  type PayoutMethod,
  type Referee,
  type ReferralCommission,
  type ReferralCommissionInput,
  type ReferralEligibility,
  type ReferralEligibilityInput,
  type ReferralMethod,
  type Statement,
} from './affiliate.schema.js';
export {
  affiliateEstimate,
  AffiliateEstimateInputSchema,
  type AffiliateEstimate,
  type AffiliateEstimateInput,
  type DiscountPoint,
} from './estimate.js';
export {
  attributionCandidates,
  canonicalEmail,
  isSelfReferral,
  isSharedMailDomain,
  type AttributionSources,
  type SelfReferralOptions,
} from './attribution.js';
export {
  matchedOn,
  matchKeys,
  normalizeCompany,
  phoneDigits,
  type MatchContact,
  type MatchKeyOptions,
} from './opportunity.js';
export * from './opportunity.schema.js';
