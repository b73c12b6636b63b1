import { QuotekitError } from '../errors.js';
import type { Catalog, Product } from '../catalog/catalog.schema.js';
import { Dec, moneyString, rateString, roundMoney, toDecimal } from '../money/money.js';
import { MAX_DISCOUNT_RATE } from '../limits.js';
import { compiledBook, type CompiledProduct } from './compile.js';
import { explainLine } from './explain.js';
import { priceUnits, type Priced } from './models.js';
import type { LineBreakdown, PricedLine, PricedQuote, QuoteConfig } from './pricing.schema.js';

export { MAX_DISCOUNT_RATE };
export { explainLine };

/** The product id of the line that makes up a monthly minimum spend. */
export const MINIMUM_TOP_UP = 'minimum-monthly-top-up';

/** The largest quantity a line may have, whether it comes as a number or a string. */
const MAX_QUANTITY_UNITS = 1e12;
const MAX_QUANTITY = new Dec(MAX_QUANTITY_UNITS);
const ZERO = new Dec(0);
const ONE = new Dec(1);

/**
 * Prices a quote: each line priced by its model and
 * rounded half-up once, the offer discount taken per line, commissionable
 * value per program per line, totals as sums of rounded lines, and a top-up
 * line when monthly net falls below the catalog's minimum.
 *
 * Throws `QuotekitError`: `invalid_catalog`, `invalid_quote`,
 * `unknown_product`, `invalid_quantity`, `invalid_discount`,
 * `invalid_currency` — never returns NaN or a silent zero.
 *
 * @example
 * priceQuote(catalogs.luxsci, {
 *   lines: [{ product: 'starter-plus-user', quantity: 25 }, { product: 'dedicated-px2', quantity: 1 }],
 * }).totals.monthlyPayment; // "300.00"
 */
export function priceQuote(catalog: Catalog, config: QuoteConfig): PricedQuote {
  if (config === null || typeof config !== 'object' || !Array.isArray(config.lines)) {
    throw new QuotekitError('invalid_quote', 'A quote needs a `lines` array.', {});
  }
  const book = compiledBook(catalog, config.currency);
  const { currency } = book;
  const discountRate = readDiscount(config.discountRate);
  const seen = new Set<string>();

  const figures: Figures[] = config.lines.map((line, index) => {
    if (line === null || typeof line !== 'object' || typeof line.product !== 'string') {
      throw new QuotekitError('invalid_quote', `Line ${index + 1} needs a product id.`, {
        line: index + 1,
      });
    }
    const entry = book.products.get(line.product);
    if (entry === undefined) {
      throw new QuotekitError(
        'unknown_product',
        `Line ${index + 1}: no product ${JSON.stringify(line.product.slice(0, 64))} in catalog ${catalog.id}.`,
        { line: index + 1, product: line.product.slice(0, 64) },
      );
    }
    if (seen.has(line.product)) {
      throw new QuotekitError(
        'invalid_quote',
        `Line ${index + 1}: ${line.product} appears twice; give one line per product.`,
        { line: index + 1, product: line.product },
      );
    }
    seen.add(line.product);
    const quantity = readQuantity(entry, line.quantity, index);
    const priced = priceUnits(entry, quantity);
    const amount = roundMoney(priced.amount, currency);
    const discount = discountRate.isZero()
      ? ZERO
      : roundMoney(amount.times(discountRate), currency);
    const net = amount.minus(discount);
    return {
      product: entry.product,
      quantity: quantity.toNumber(),
      amount,
      discount,
      net,
      affiliate: roundMoney(net.times(entry.classes.affiliate), currency),
      reseller: roundMoney(net.times(entry.classes.reseller), currency),
      breakdown: breakdownOf(
        entry,
        priced,
        discountRate.isZero() ? null : { rate: discountRate, amount: discount },
        currency,
      ),
    };
  });

  let monthly = ZERO;
  for (const f of figures) if (f.product.billing === 'monthly') monthly = monthly.plus(f.net);
  if (book.minimum !== null && monthly.lt(book.minimum)) {
    const topUp = book.minimum.minus(monthly);
    figures.push({
      product: TOP_UP_PRODUCT,
      quantity: 1,
      amount: topUp,
      discount: ZERO,
      net: topUp,
      affiliate: ZERO,
      reseller: ZERO,
      breakdown: {
        model: 'top_up',
        unit: null,
        freeUnits: '0',
        billableUnits: '1',
        tiers: [],
        discount: null,
        topUp: {
          minimum: moneyString(book.minimum, currency),
          monthly: moneyString(monthly, currency),
          amount: moneyString(topUp, currency),
        },
      },
    });
  }
  return quoteOf(figures, currency, discountRate);
}

/** A line's figures before they become boundary strings. */
interface Figures {
  product: Pick<Product, 'id' | 'name' | 'billing'>;
  quantity: number;
  amount: Dec;
  discount: Dec;
  net: Dec;
  affiliate: Dec;
  reseller: Dec;
  breakdown: LineBreakdown;
}

const TOP_UP_PRODUCT = {
  id: MINIMUM_TOP_UP,
  name: 'Monthly minimum top-up',
  billing: 'monthly',
} as const;

