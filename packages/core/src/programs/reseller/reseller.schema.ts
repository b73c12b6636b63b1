import * as z from 'zod/mini';
import { coded, MoneyField, UsdField } from '../input.js';

const IdSchema = z.string().check(z.minLength(1), z.maxLength(64));

/** One account the reseller pays for: its own, or one it globally manages. */
export const ResellerAccountSchema = z.object({
  id: IdSchema,
  /** What LuxSci bills for it a month, at retail (`totals.monthlyPayment` of its quote). */
  monthlyPayment: MoneyField,
  /** Its monthly value in reseller classes (`totals.monthlyValue.reseller`). */
  monthlyValue: MoneyField,
  /**
   * The value in reseller classes of one-time fees billed this month
   * (`totals.oneTimeValue.reseller`); credited like monthly value. Default none.
   */
  oneTimeValue: z.optional(MoneyField),
});
export type ResellerAccount = z.infer<typeof ResellerAccountSchema>;

/** The number of distinct sub-clients, or their ids (repeats count once): `invalid_quantity`. */
export const SubClientsField = coded<number | string[]>(
  'invalid_quantity',
  (v) =>
    (Number.isSafeInteger(v) && (v as number) >= 0) ||
    (Array.isArray(v) && v.length <= 100_000 && v.every((id) => typeof id === 'string')),
  'must be a whole number ≥ 0 or a list of sub-client ids',
);

export const ResellerEstimateInputSchema = z.object({
  accounts: z.array(ResellerAccountSchema).check(z.maxLength(10_000)),
  subClients: SubClientsField,
  /** Total monthly payments of a linked affiliate account's referred accounts. */
  linkedAffiliateTotal: z.optional(MoneyField),
  /** What the reseller charges its client a month, per account id. */
  clientPrices: z.optional(z.record(IdSchema, MoneyField)),
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type ResellerEstimateInput = z.infer<typeof ResellerEstimateInputSchema>;

/** What `resellerCreditRate` returns. */
export interface CreditRate {
  /** The Credit Percentage as a fraction (`"0.10"`, `"0.00"` for none). */
  rate: string;
  /** True from 500.00: the rate is for sales to agree. */
  askSales: boolean;
  /** The next tier up, or null at the top. */
  nextTier: { at: string; rate: string; askSales: boolean } | null;
}

/** One account of a `resellerEstimate`. */
export interface ResellerAccountEstimate {
  id: string;
  /** What the reseller pays for it (its monthly payment). */
  cost: string;
  /** Its monthly value (reseller classes). */
  value: string;
  /** The value of one-time fees billed this month (reseller classes); `"0.00"` when none. */
  oneTimeValue: string;
  /** rate × (value + oneTimeValue), rounded half-up; `"0.00"` when not eligible. */
  credit: string;
  /** What the reseller charges for it, or null when not given. */
  clientPrice: string | null;
  /** clientPrice − cost + credit, or null without a client price. */
  margin: string | null;
}

/** What `resellerEstimate` returns. */
export interface ResellerEstimate {
  /** Σ monthly payments + the linked affiliate total: what sets the rate. */
  totalMonthlyPayments: string;
  rate: string;
  askSales: boolean;
  /** At least 3 distinct sub-clients. */
  eligible: boolean;
  subClients: number;
  /** Σ cost. */
  cost: string;
  /** Σ value. */
  monthlyValue: string;
  /** Σ one-time value. */
  oneTimeValue: string;
  /** Σ credit, applied to the reseller's statement. */
  credit: string;
  /** Σ client price over accounts that have one; null without client prices. */
  clientPrice: string | null;
  /** Σ margin over accounts with a client price; null without client prices. */
  margin: string | null;
  accounts: ResellerAccountEstimate[];
}
