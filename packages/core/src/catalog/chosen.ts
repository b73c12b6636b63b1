import type { Catalog } from './catalog.schema.js';

// A module of its own: the elements that ask it (the affiliate's estimate and
// share) load it, and a page with only an offer-code field does not.

/**
 * True when `lines` choose something beyond the catalog's required
 * products: a line of another product with a quantity above 0. A quote
 * without one is empty, whatever its required lines cost.
 */
export function hasChosenProducts(
  catalog: Catalog,
  lines: readonly { product: string; quantity: unknown }[],
): boolean {
  const required = new Set(catalog.products.filter((p) => p.required).map((p) => p.id));
  return lines.some((l) => !required.has(l.product) && Number(l.quantity) > 0);
}
