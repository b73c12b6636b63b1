import * as z from 'zod/mini';
import { AffiliateIdSchema, TextSchema } from '../schemas.js';
import { DateField, MoneyField, UsdField } from '../programs/input.js';
import { MonthField, StatementLineSchema } from '../programs/affiliate/ledger.js';
import { PAYOUT_METHODS, REFERRAL_METHODS } from '../programs/affiliate/methods.js';
import { PartnerSchema } from './partner.schema.js';

// The billing statements, ledger, payouts and the partner's own views as the
// Order API takes and answers them (`/v1/statements`, `/v1/payout-runs`,
// `/v1/partner`). Money is a decimal string in US dollars throughout.

/** A statement's id as the vendor's billing system names it: 1–64 letters, digits, `_ . : -`. */
export const StatementIdSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
      'must be 1–64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
    ),
  );

/**
 * `POST /v1/statements` body. A referred customer's statement names the
 * order that opened the account (`orderId`); a reseller's own bill names the
 * reseller (`partner`) and the sub-clients it serves (`subClients`).
 */
export const BillingStatementRequestSchema = z.strictObject({
  id: StatementIdSchema,
  orderId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  partner: z.optional(AffiliateIdSchema),
  subClients: z.optional(
    z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(10_000)),
  ),
  /** The month billed, `"2026-03"`: `invalid_date` otherwise. */
  period: MonthField,
  issuedAt: DateField,
  /** The program's currency, `USD` (the default): `invalid_currency` otherwise. */
  currency: z.optional(UsdField),
  lines: z.array(StatementLineSchema).check(z.minLength(1), z.maxLength(500)),
  /** When the customer paid it in full; later with `POST /v1/statements/:id/payments`. */
  paidInFullAt: z.optional(DateField),
});
export type BillingStatementRequest = z.infer<typeof BillingStatementRequestSchema>;

/** `POST /v1/statements/:id/payments` body. */
export const StatementPaymentRequestSchema = z.strictObject({ paidInFullAt: DateField });
export type StatementPaymentRequest = z.infer<typeof StatementPaymentRequestSchema>;

/** `POST /v1/statements/:id/chargebacks` body. */
export const StatementChargebackRequestSchema = z.strictObject({
  at: DateField,
  reason: z.optional(TextSchema(1, 500)),
});
export type StatementChargebackRequest = z.infer<typeof StatementChargebackRequestSchema>;

const ProgramAmountsSchema = z.object({ affiliate: z.string(), reseller: z.string() });

/** A billing statement as stored, with its figures by the catalog's classes. */
export const BillingStatementSchema = z.object({
  id: z.string(),
  kind: z.enum(['referral', 'reseller']),
  orderId: z.nullable(z.string()),
  /** The partner credited: the account's referrer, or the reseller; null when the account has none. */
  partner: z.nullable(z.string()),
  period: z.string(),
  issuedAt: z.string(),
  currency: z.literal('USD'),
  lines: z.array(z.object({ product: z.string(), amount: z.string() })),
  figures: z.object({
    total: z.string(),
    monthlyPayment: z.string(),
    oneTime: z.string(),
    monthlyValue: ProgramAmountsSchema,
    oneTimeValue: ProgramAmountsSchema,
  }),
  subClients: z.nullable(z.array(z.string())),
  paidInFullAt: z.nullable(z.string()),
  chargeback: z.nullable(z.object({ at: z.string(), reason: z.nullable(z.string()) })),
  createdAt: z.string(),
});
export type BillingStatement = z.infer<typeof BillingStatementSchema>;

/** Where a statement's commission stands. */
export const COMMISSION_STATUSES = [
  'unpaid',
  'pending',
  'payable',
  'charged_back',
  'none',
] as const;

