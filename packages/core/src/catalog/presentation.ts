// How a catalog presents itself: names per language, the featured products,
// groups, the lines every quote carries, and the most units a line may have.
import type { Catalog, LocalNames, Product, ProductGroup } from './catalog.schema.js';

/** The most units of a whole-unit product one line may have when the catalog says nothing. */
export const DEFAULT_MAX_QUANTITY = 100_000;

/**
 * The entry of `entries` for `locale`: the exact tag's (`de-AT`), else its
 * language's (`de`), else undefined.
 */
export function localEntry<T>(
  entries: Record<string, T> | undefined,
  locale: string,
): T | undefined {
  if (!entries) return undefined;
  const lower = locale.toLowerCase();
  const language = lower.split('-')[0]!;
  const tags = Object.keys(entries);
  const tag =
    tags.find((t) => t.toLowerCase() === lower) ?? tags.find((t) => t.toLowerCase() === language);
  return tag === undefined ? undefined : entries[tag];
}

/**
 * A name in `locale`: the exact tag's entry (`de-AT`), else its language's
 * (`de`), else `fallback`.
 */
export function localName(names: LocalNames | undefined, fallback: string, locale: string): string {
  return localEntry(names, locale) ?? fallback;
}

/** The product's name in `locale` (its `names`, falling back to `name`). */
export function productName(product: Product, locale: string): string {
  return localName(product.names, product.name, locale);
}

/** The group's name in `locale` (its `names`, falling back to `name`). */
export function groupName(group: ProductGroup, locale: string): string {
  return localName(group.names, group.name, locale);
}

/**
 * The most units one line of `product` may have: 1 for a flat price, else the
 * lower of `maxQuantity` and `quantity.max`; without either,
 * `DEFAULT_MAX_QUANTITY` for whole units and null (no limit) for a product
 * sold in fractions.
 */
export function maxQuantityOf(product: Product): number | null {
  const bounds = product.quantity ?? {};
  const given = [product.maxQuantity, bounds.max].filter((n): n is number => n !== undefined);
  if (product.price.model === 'flat') return Math.min(1, ...given);
  if (given.length > 0) return Math.min(...given);
  return Number.isInteger(bounds.step ?? 1) ? DEFAULT_MAX_QUANTITY : null;
}

/** True when the product is sold in whole units (its `quantity.step` is a whole number). */
export function isWholeUnit(product: Product): boolean {
  return Number.isInteger(product.quantity?.step ?? 1);
}

/**
 * The catalog's required products with the quantity each quote carries:
 * `quantity.min`, at least 1. With `among`, only those of its ids (a page
 * that lists its products includes the required ones it lists).
 */
export function requiredLines(
  catalog: Catalog,
  among?: readonly string[],
): Array<{ product: string; quantity: number }> {
  return catalog.products
    .filter((p) => p.required && (among === undefined || among.includes(p.id)))
    .map((p) => ({ product: p.id, quantity: Math.max(p.quantity?.min ?? 0, 1) }));
}

/**
 * `lines` with the required products (`among` those ids, when given) put
 * first at their required quantity where the quote lacks them or has 0 of
 * them; a required line with a quantity stays as it is.
 */
export function withRequiredLines<L extends { product: string; quantity: unknown }>(
  catalog: Catalog,
  lines: readonly L[],
  among?: readonly string[],
): Array<L | { product: string; quantity: number }> {
  const required = requiredLines(catalog, among);
  const isZero = (q: unknown) => q === 0 || q === '0' || q === '';
  const missing = required.filter(
    (r) => !lines.some((l) => l.product === r.product && !isZero(l.quantity)),
  );
  const ids = new Set(missing.map((r) => r.product));
  return [...missing, ...lines.filter((l) => !ids.has(l.product))];
}

/**
 * The products a builder lists without a `products` attribute, required ones
 * aside: the featured products, or every monthly product when none is featured.
 */
export function featuredProductIds(catalog: Catalog): string[] {
  const optional = catalog.products.filter((p) => !p.required);
  const featured = optional.filter((p) => p.featured);
  return (featured.length > 0 ? featured : optional.filter((p) => p.billing === 'monthly')).map(
    (p) => p.id,
  );
}
