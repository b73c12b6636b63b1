import * as z from 'zod/mini';
import {
  coded,
  CountField,
  DateField,
  DiscountField,
  MoneyField,
  oneOf,
  RateField,
  SignedMoneyField,
  UsdField,
} from '../input.js';

import {
  PAYOUT_METHODS,
  REFERRAL_METHODS,
  type PayoutMethod,
  type ReferralMethod,
} from './methods.js';

export { PAYOUT_METHODS, REFERRAL_METHODS, type PayoutMethod, type ReferralMethod };

/** An ISO 3166-1 alpha-2 country code, any case (`"US"`): `invalid_country`. */
export const CountryField = coded<string>(
  'invalid_country',
  (v) => typeof v === 'string' && /^[A-Za-z]{2}$/.test(v),
  'must be a two-letter ISO 3166 country code',
);

export const CommissionRateOptionsSchema = z.object({
  /** The rate agreed with sales; replaces the 10 % from 500.00 up. */
  negotiatedRate: z.optional(RateField),
  /** Monthly payments of a linked reseller account, added to the total. */
  linkedResellerTotal: z.optional(MoneyField),
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type CommissionRateOptions = z.infer<typeof CommissionRateOptionsSchema>;

export const RefereeSchema = z.object({
  signedUpAt: DateField,
  /** The referee is the affiliate's own account. */
  selfReferral: z.optional(z.boolean()),
  /** The referee is a reseller account linked to the affiliate. */
  resellerAccount: z.optional(z.boolean()),
});
export type Referee = z.infer<typeof RefereeSchema>;

export const ReferralCommissionInputSchema = z.object({
  /** The statement's monthly value (affiliate classes), e.g. `totals.monthlyValue.affiliate`. */
  monthlyValue: MoneyField,
  /**
   * The value (affiliate classes) of one-time fees this statement bills,
   * e.g. `totals.oneTimeValue.affiliate`: a managed email migration or a
   * training class is commissionable like a month's service. Default none.
   */
  oneTimeValue: z.optional(MoneyField),
  /** The affiliate's commission rate, from `affiliateCommissionRate`. */
  rate: RateField,
  /** The customer's offer-code discount; default none. */
  discountRate: z.optional(DiscountField),
  referee: RefereeSchema,
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type ReferralCommissionInput = z.infer<typeof ReferralCommissionInputSchema>;

export const ReferralEligibilityInputSchema = z.object({
  method: oneOf('invalid_method', REFERRAL_METHODS),
  signedUpAt: DateField,
  /** When the attribution is decided (post facto: when it is asked for). */
  now: DateField,
  /** The order carried one of the affiliate's special offer codes (phone orders need one). */
  offerCode: z.optional(z.boolean()),
  /** The discount the customer was given; default none. */
  discountRate: z.optional(DiscountField),
  /** The visitor's last visit through an affiliate URL (the cookie's refresh time). */
  visitedAt: z.optional(DateField),
  /** The registered opportunity, for `method: 'opportunity'`. */
  opportunity: z.optional(z.object({ registeredAt: DateField, editedAt: z.optional(DateField) })),
});
export type ReferralEligibilityInput = z.infer<typeof ReferralEligibilityInputSchema>;

export const PayoutInputSchema = z.object({
  /** The balance eligible for payment; negative after a charge-back. */
  balance: SignedMoneyField,
  method: oneOf('invalid_method', PAYOUT_METHODS),
  /** The payment address's country; checks need `"US"`. */
  country: z.optional(CountryField),
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type PayoutInput = z.infer<typeof PayoutInputSchema>;

const IdSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const StatementSchema = z.object({
  id: IdSchema,
  /** The commission on this statement, e.g. `referralCommission(…).amount`. */
  commission: MoneyField,
  /** When the customer paid the statement in full; absent or null while unpaid. */
  paidInFullAt: z.optional(z.nullable(DateField)),
  /** When the referred customer signed up. */
  customerSince: DateField,
});
export type Statement = z.infer<typeof StatementSchema>;

export const ChargebackSchema = z.object({ statementId: IdSchema, at: DateField });
export type Chargeback = z.infer<typeof ChargebackSchema>;

export const CommissionLedgerInputSchema = z.object({
  statements: z.array(StatementSchema).check(z.maxLength(10_000)),
  chargebacks: z.optional(z.array(ChargebackSchema).check(z.maxLength(10_000))),
  payoutMethod: oneOf('invalid_method', PAYOUT_METHODS),
  country: z.optional(CountryField),
  /** The first month shown: any instant in it, or `"2024-01"`. */
  from: DateField,
  /** How many months to show, 1–120. */
  months: CountField,
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type CommissionLedgerInput = z.infer<typeof CommissionLedgerInputSchema>;

/** What `affiliateCommissionRate` returns. */
export interface CommissionRate {
  /** The Commission Percentage as a fraction (`"0.10"`). */
  rate: string;
  /** True from 500.00: the rate is for sales to agree. */
  contactSales: boolean;
  /** The next tier up, or null at the top. */
  nextTier: { at: string; rate: string; contactSales: boolean } | null;
}

/** Why a referral earns nothing. */
export type NoCommissionReason =
  'self_referral' | 'reseller_account' | 'signed_up_before_2012_03_01' | 'discount_not_below_rate';

/** What `referralCommission` returns. */
export interface ReferralCommission {
  /** The commission on the statement (`"25.00"`). */
  amount: string;
  /** The effective rate applied (`"0.05"`); `"0.00"` when nothing is earned. */
  rate: string;
  reason?: NoCommissionReason;
}

/** Why a referral method does not attribute the customer. */
export type IneligibleReason =
  | 'phone_without_offer_code'
  | 'visit_after_sign_up'
  | 'cookie_expired'
  | 'opportunity_after_sign_up'
  | 'opportunity_with_offer_code_or_cookie'
  | 'opportunity_expired'
  | 'post_facto_too_late'
  | 'post_facto_with_discount';

/** What `referralEligibility` returns. */
export interface ReferralEligibility {
  eligible: boolean;
  /** Whether this method may give the customer an offer-code discount. */
  discountAllowed: boolean;
  /** When the method stops attributing (cookie, opportunity, post facto), else null. */
  deadline: string | null;
  reason?: IneligibleReason;
}

/** What `payout` returns. */
export interface Payout {
  paid: string;
  carried: string;
  /** Why nothing was paid. */
  reason?: 'below_minimum' | 'check_us_only';
}

/** One month of `commissionLedger`. */
export interface LedgerMonth {
  /** `"2024-03"`, a New York calendar month. */
  month: string;
  /** Commission on statements paid in full this month. */
  granted: string;
  /** Commission that became payable this month (customer more than 30 days old). */
  payable: string;
  /** Commission debited by charge-backs this month. */
  chargedBack: string;
  /** Paid out by this month's payout run. */
  paid: string;
  /** Payable commission rolled over to next month after the payout run (negative after a charge-back on paid commission). */
  carried: string;
  /** Granted commission not yet payable, at month end. */
  pending: string;
  /** The account balance at month end: `carried + pending`; may be negative. */
  balance: string;
}
