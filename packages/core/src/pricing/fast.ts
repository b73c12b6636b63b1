// The integer path: the common quote (unit prices and rates with at most four
// decimals, whole quantities, safe-integer figures) priced in whole
// ten-thousandths of the currency unit. It gives exactly what the decimal.js
// path gives — that path stays the arithmetic of record — and answers null
// for anything it does not cover, so the caller prices it with decimal.js.
import type { Dec } from '../money/money.js';
import { minorUnits, moneyString } from '../money/money.js';
import type { Product } from '../catalog/catalog.schema.js';
import type { CompiledBook, CompiledProduct } from './compile.js';
import { explainWith } from './explain.js';
import { MAX_QUANTITY } from './quantity.js';
import type { BreakdownTier, LineBreakdown, PricedLine, PricedQuote } from './pricing.schema.js';

/** Ten-thousandths of a currency unit per unit: the scale of every figure here. */
const SCALE = 10_000;

interface IntTier {
  upTo: number | null;
  upToText: string | null;
  unit: number;
  unitText: string;
}
interface IntProduct {
  entry: CompiledProduct;
  free: number;
  freeText: string;
  model: 'flat' | 'per_unit' | 'graduated' | 'volume';
  tiers: IntTier[];
  affiliate: number;
  reseller: number;
}
interface IntBook {
  currency: string;
  digits: number;
  /** Ten-thousandths per minor unit. */
  step: number;
  minimum: number | null;
  products: Map<string, IntProduct | null>;
}

const books = new WeakMap<CompiledBook, IntBook | null>();

/** A Decimal as a safe whole number of ten-thousandths, or null. */
function scaled(value: Dec): number | null {
  const units = value.times(SCALE);
  return units.isInteger() && units.abs().lte(Number.MAX_SAFE_INTEGER) ? units.toNumber() : null;
}

function safeWhole(value: Dec): number | null {
  return value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER) ? value.toNumber() : null;
}

function intBook(book: CompiledBook): IntBook | null {
  let found = books.get(book);
  if (found === undefined) {
    found = buildBook(book);
    books.set(book, found);
  }
  return found;
}

function buildBook(book: CompiledBook): IntBook | null {
  const digits = minorUnits(book.currency);
  if (digits > 4) return null;
  const minimum = book.minimum === null ? null : scaled(book.minimum);
  if (book.minimum !== null && (minimum === null || minimum < 0)) return null;
  const products = new Map<string, IntProduct | null>();
  for (const [id, entry] of book.products) products.set(id, buildProduct(entry, book.currency));
  return { currency: book.currency, digits, step: 10 ** (4 - digits), minimum, products };
}

function buildProduct(entry: CompiledProduct, currency: string): IntProduct | null {
  const free = safeWhole(entry.free);
  const affiliate = scaled(entry.classes.affiliate);
  const reseller = scaled(entry.classes.reseller);
  if (free === null || affiliate === null || reseller === null) return null;
  if (affiliate < 0 || reseller < 0) return null;
  const price = entry.price;
  const tiers: IntTier[] = [];
  if (price.model === 'flat') {
    const unit = scaled(price.amount);
    if (unit === null) return null;
    tiers.push({ upTo: null, upToText: null, unit, unitText: moneyString(price.amount, currency) });
  } else if (price.model === 'per_unit') {
    const unit = scaled(price.unitAmount);
    if (unit === null) return null;
    tiers.push({ upTo: null, upToText: null, unit, unitText: price.unitText });
  } else {
    for (const tier of price.tiers) {
      const unit = scaled(tier.unitAmount);
      const upTo = tier.upTo === null ? null : safeWhole(tier.upTo);
      if (unit === null || (tier.upTo !== null && upTo === null)) return null;
      tiers.push({
        upTo,
        upToText: tier.upTo === null ? null : tier.upTo.toString(),
        unit,
        unitText: tier.unitText || moneyString(tier.unitAmount, currency),
      });
    }
  }
  if (tiers.some((t) => t.unit < 0)) return null;
  return {
    entry,
    free,
    freeText: entry.free.toString(),
    model: price.model,
    tiers,
    affiliate,
    reseller,
  };
}

