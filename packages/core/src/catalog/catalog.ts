import { QuotekitError } from '../errors.js';
import { minorUnits } from '../money/money.js';
import { parseWith, type Problem } from '../validation.js';
import { CatalogSchema, type Catalog, type Price } from './catalog.schema.js';

/**
 * Validates catalog JSON and returns a typed, deeply frozen catalog. Throws
 * `QuotekitError` `invalid_catalog` whose `details.problems` lists every
 * problem with its path (`products.2.price.tiers.1.upTo`).
 */
export function parseCatalog(json: unknown): Catalog {
  const catalog = parseWith(CatalogSchema, json, 'invalid_catalog', 'catalog');
  const problems = catalogProblems(catalog);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new QuotekitError(
      'invalid_catalog',
      `Invalid catalog: ${first.path} ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`,
      { problems },
    );
  }
  validated.add(catalog);
  return deepFreeze(catalog);
}

/** Catalogs that came out of `parseCatalog`, so pricing need not validate them again. */
export const validated = new WeakSet<object>();

/** The rules a schema cannot say: unique ids, ordered tiers, complete price books. */
function catalogProblems(catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const currencyProblem = (path: string, code: string) => {
    try {
      minorUnits(code);
    } catch {
      problems.push({ path, message: `is not a currency this runtime knows (${code})` });
    }
  };
  currencyProblem('currency', catalog.currency);

  const groups = new Set<string>();
  (catalog.groups ?? []).forEach((group, i) => {
    if (groups.has(group.id))
      problems.push({ path: `groups.${i}.id`, message: `repeats ${group.id}` });
    groups.add(group.id);
  });
  const ids = new Set<string>();
  catalog.products.forEach((product, i) => {
    const at = `products.${i}`;
    if (ids.has(product.id)) problems.push({ path: `${at}.id`, message: `repeats ${product.id}` });
    ids.add(product.id);
    const { min, max } = product.quantity ?? {};
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ path: `${at}.quantity`, message: 'has min above max' });
    }
    if (product.price.model === 'flat' && max !== undefined && max > 1) {
      problems.push({ path: `${at}.quantity.max`, message: 'must be at most 1 for a flat price' });
    }
    if (product.maxQuantity !== undefined && !Number.isSafeInteger(product.maxQuantity)) {
      problems.push({ path: `${at}.maxQuantity`, message: 'must be a whole number' });
    } else if (product.price.model === 'flat' && (product.maxQuantity ?? 1) > 1) {
      problems.push({ path: `${at}.maxQuantity`, message: 'must be at most 1 for a flat price' });
    }
    if (product.maxQuantity !== undefined && min !== undefined && min > product.maxQuantity) {
      problems.push({ path: `${at}.maxQuantity`, message: 'is below quantity.min' });
    }
    if (product.group !== undefined && !groups.has(product.group)) {
      problems.push({
        path: `${at}.group`,
        message: `names no group of the catalog (${product.group})`,
      });
    }
    problems.push(...priceProblems(product.price, `${at}.price`));
  });

  for (const [code, book] of Object.entries(catalog.priceBooks ?? {})) {
    const at = `priceBooks.${code}`;
    currencyProblem(at, code);
    if (code === catalog.currency) {
      problems.push({ path: at, message: 'repeats the catalog currency' });
    }
    for (const [id, price] of Object.entries(book.prices)) {
      if (!ids.has(id)) problems.push({ path: `${at}.prices.${id}`, message: 'names no product' });
      problems.push(...priceProblems(price, `${at}.prices.${id}`));
    }
    for (const id of ids) {
      if (!(id in book.prices)) {
        problems.push({ path: `${at}.prices`, message: `has no price for ${id}` });
      }
    }
    if (catalog.minimumMonthly !== undefined && book.minimumMonthly === undefined) {
      problems.push({
        path: `${at}.minimumMonthly`,
        message: 'is required by the catalog minimum',
      });
    }
  }
  return problems;
}

function priceProblems(price: Price, at: string): Problem[] {
  if (price.model !== 'graduated' && price.model !== 'volume') return [];
  const problems: Problem[] = [];
  let previous = 0;
  price.tiers.forEach((tier, i) => {
    const last = i === price.tiers.length - 1;
    if (tier.upTo === null && !last) {
      problems.push({
        path: `${at}.tiers.${i}.upTo`,
        message: 'may be null only in the last tier',
      });
    } else if (tier.upTo !== null && last) {
      problems.push({ path: `${at}.tiers.${i}.upTo`, message: 'must be null in the last tier' });
    } else if (tier.upTo !== null && tier.upTo <= previous) {
      problems.push({ path: `${at}.tiers.${i}.upTo`, message: 'must be above the tier before' });
    }
    if (tier.upTo !== null) previous = tier.upTo;
  });
  return problems;
}

/** Freezes `value` and everything in it, so a parsed catalog cannot be changed under the prices. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
