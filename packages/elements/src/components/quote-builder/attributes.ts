import {
  featuredProductIds,
  isWholeUnit,
  maxQuantityOf,
  QuotekitError,
  requiredLines,
  type Catalog,
  type Product,
  type ProductGroup,
} from '@quotekit/core';

export { isStoredQuoteId, readMode, type QuoteBuilderMode } from './first-paint-request.js';

/**
 * The products to show from the `products` attribute; with `strict`, an
 * unknown id is an error. Default: the catalog's featured products (every
 * monthly product when none is featured), required ones aside.
 */
export function readProductIds(
  products: string | null,
  catalog: Catalog,
  strict = false,
): string[] {
  const listed = (products ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (listed.length === 0) return featuredProductIds(catalog);
  const unknown = listed.filter((id) => !catalog.products.some((p) => p.id === id));
  if (strict && unknown.length > 0) {
    throw new QuotekitError(
      'unknown_product',
      `The catalog has no product ${unknown.map((id) => JSON.stringify(id.slice(0, 64))).join(', ')}.`,
      { products: unknown.map((id) => id.slice(0, 64)) },
    );
  }
  return listed.filter((id) => !unknown.includes(id));
}

/** Products under one heading (none for `group: null`). */
export interface ProductSection {
  group: ProductGroup | null;
  ids: string[];
}

/** How the builder lays the products out. */
export interface ProductLayout {
  /** Required products: included lines the visitor cannot remove. */
  required: string[];
  /** The products shown open, by group. */
  open: ProductSection[];
  /** The rest of the catalog, behind "More products"; null when the page lists its products. */
  more: ProductSection[] | null;
}

/**
 * The products the builder shows. A page that lists `products` gets exactly
 * those, in its order, its required ones as included lines. Without the
 * attribute: every required product, the featured ones open under their
 * groups, and — when the catalog features some — every other product behind
 * "More products", under its group.
 */
export function productLayout(products: string | null, catalog: Catalog): ProductLayout {
  const listed = (products ?? '').split(',').some((id) => id.trim() !== '');
  const shown = readProductIds(products, catalog);
  const required = requiredLines(catalog, listed ? shown : undefined).map((r) => r.product);
  const open = shown.filter((id) => !required.includes(id));
  if (listed) return { required, open: [{ group: null, ids: open }], more: null };
  const featuring = catalog.products.some((p) => p.featured);
  const rest = catalog.products.filter((p) => !p.required && !open.includes(p.id)).map((p) => p.id);
  return {
    required,
    open: byGroup(open, catalog),
    more: featuring && rest.length > 0 ? byGroup(rest, catalog) : null,
  };
}

/** `ids` under the catalog's groups, in the groups' order; products without a group first. */
function byGroup(ids: string[], catalog: Catalog): ProductSection[] {
  const groupOf = (id: string) => catalog.products.find((p) => p.id === id)?.group;
  const sections: ProductSection[] = [];
  const loose = ids.filter((id) => {
    const group = groupOf(id);
    return !group || !catalog.groups?.some((g) => g.id === group);
  });
  if (loose.length > 0) sections.push({ group: null, ids: loose });
  for (const group of catalog.groups ?? []) {
    const inGroup = ids.filter((id) => groupOf(id) === group.id);
    if (inGroup.length > 0) sections.push({ group, ids: inGroup });
  }
  return sections;
}

/**
 * The `currency` attribute as a currency of the catalog: `undefined` for the
 * catalog's own, a `QuotekitError` for one it has no prices in.
 */
export function readCurrency(currency: string, catalog: Catalog): string | undefined {
  const code = currency.trim().toUpperCase();
  const available = currenciesOf(catalog);
  if (!available.includes(code)) {
    throw new QuotekitError(
      'invalid_currency',
      `The catalog has no prices in ${currency.slice(0, 8)}; it has ${available.join(', ')}.`,
      { currency: currency.slice(0, 8), available },
    );
  }
  return code === catalog.currency ? undefined : code;
}

/** The quantity the estimate starts at: the product's minimum, at least 1. */
export function estimateStart(catalog: Catalog, id: string): number {
  const product = catalog.products.find((p) => p.id === id);
  return Math.max(product?.quantity?.min ?? 0, 1);
}

export function currenciesOf(catalog: Catalog): string[] {
  return [catalog.currency, ...Object.keys(catalog.priceBooks ?? {})];
}

/** An http(s) link, or null: a page's `href` attribute never becomes a `javascript:` link. */
export function safeUrl(make: () => string): string | null {
  try {
    const url = new URL(make());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A quantity as the visitor typed it. For a whole-unit product: empty is 0,
 * a fraction is rounded down, and anything outside `quantity.min`..the
 * product's maximum is brought to the nearer bound; `corrected` says which
 * rule changed it. A product sold in fractions takes the text as typed.
 */
export function readQuantityInput(
  product: Product,
  text: string,
): { quantity: number | string; corrected: 'whole' | 'min' | 'max' | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { quantity: 0, corrected: null };
  if (!isWholeUnit(product)) return { quantity: trimmed, corrected: null };
  const typed = Number(trimmed);
  if (!Number.isFinite(typed)) return { quantity: 0, corrected: null };
  const min = product.quantity?.min ?? 0;
  const max = maxQuantityOf(product);
  if (max !== null && typed > max) return { quantity: max, corrected: 'max' };
  if (typed < min) return { quantity: min, corrected: 'min' };
  if (!Number.isInteger(typed)) return { quantity: Math.floor(typed), corrected: 'whole' };
  // As typed, so a saved link keeps the visitor's text.
  return { quantity: trimmed, corrected: null };
}