/** Thrown inside the path when a figure leaves safe integers; the caller falls back. */
class Unsafe extends Error {}
const UNSAFE = new Unsafe();

function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw UNSAFE;
  return n;
}

/** Rounds a non-negative whole number half-up to a multiple of `step`. */
function roundTo(n: number, step: number): number {
  const rest = n % step;
  return safe(n - rest + (rest * 2 >= step ? step : 0));
}

/** `value` (ten-thousandths) × `factor` (ten-thousandths), rounded half-up to the minor unit. */
function share(value: number, factor: number, step: number): number {
  if (factor === 0) return 0;
  return roundTo(safe(value * factor), step * SCALE) / SCALE;
}

interface Line {
  product: Pick<Product, 'id' | 'name' | 'billing'>;
  quantity: number;
  amount: number;
  discount: number;
  net: number;
  affiliate: number;
  reseller: number;
  breakdown: LineBreakdown;
}

/**
 * Prices a quote in integers, or answers null when some figure falls outside
 * the integer path (or the quote is invalid: the decimal.js path then throws
 * the error). `discountRate` is the rate already read and checked.
 */
export function priceQuoteInteger(
  book: CompiledBook,
  lines: readonly unknown[],
  rate: number | null,
  rateText: string,
): PricedQuote | null {
  const int = intBook(book);
  if (int === null || rate === null || rate < 0) return null;
  const { step } = int;
  const seen = new Set<string>();
  const figures: Line[] = [];
  try {
    for (const line of lines) {
      if (line === null || typeof line !== 'object') return null;
      const { product: id, quantity } = line as { product?: unknown; quantity?: unknown };
      if (typeof id !== 'string' || seen.has(id)) return null;
      seen.add(id);
      const p = int.products.get(id);
      if (p === undefined || p === null) return null;
      const { entry } = p;
      if (
        typeof quantity !== 'number' ||
        !Number.isSafeInteger(quantity) ||
        Object.is(quantity, -0) ||
        quantity < entry.minUnits ||
        quantity < 0 ||
        quantity > MAX_QUANTITY ||
        (entry.maxUnits !== null && quantity > entry.maxUnits) ||
        !entry.wholeStep
      ) {
        return null;
      }
      const billable = Math.max(0, quantity - p.free);
      const tiers: BreakdownTier[] = [];
      let raw = 0;
      if (p.model === 'flat') {
        if (billable !== 0) raw = use(int, tiers, p.tiers[0]!, billable, 1, null);
      } else if (p.model === 'per_unit') {
        raw = use(int, tiers, p.tiers[0]!, billable, 1, null);
      } else if (p.model === 'graduated') {
        let below = 0;
        for (const t of p.tiers) {
          if (!(billable > below)) break;
          const top = t.upTo === null ? billable : Math.min(billable, t.upTo);
          raw = safe(raw + use(int, tiers, t, top - below, below + 1, t.upToText));
          below = top;
        }
      } else {
        let below = 0;
        let chosen = p.tiers[p.tiers.length - 1]!;
        for (const t of p.tiers) {
          if (t.upTo === null || billable <= t.upTo) {
            chosen = t;
            break;
          }
          below = t.upTo;
        }
        raw = use(int, tiers, chosen, billable, below + 1, chosen.upToText);
      }
      const amount = roundTo(raw, step);
      const lineRate = entry.discountable ? rate : 0;
      const discount = share(amount, lineRate, step);
      const net = amount - discount;
      figures.push({
        product: entry.product,
        quantity,
        amount,
        discount,
        net,
        affiliate: share(net, p.affiliate, step),
        reseller: share(net, p.reseller, step),
        breakdown: {
          model: p.model,
          unit: entry.product.unit ?? null,
          freeUnits: p.freeText,
          billableUnits: String(billable),
          tiers,
          discount: lineRate === 0 ? null : { rate: rateText, amount: text(discount, int) },
          topUp: null,
        },
      });
    }
    return quoteOf(figures, int, rateText, String(rate / 100));
  } catch (error) {
    if (error instanceof Unsafe) return null;
    throw error;
  }
}