/** The commission a referral statement earns its partner, fixed when it was posted. */
export const StatementCommissionSchema = z.object({
  partner: z.string(),
  /** The tier's Commission Percentage when the statement was posted. */
  tierRate: z.string(),
  /** The effective rate: the tier's less the customer's offer-code discount. */
  rate: z.string(),
  amount: z.string(),
  /** Why nothing is earned: `self_referral`, `reseller_account`, `signed_up_before_2012_03_01`, `discount_not_below_rate`, `partner_closed`. */
  reason: z.optional(z.string()),
  /**
   * `unpaid` until the statement is paid in full, then `pending` until the
   * customer has been one for more than 30 days, then `payable`;
   * `charged_back` after a charge-back; `none` when nothing is earned.
   */
  status: z.enum(COMMISSION_STATUSES),
  /** When it becomes (or became) payable; null while unpaid or when nothing is earned. */
  payableAt: z.nullable(z.string()),
});
export type StatementCommissionAnswer = z.infer<typeof StatementCommissionSchema>;

/** The credit a reseller's own bill gets (seed 000 §3, §5): applied to the bill when issued. */
export const StatementCreditSchema = z.object({
  partner: z.string(),
  rate: z.string(),
  amount: z.string(),
  subClients: z.number(),
  /** Why no credit: `too_few_sub_clients` (fewer than 3 distinct) or `below_first_tier`. */
  reason: z.optional(z.string()),
});

/** `POST /v1/statements` and the payment and charge-back routes answer this. */
export const StatementAnswerSchema = z.object({
  statement: BillingStatementSchema,
  /** A referral statement's commission; null for an account no partner referred, and for a reseller's bill. */
  commission: z.nullable(StatementCommissionSchema),
  /** A reseller's own bill: the credit to apply to it; null for a referral statement. */
  credit: z.nullable(StatementCreditSchema),
});
export type StatementAnswer = z.infer<typeof StatementAnswerSchema>;

/** One line of a partner's append-only ledger. */
export const LedgerEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  type: z.enum(['commission', 'chargeback', 'payout', 'reseller_credit', 'adjustment']),
  statementId: z.nullable(z.string()),
  payoutId: z.nullable(z.string()),
  /** Signed decimal string. */
  amount: z.string(),
  /** A commission's (or a pending commission's charge-back's) payable date. */
  payableAt: z.nullable(z.string()),
  /** The balance once this entry was written; a reseller credit (applied to a bill) leaves it. */
  balanceAfter: z.string(),
});
export type LedgerEntryAnswer = z.infer<typeof LedgerEntrySchema>;

/** `GET /v1/partner/ledger`: oldest first, and the cursor of the next page, null on the last. */
export const LedgerPageSchema = z.object({
  entries: z.array(LedgerEntrySchema),
  nextCursor: z.nullable(z.string()),
});

/** One partner's payout: a line of a month's run, or the final payout at closing. */
export const PayoutSchema = z.object({
  id: z.string(),
  partner: z.string(),
  name: z.string(),
  kind: z.enum(['monthly', 'final']),
  month: z.nullable(z.string()),
  at: z.string(),
  method: z.enum(PAYOUT_METHODS),
  paypalEmail: z.nullable(z.string()),
  country: z.string(),
  /** Paid; `"0.00"` when the balance rolled over. */
  amount: z.string(),
  /** Rolled over to the next month. */
  carried: z.string(),
  /** Why nothing was paid: `below_minimum` or `check_us_only`. */
  reason: z.nullable(z.string()),
});
export type PayoutAnswer = z.infer<typeof PayoutSchema>;

/** `POST /v1/payout-runs` body. */
export const PayoutRunRequestSchema = z.strictObject({ month: MonthField });

/** A month's payout run: each partner with a ledger, paid or rolled over with its reason. */
export const PayoutRunSchema = z.object({
  month: z.string(),
  ranAt: z.string(),
  /** The instant balances were taken at: the month's end, midnight in New York. */
  cutoff: z.string(),
  /** Σ paid. */
  paid: z.string(),
  payouts: z.array(PayoutSchema),
});
export const PayoutRunResponseSchema = z.object({ run: PayoutRunSchema });

