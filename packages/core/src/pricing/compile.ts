// The catalog compiled once per catalog object and currency: prices as
// Decimals and bounds as numbers, so pricing a quote does no parsing.
import { QuotekitError } from '../errors.js';
import { parseCatalog, validated } from '../catalog/catalog.js';
import type { Catalog, Price, Product } from '../catalog/catalog.schema.js';
import { maxQuantityOf } from '../catalog/presentation.js';
import { Dec, minorUnits, moneyString, toDecimal } from '../money/money.js';

export interface CompiledTier {
  upTo: Dec | null;
  unitAmount: Dec;
  /** The unit amount as `explain` shows it, worked out once. */
  unitText: string;
}
export type CompiledPrice =
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
  /** Whether a quote's discount may touch the product (`discountable`, default true). */
  discountable: boolean;
  classes: { affiliate: Dec; reseller: Dec };
}
export interface CompiledBook {
  currency: string;
  minimum: Dec | null;
  products: Map<string, CompiledProduct>;
}

const compiled = new WeakMap<object, Map<string, CompiledBook>>();

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
  // With a price book's flat price standing in for a per-unit one, the flat rule still holds.
  const max =
    price.model === 'flat' ? Math.min(maxQuantityOf(product) ?? 1, 1) : maxQuantityOf(product);
  return {
    product,
    price: compilePrice(price, currency),
    free: new Dec(product.free ?? 0),
    min: new Dec(bounds.min ?? 0),
    max: max === null ? null : new Dec(max),
    step: new Dec(String(bounds.step ?? 1)),
    minUnits: bounds.min ?? 0,
    maxUnits: max ?? null,
    wholeStep: (bounds.step ?? 1) === 1,
    discountable: product.discountable !== false,
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