/** One tier's share of a line as a breakdown row; answers its amount (ten-thousandths). */
function use(
  int: IntBook,
  tiers: BreakdownTier[],
  t: IntTier,
  units: number,
  from: number,
  upToText: string | null,
): number {
  const amount = safe(units * t.unit);
  tiers.push({
    units: String(units),
    unitAmount: t.unitText,
    amount: text(amount, int),
    from: String(from),
    upTo: upToText,
  });
  return amount;
}

/** Ten-thousandths as the boundary string, rounded half-up to the minor unit. */
function text(n: number, int: IntBook): string {
  const { digits, step } = int;
  const minor = roundTo(n, step) / step;
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

function identity(text: string): string {
  return text;
}

function quoteOf(figures: Line[], int: IntBook, rateText: string, percent: string): PricedQuote {
  let monthly = 0;
  for (const f of figures) if (f.product.billing === 'monthly') monthly = safe(monthly + f.net);
  if (int.minimum !== null && monthly < int.minimum) {
    const topUp = int.minimum - monthly;
    figures.push({
      product: { id: 'minimum-monthly-top-up', name: 'Monthly minimum top-up', billing: 'monthly' },
      quantity: 1,
      amount: topUp,
      discount: 0,
      net: topUp,
      affiliate: 0,
      reseller: 0,
      breakdown: {
        model: 'top_up',
        unit: null,
        freeUnits: '0',
        billableUnits: '1',
        tiers: [],
        discount: null,
        topUp: {
          minimum: text(int.minimum, int),
          monthly: text(monthly, int),
          amount: text(topUp, int),
        },
      },
    });
  }
  let subtotal = 0;
  let discount = 0;
  let monthlyPayment = 0;
  let oneTime = 0;
  let affiliate = 0;
  let reseller = 0;
  let oneTimeAffiliate = 0;
  let oneTimeReseller = 0;
  const lines: PricedLine[] = figures.map((f) => {
    const amount = text(f.amount, int);
    subtotal = safe(subtotal + f.amount);
    discount = safe(discount + f.discount);
    if (f.product.billing === 'monthly') {
      monthlyPayment = safe(monthlyPayment + f.net);
      affiliate = safe(affiliate + f.affiliate);
      reseller = safe(reseller + f.reseller);
    } else {
      oneTime = safe(oneTime + f.net);
      oneTimeAffiliate = safe(oneTimeAffiliate + f.affiliate);
      oneTimeReseller = safe(oneTimeReseller + f.reseller);
    }
    return {
      product: f.product.id,
      name: f.product.name,
      billing: f.product.billing,
      quantity: f.quantity,
      amount,
      discount: text(f.discount, int),
      net: text(f.net, int),
      value: { affiliate: text(f.affiliate, int), reseller: text(f.reseller, int) },
      breakdown: f.breakdown,
      explain: explainWith({ amount, breakdown: f.breakdown }, identity, percent),
    };
  });
  return {
    currency: int.currency,
    discountRate: rateText,
    lines,
    totals: {
      subtotal: text(subtotal, int),
      discount: text(discount, int),
      monthlyPayment: text(monthlyPayment, int),
      oneTime: text(oneTime, int),
      monthlyValue: { affiliate: text(affiliate, int), reseller: text(reseller, int) },
      oneTimeValue: {
        affiliate: text(oneTimeAffiliate, int),
        reseller: text(oneTimeReseller, int),
      },
    },
  };
}