/** `POST /v1/partners/:id/referrals` body: an account referred before 2012-03-01. */
export const ReferralImportRequestSchema = z.strictObject({
  orderId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  company: TextSchema(1, 200),
  signedUpAt: DateField,
  monthlyPayments: MoneyField,
});
export const ImportedReferralSchema = z.object({
  id: z.string(),
  partner: z.string(),
  orderId: z.nullable(z.string()),
  company: z.string(),
  signedUpAt: z.string(),
  monthlyPayments: z.string(),
  createdAt: z.string(),
});
export const ImportedReferralResponseSchema = z.object({ referral: ImportedReferralSchema });

/** A partner's account at an instant. */
export const StandingSchema = z.object({
  balance: z.string(),
  payable: z.string(),
  pending: z.string(),
});

/** `POST /v1/partners/:id/close` answers the closed partner and its final payout. */
export const PartnerClosedSchema = z.object({
  partner: PartnerSchema,
  /** The account when it was closed. */
  standing: StandingSchema,
  /** The final payout (also when the balance was too small to pay); null for an account with nothing on it. */
  payout: z.nullable(PayoutSchema),
});

/** `GET /v1/partner`: the partner's profile, tier, balances and next payout. */
export const PartnerAccountSchema = z.object({
  partner: PartnerSchema,
  tier: z.object({
    /** Active referred accounts' monthly payments (each account's latest statement, imported ones too). */
    totalMonthlyPayments: z.string(),
    /** The Commission Percentage (an affiliate) or Credit Percentage (a reseller). */
    rate: z.string(),
    /** From $500.00 a month: the rate is for sales to agree. */
    contactSales: z.boolean(),
    nextTier: z.nullable(
      z.object({
        at: z.string(),
        rate: z.string(),
        contactSales: z.boolean(),
        /** How much more in monthly payments reaches it. */
        missing: z.string(),
      }),
    ),
  }),
  balance: z.string(),
  payable: z.string(),
  pending: z.string(),
  nextPayout: z.object({
    month: z.string(),
    /** When the month's run may happen: its end, midnight in New York. */
    date: z.string(),
    method: z.enum(PAYOUT_METHODS),
    /** What it would pay on what is payable by then, as things stand. */
    amount: z.string(),
    willPay: z.boolean(),
    /** Why it will not pay: `below_minimum`, `check_us_only` or `partner_closed`. */
    reason: z.nullable(z.string()),
  }),
});
export type PartnerAccount = z.infer<typeof PartnerAccountSchema>;

/** One referred account as its partner sees it: never the customer's name, email or phone. */
export const PartnerReferralSchema = z.object({
  /** The order that opened the account; null for an imported account without one. */
  orderId: z.nullable(z.string()),
  signedUpAt: z.string(),
  method: z.union([z.enum(REFERRAL_METHODS), z.literal('imported')]),
  company: z.nullable(z.string()),
  /** `active` once billed, `awaiting_statement` before, `imported` for an account from before 2012-03-01. */
  status: z.enum(['active', 'awaiting_statement', 'imported']),
  /** The latest statement's monthly payments; an imported account's recorded ones. */
  latestMonthlyPayment: z.nullable(z.string()),
  /** The latest statement's commissionable value (affiliate classes). */
  latestMonthlyValue: z.nullable(z.string()),
  /** Commission granted on the account's paid statements, less charge-backs. */
  commissionToDate: z.string(),
});
export type PartnerReferral = z.infer<typeof PartnerReferralSchema>;
export const PartnerReferralListSchema = z.object({
  referrals: z.array(PartnerReferralSchema),
  nextCursor: z.nullable(z.string()),
});

/** `GET /v1/partner/payouts`: newest first. */
export const PartnerPayoutListSchema = z.object({ payouts: z.array(PayoutSchema) });
