import { QuotekitError } from '../errors.js';
import { parseCatalog, validated } from '../catalog/catalog.js';
import type { Catalog, Price, Product } from '../catalog/catalog.schema.js';
import { Dec, minorUnits, moneyString, rateString, roundMoney, toDecimal } from '../money/money.js';
import type {
  BreakdownTier,
  LineBreakdown,
  PricedLine,
  PricedQuote,
  QuoteConfig,
} from './pricing.schema.js';

import { MAX_DISCOUNT_RATE } from '../schemas.js';

export { MAX_DISCOUNT_RATE };
/** The product id of the line that makes up a monthly minimum spend. */
export const MINIMUM_TOP_UP = 'minimum-monthly-top-up';

const MAX_QUANTITY = new Dec('1e12');
const ZERO = new Dec(0);
const ONE = new Dec(1);

interface CompiledTier {
  upTo: Dec | null;
  unitAmount: Dec;
  /** The unit amount as `explain` shows it, worked out once. */
  unitText: string;
}
type CompiledPrice =
  | { model: 'flat'; amount: Dec }
  | { model: 'per_unit'; unitAmount: Dec; unitText: string }
  | { model: 'graduated' | 'volume'; tiers: CompiledTier[] };
export interface CompiledProduct {
  product: Product;
  price: CompiledPrice;
  free: Dec;
  min: Dec;
  max: Dec | null;
  step: Dec;
  /** The bounds as numbers, and whether the step is 1, for the whole-number fast path. */
  minUnits: number;
  maxUnits: number | null;
  wholeStep: boolean;
  classes: { affiliate: Dec; reseller: Dec };
}
interface CompiledBook {
  currency: string;
  minimum: Dec | null;
  products: Map<string, CompiledProduct>;
}

const compiled = new WeakMap<object, Map<string, CompiledBook>>();

/**
 * Prices a quote as SPEC.md defines it: each line priced by its model and
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
  // Whole-number input within bounds, the common case, needs no Decimal checks.
  if (
    typeof input === 'number' &&
    Number.isSafeInteger(input) &&
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

/** One tier's share of a line, before it becomes boundary strings. */
interface TierUse {
  units: Dec;
  unitAmount: Dec;
  unitText: string;
  from: Dec;
  upTo: Dec | null;
}

/** What a line's price model did with its billable units. */
interface Priced {
  amount: Dec;
  billable: Dec;
  tiers: TierUse[];
}

