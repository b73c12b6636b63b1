// The program rules the estimator runs. Loaded apart from the element, so
// that its form paints before decimal.js and the schemas arrive.
import { priceQuote, type Catalog, type PricedQuote, type QuoteLineInput } from '@quotekit/core';

export { affiliateEstimate, resellerEstimate } from '@quotekit/core';

/** The figures an estimate takes from a builder's quote, money as decimal strings. */
export interface QuoteFigures {
  /** The monthly payments: at list price for an affiliate, as billed for a reseller. */
  monthlyPayments: string;
  /** Their commissionable value a month, at the same price. */
  monthlyValue: string;
  /** The one-time fees' commissionable value, at the same price. */
  oneTimeValue: string;
  /** The offer code's discount the quote carries (`"0.05"`; `"0.00"` without a valid code). */
  discountRate: string;
}

/**
 * What `program` earns on is read from the builder's quote, priced in the
 * catalog's own price book (the programs pay in it). An affiliate's
 * estimate takes the list price and applies the discount itself, so it is
 * priced without the code; a reseller's credit is on what the account is
 * billed, code included.
 */
export function quoteFigures(
  program: 'affiliate' | 'reseller',
  quote: PricedQuote,
  catalog: Catalog,
  lines: QuoteLineInput[],
): QuoteFigures {
  const affiliate = program === 'affiliate';
  const priced = priceQuote(catalog, {
    lines,
    ...(affiliate ? {} : { discountRate: quote.discountRate }),
  });
  return {
    monthlyPayments: priced.totals.monthlyPayment,
    monthlyValue: priced.totals.monthlyValue[program],
    oneTimeValue: priced.totals.oneTimeValue[program],
    discountRate: quote.discountRate,
  };
}
