import { QuotekitError } from '../errors.js';
import type { Catalog } from '../catalog/catalog.schema.js';
import { Dec } from '../money/money.js';
import { compiledBook } from './compile.js';
import { quantityValue } from './quantity.js';

/** The next, cheaper tier a quantity can reach. Decimal strings. */
export interface NextTier {
  /** `graduated`: each unit past the current tier costs `unitAmount`; `volume`: every unit does. */
  model: 'graduated' | 'volume';
  /** How many more units reach the tier. */
  units: string;
  /** The tier's price per unit. */
  unitAmount: string;
}

/**
 * How many more units of a graduated or volume product reach its next tier,
 * and that tier's unit price — for hints such as "3 more users and each
 * further user costs $3.50". `null` when the product has no further tier
 * (a flat or per-unit price, the last tier, or a tier beyond the product's
 * maximum quantity).
 *
 * Throws `QuotekitError`: `unknown_product`, `invalid_quantity`,
 * `invalid_currency`, `invalid_catalog`.
 *
 * @example
 * nextTier(catalogs.resellerPlan, { product: 'units', quantity: 150 });
 * // { model: 'graduated', units: '950', unitAmount: '0.05' }: 100 free, 50 billable, tier 1 ends at 1000
 */
export function nextTier(
  catalog: Catalog,
  input: { product: string; quantity: number | string; currency?: string },
): NextTier | null {
  const book = compiledBook(catalog, input?.currency);
  const entry = book.products.get(String(input?.product));
  if (entry === undefined) {
    throw new QuotekitError(
      'unknown_product',
      `No product ${JSON.stringify(String(input?.product).slice(0, 64))} in catalog ${catalog.id}.`,
      { product: String(input?.product).slice(0, 64) },
    );
  }
  const quantity = quantityValue(
    input.quantity,
    (why) =>
      new QuotekitError('invalid_quantity', `${entry.product.id}: ${why}.`, {
        product: entry.product.id,
      }),
  );
  const price = entry.price;
  if (price.model !== 'graduated' && price.model !== 'volume') return null;
  const billable = Dec.max(new Dec(0), quantity.minus(entry.free));
  // Graduated: the tier the next unit falls in; volume: the tier all units are priced at.
  const at = price.tiers.findIndex(
    (tier) =>
      tier.upTo === null ||
      (price.model === 'graduated' ? billable.lt(tier.upTo) : billable.lte(tier.upTo)),
  );
  const current = price.tiers[at];
  const next = price.tiers[at + 1];
  if (current === undefined || current.upTo === null || next === undefined) return null;
  // Graduated: the units that fill the current tier; volume: the first unit of the next.
  const target = price.model === 'graduated' ? current.upTo : current.upTo.plus(1);
  const units = target.minus(billable);
  if (entry.max !== null && quantity.plus(units).gt(entry.max)) return null;
  return { model: price.model, units: units.toString(), unitAmount: next.unitText };
}