function quoteOf(figures: Figures[], currency: string, discountRate: Dec): PricedQuote {
  let subtotal = ZERO;
  let discount = ZERO;
  let monthlyPayment = ZERO;
  let oneTime = ZERO;
  let affiliate = ZERO;
  let reseller = ZERO;
  let oneTimeAffiliate = ZERO;
  let oneTimeReseller = ZERO;
  const lines: PricedLine[] = figures.map((f) => {
    const amount = moneyString(f.amount, currency);
    subtotal = subtotal.plus(f.amount);
    discount = discount.plus(f.discount);
    if (f.product.billing === 'monthly') {
      monthlyPayment = monthlyPayment.plus(f.net);
      affiliate = affiliate.plus(f.affiliate);
      reseller = reseller.plus(f.reseller);
    } else {
      oneTime = oneTime.plus(f.net);
      oneTimeAffiliate = oneTimeAffiliate.plus(f.affiliate);
      oneTimeReseller = oneTimeReseller.plus(f.reseller);
    }
    return {
      product: f.product.id,
      name: f.product.name,
      billing: f.product.billing,
      quantity: f.quantity,
      amount,
      discount: moneyString(f.discount, currency),
      net: moneyString(f.net, currency),
      value: {
        affiliate: moneyString(f.affiliate, currency),
        reseller: moneyString(f.reseller, currency),
      },
      breakdown: f.breakdown,
      explain: explainLine({ amount, breakdown: f.breakdown }, currency),
    };
  });
  return {
    currency,
    discountRate: rateString(discountRate),
    lines,
    totals: {
      subtotal: moneyString(subtotal, currency),
      discount: moneyString(discount, currency),
      monthlyPayment: moneyString(monthlyPayment, currency),
      oneTime: moneyString(oneTime, currency),
      monthlyValue: {
        affiliate: moneyString(affiliate, currency),
        reseller: moneyString(reseller, currency),
      },
      oneTimeValue: {
        affiliate: moneyString(oneTimeAffiliate, currency),
        reseller: moneyString(oneTimeReseller, currency),
      },
    },
  };
}

function readDiscount(input: unknown): Dec {
  if (input === undefined || input === null) return ZERO;
  let rate: Dec;
  try {
    rate = toDecimal(input, 'discountRate');
  } catch {
    throw new QuotekitError('invalid_discount', 'discountRate must be a decimal fraction.', {});
  }
  if (rate.isNegative() || rate.gt(MAX_DISCOUNT_RATE)) {
    throw new QuotekitError(
      'invalid_discount',
      `discountRate must be between 0 and ${MAX_DISCOUNT_RATE}, got ${rate.toString()}.`,
      { discountRate: rate.toString() },
    );
  }
  return rate;
}

function quantityError(entry: CompiledProduct, index: number, why: string): QuotekitError {
  return new QuotekitError('invalid_quantity', `Line ${index + 1} (${entry.product.id}): ${why}.`, {
    line: index + 1,
    product: entry.product.id,
  });
}

function readQuantity(entry: CompiledProduct, input: unknown, index: number): Dec {
  // Whole-number input within bounds, the common case, needs no Decimal checks;
  // anything else takes the checks below, the cap among them.
  if (
    typeof input === 'number' &&
    Number.isSafeInteger(input) &&
    input <= MAX_QUANTITY_UNITS &&
    input >= entry.minUnits &&
    (entry.maxUnits === null || input <= entry.maxUnits) &&
    entry.wholeStep
  ) {
    return new Dec(input);
  }
  const fail = (why: string) => quantityError(entry, index, why);
  let quantity: Dec;
  try {
    quantity = toDecimal(input, 'quantity');
  } catch {
    throw fail('quantity must be a number');
  }
  if (quantity.isNegative()) throw fail('quantity cannot be negative');
  if (quantity.gt(MAX_QUANTITY)) throw fail('quantity is too large');
  if (entry.step.eq(ONE) ? !quantity.isInteger() : !quantity.mod(entry.step).isZero()) {
    throw fail(
      entry.step.eq(ONE)
        ? 'quantity must be a whole number'
        : `quantity must be a multiple of ${entry.step.toString()}`,
    );
  }
  if (quantity.lt(entry.min)) throw fail(`quantity must be at least ${entry.min.toString()}`);
  if (entry.max !== null && quantity.gt(entry.max)) {
    throw fail(`quantity must be at most ${entry.max.toString()}`);
  }
  return quantity;
}

/** The priced line's breakdown as boundary strings. */
function breakdownOf(
  entry: CompiledProduct,
  priced: Priced,
  discount: { rate: Dec; amount: Dec } | null,
  currency: string,
): LineBreakdown {
  return {
    model: entry.price.model,
    unit: entry.product.unit ?? null,
    freeUnits: entry.free.toString(),
    billableUnits: priced.billable.toString(),
    tiers: priced.tiers.map((tier) => ({
      units: tier.units.toString(),
      unitAmount: tier.unitText || moneyString(tier.unitAmount, currency),
      amount: moneyString(tier.units.times(tier.unitAmount), currency),
      from: tier.from.toString(),
      upTo: tier.upTo === null ? null : tier.upTo.toString(),
    })),
    discount:
      discount === null
        ? null
        : { rate: rateString(discount.rate), amount: moneyString(discount.amount, currency) },
    topUp: null,
  };
}
