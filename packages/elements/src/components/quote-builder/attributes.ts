import { QuotekitError, type Catalog } from '@quotekit/core';

export { isStoredQuoteId, readMode, type QuoteBuilderMode } from './first-paint-request.js';

/**
 * The products to show from the `products` attribute; with `strict`, an
 * unknown id is an error. Default: every monthly product of the catalog.
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
  if (listed.length === 0) {
    return catalog.products.filter((p) => p.billing === 'monthly').map((p) => p.id);
  }
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
