import * as z from 'zod/mini';
import { Dec, moneyString, rateString, roundMoney } from '../../money/money.js';
import {
  dec,
  DateField,
  DiscountField,
  instantOf,
  MoneyField,
  parseInput,
  UsdField,
} from '../input.js';
import { affiliateCommissionRate } from './affiliate.js';
import { commissionLedger } from './payout.js';
import { CountryField, PAYOUT_METHODS } from './affiliate.schema.js';

const USD = 'USD';
/** The discounts an affiliate may give: 0 to 10 % in whole percents (seed 001 §5). */
const DISCOUNT_STEPS = Array.from({ length: 11 }, (_, i) => new Dec(i).div(100));
/** How far ahead the first payout is looked for. */
const PAYOUT_HORIZON_MONTHS = 13;

export const AffiliateEstimateInputSchema = z.object({
  /** What the referred customers pay a month at list price, before any offer discount. */
  monthlyPayments: MoneyField,
  /** Their monthly value (affiliate classes) at list price, e.g. `totals.monthlyValue.affiliate`. */
  monthlyValue: MoneyField,
  /**
   * The value (affiliate classes) of one-time fees on their first statement,
   * e.g. `totals.oneTimeValue.affiliate`; commissionable once. Default none.
   */
  oneTimeValue: z.optional(MoneyField),
  /** The offer-code discount the affiliate gives, 0–0.10; default none. */
  discountRate: z.optional(DiscountField),
  /** How the affiliate is paid; default `paypal`. */
  payoutMethod: z.optional(z.enum(PAYOUT_METHODS)),
  /** The payment address's country (checks need `"US"`). */
  country: z.optional(CountryField),
  /** When the customers sign up; default now. */
  from: z.optional(DateField),
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type AffiliateEstimateInput = z.infer<typeof AffiliateEstimateInputSchema>;

/** One point of the discount-versus-commission trade-off. Money a month, decimal strings. */
export interface DiscountPoint {
  discountRate: string;
  commission: string;
  saving: string;
}

/** What `affiliateEstimate` returns. Money is USD decimal strings. */
export interface AffiliateEstimate {
  /** The tier's Commission Percentage, from the payments after the discount. */
  rate: string;
  /** From 500.00 a month the rate is for sales to agree. */
  contactSales: boolean;
  /** `rate − discountRate`, never below 0. */
  effectiveRate: string;
  /** What the customers pay a month after the discount. */
  monthlyPayments: string;
  /** What the discount saves them a month. */
  saving: string;
  /** The commission on the first statement: the month's value plus the one-time fees'. */
  firstMonthCommission: string;
  /** The commission on each following statement (monthly value only). */
  monthlyCommission: string;
  /** The first twelve statements: `firstMonthCommission` + 11 × `monthlyCommission`. */
  yearlyCommission: string;
  /** How much more in monthly payments reaches the next tier, and its rate; null at the top. */
  nextTier: { more: string; rate: string; contactSales: boolean } | null;
  /** The first payout run that pays, by the payout rules (30-day hold, thresholds, checks US only). */
  firstPayout: { month: string; paid: string } | null;
  /** Why nothing is paid within a year: checks need a US address, or the balance stays at the minimum. */
  noPayoutReason: 'check_us_only' | 'below_minimum' | null;
  /** Commission and saving at each discount from 0 to 10 %. */
  byDiscount: DiscountPoint[];
}

/**
 * What an affiliate earns from referred customers paying `monthlyPayments`
 * a month (`monthlyValue` commissionable) when giving them an offer-code
 * discount: the tier's rate (set by the payments after the discount), the
 * effective rate C − d, the commission a month and a year (rate × the
 * value after the discount, rounded half-up; the first statement adds the
 * one-time fees' value, discounted alike), what the customers save,
 * how far the next tier is, when the first payout comes for the payout
 * method, and the trade-off at every discount from 0 to 10 %.
 *
 * @example
 * affiliateEstimate({ monthlyPayments: '300.00', monthlyValue: '250.00', discountRate: '0.05' });
 * // { rate: '0.10', effectiveRate: '0.05', monthlyPayments: '285.00', saving: '15.00',
 * //   monthlyCommission: '11.88', yearlyCommission: '142.56', … }
 */
export function affiliateEstimate(input: AffiliateEstimateInput): AffiliateEstimate {
  const parsed = parseInput(AffiliateEstimateInputSchema, input, 'affiliate estimate');
  const payments = roundMoney(dec(parsed.monthlyPayments), USD);
  const value = roundMoney(dec(parsed.monthlyValue), USD);
  const oneTime = roundMoney(dec(parsed.oneTimeValue ?? 0), USD);
  const d = dec(parsed.discountRate ?? 0);
  /** An amount after the offer discount `rate`, the discount rounded half-up as on a statement. */
  const after = (amount: Dec, rate: Dec) => amount.minus(roundMoney(amount.times(rate), USD));
  const point = (rate: Dec) => {
    const saving = roundMoney(payments.times(rate), USD);
    const paid = payments.minus(saving);
    const tier = affiliateCommissionRate(moneyString(paid, USD));
    const effective = Dec.max(new Dec(0), new Dec(tier.rate).minus(rate));
    const valueAfter = after(value, rate);
    const commission = roundMoney(valueAfter.times(effective), USD);
    return { saving, paid, tier, effective, valueAfter, commission };
  };
  const here = point(d);
  const first = roundMoney(here.valueAfter.plus(after(oneTime, d)).times(here.effective), USD);
  const from = parsed.from === undefined ? Date.now() : instantOf(parsed.from);
  const method = parsed.payoutMethod ?? 'paypal';
  const { firstPayout, reason } = payoutOf(first, here.commission, from, method, parsed.country);
  const next = here.tier.nextTier;
  return {
    rate: here.tier.rate,
    contactSales: here.tier.contactSales,
    effectiveRate: rateString(here.effective),
    monthlyPayments: moneyString(here.paid, USD),
    saving: moneyString(here.saving, USD),
    firstMonthCommission: moneyString(first, USD),
    monthlyCommission: moneyString(here.commission, USD),
    yearlyCommission: moneyString(first.plus(here.commission.times(11)), USD),
    nextTier:
      next === null
        ? null
        : {
            more: moneyString(new Dec(next.at).minus(here.paid), USD),
            rate: next.rate,
            contactSales: next.contactSales,
          },
    firstPayout,
    noPayoutReason: reason,
    byDiscount: DISCOUNT_STEPS.map((rate) => {
      const p = point(rate);
      return {
        discountRate: rateString(rate),
        commission: moneyString(p.commission, USD),
        saving: moneyString(p.saving, USD),
      };
    }),
  };
}

/** The ledger of a customer who signs up at `from` and pays every month on the same day. */
function payoutOf(
  first: Dec,
  commission: Dec,
  from: number,
  method: (typeof PAYOUT_METHODS)[number],
  country: string | undefined,
): { firstPayout: AffiliateEstimate['firstPayout']; reason: AffiliateEstimate['noPayoutReason'] } {
  const start = new Date(from);
  const statements = Array.from({ length: PAYOUT_HORIZON_MONTHS }, (_, i) => ({
    id: `m${i}`,
    commission: moneyString(i === 0 ? first : commission, USD),
    paidInFullAt: new Date(
      Date.UTC(
        start.getUTCFullYear(),
        start.getUTCMonth() + i,
        Math.min(start.getUTCDate(), 28),
        12,
      ),
    ).toISOString(),
    customerSince: start.toISOString(),
  }));
  const ledger = commissionLedger({
    statements,
    payoutMethod: method,
    ...(country === undefined ? {} : { country }),
    from: start.toISOString(),
    months: PAYOUT_HORIZON_MONTHS,
  });
  const month = ledger.find((row) => new Dec(row.paid).gt(0));
  if (month) return { firstPayout: { month: month.month, paid: month.paid }, reason: null };
  const check = method === 'check' && country?.toUpperCase() !== 'US';
  return { firstPayout: null, reason: check ? 'check_us_only' : 'below_minimum' };
}