function priceUnits(entry: CompiledProduct, quantity: Dec): Priced {
  const billable = Dec.max(ZERO, quantity.minus(entry.free));
  const price = entry.price;
  switch (price.model) {
    case 'flat': {
      const tiers = billable.isZero()
        ? []
        : [{ units: billable, unitAmount: price.amount, unitText: '', from: ONE, upTo: null }];
      return { amount: price.amount.times(billable), billable, tiers };
    }
    case 'per_unit': {
      const { unitAmount, unitText } = price;
      const tiers = [{ units: billable, unitAmount, unitText, from: ONE, upTo: null }];
      return { amount: unitAmount.times(billable), billable, tiers };
    }
    case 'graduated': {
      let amount = ZERO;
      let below = ZERO;
      const tiers: TierUse[] = [];
      for (const tier of price.tiers) {
        if (!billable.gt(below)) break;
        const top = tier.upTo === null ? billable : Dec.min(billable, tier.upTo);
        const units = top.minus(below);
        amount = amount.plus(units.times(tier.unitAmount));
        tiers.push({ ...tier, units, from: below.plus(1) });
        below = top;
      }
      return { amount, billable, tiers };
    }
    case 'volume': {
      let below = ZERO;
      let chosen = price.tiers[price.tiers.length - 1]!;
      for (const tier of price.tiers) {
        if (tier.upTo === null || billable.lte(tier.upTo)) {
          chosen = tier;
          break;
        }
        below = tier.upTo;
      }
      const tiers = [{ ...chosen, units: billable, from: below.plus(1) }];
      return { amount: chosen.unitAmount.times(billable), billable, tiers };
    }
  }
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

/** A priced line in English words, built from its breakdown and amount. */
export function explainLine(
  line: Pick<PricedLine, 'amount' | 'breakdown'>,
  currency: string,
): string {
  const { breakdown: b } = line;
  if (b.topUp !== null) {
    return `monthly minimum ${money(b.topUp.minimum, currency)} − monthly total ${money(b.topUp.monthly, currency)} = ${money(b.topUp.amount, currency)}`;
  }
  const unit = b.unit ?? 'unit';
  const free = new Dec(b.freeUnits).isZero()
    ? ''
    : `first ${b.freeUnits} free, ${b.billableUnits} billable: `;
  const total = ` = ${line.amount}`;
  const range = (t: BreakdownTier) => `${t.from}–${t.upTo ?? '∞'}`;
  let words: string;
  switch (b.model) {
    case 'flat':
      words = b.tiers.length === 0 ? 'not included' : `flat ${line.amount}`;
      break;
    case 'per_unit':
      words = `${b.billableUnits} ${plural(unit, b.billableUnits)} × ${b.tiers[0]!.unitAmount}${total}`;
      break;
    case 'graduated':
      words = b.tiers.length
        ? b.tiers.map((t) => `${t.units} × ${t.unitAmount} (${range(t)})`).join(' + ') + total
        : `0 ${plural(unit, '0')}`;
      break;
    default: {
      const t = b.tiers[0]!;
      words = `${b.billableUnits} ${plural(unit, b.billableUnits)} × ${t.unitAmount} (volume tier ${range(t)})${total}`;
    }
  }
  const discount =
    b.discount === null
      ? ''
      : `; offer discount ${new Dec(b.discount.rate).times(100).toString()}% −${b.discount.amount}`;
  return free + words + discount;
}

function money(text: string, currency: string): string {
  return moneyString(new Dec(text), currency);
}

function plural(unit: string, count: string): string {
  return count === '1' ? unit : `${unit}s`;
}

export function compiledBook(catalog: Catalog, currency: string | undefined): CompiledBook {
  if (catalog === null || typeof catalog !== 'object') {
    throw new QuotekitError('invalid_catalog', 'A catalog object is required.', {});
  }
  let books = compiled.get(catalog);
  if (books === undefined) {
    // A catalog that did not come from parseCatalog is validated once, here.
    const valid = validated.has(catalog) ? catalog : parseCatalog(catalog);
    books = compileCatalog(valid);
    compiled.set(catalog, books);
  }
  // Currency codes are read in any case: " gbp" is GBP.
  const wanted = typeof currency === 'string' ? currency.trim().toUpperCase() : catalog.currency;
  const book = books.get(wanted);
  if (book === undefined) {
    throw new QuotekitError(
      'invalid_currency',
      `Catalog ${catalog.id} has no prices in ${String(wanted).slice(0, 8)}; it has ${[...books.keys()].join(', ')}.`,
      { currency: wanted, available: [...books.keys()] },
    );
  }
  return book;
}

function compileCatalog(catalog: Catalog): Map<string, CompiledBook> {
  const books = new Map<string, CompiledBook>();
  const build = (
    currency: string,
    minimum: unknown,
    priceOf: (p: Product) => Price,
  ): CompiledBook => ({
    currency,
    minimum: minimum === undefined ? null : toDecimal(minimum, 'minimumMonthly'),
    products: new Map(
      catalog.products.map((product) => [
        product.id,
        compileProduct(product, priceOf(product), currency),
      ]),
    ),
  });
  books.set(
    catalog.currency,
    build(catalog.currency, catalog.minimumMonthly, (p) => p.price),
  );
  for (const [code, book] of Object.entries(catalog.priceBooks ?? {})) {
    books.set(
      code,
      build(code, book.minimumMonthly, (p) => book.prices[p.id]!),
    );
  }
  return books;
}

function compileProduct(product: Product, price: Price, currency: string): CompiledProduct {
  const bounds = product.quantity ?? {};
  const max = price.model === 'flat' ? Math.min(bounds.max ?? 1, 1) : bounds.max;
  return {
    product,
    price: compilePrice(price, currency),
    free: new Dec(product.free ?? 0),
    min: new Dec(bounds.min ?? 0),
    max: max === undefined ? null : new Dec(max),
    step: new Dec(String(bounds.step ?? 1)),
    minUnits: bounds.min ?? 0,
    maxUnits: max ?? null,
    wholeStep: (bounds.step ?? 1) === 1,
    classes: {
      affiliate: new Dec(product.classes.affiliate),
      reseller: new Dec(product.classes.reseller),
    },
  };
}

function compilePrice(price: Price, currency: string): CompiledPrice {
  // Unit prices keep sub-cent digits (0.0125) but show at least the minor unit (4.00).
  const unitText = (d: Dec) =>
    d.decimalPlaces() > minorUnits(currency) ? d.toString() : moneyString(d, currency);
  switch (price.model) {
    case 'flat':
      return { model: 'flat', amount: toDecimal(price.amount) };
    case 'per_unit': {
      const unitAmount = toDecimal(price.unitAmount);
      return { model: 'per_unit', unitAmount, unitText: unitText(unitAmount) };
    }
    default:
      return {
        model: price.model,
        tiers: price.tiers.map((tier) => {
          const unitAmount = toDecimal(tier.unitAmount);
          return {
            upTo: tier.upTo === null ? null : new Dec(String(tier.upTo)),
            unitAmount,
            unitText: unitText(unitAmount),
          };
        }),
      };
  }
}
