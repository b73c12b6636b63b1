import { deepFreeze } from '../catalog/catalog.js';
import { webHostingCatalogJson } from '../catalogs/web-hosting.js';
import { QuotekitError } from '../errors.js';
import { minorUnits } from '../money/money.js';
import { parseWith, type Problem } from '../validation.js';
import { WebHostingCatalogSchema, type WebHostingCatalog } from './web-hosting.schema.js';

/** Catalogs that came out of `parseWebHostingCatalog`, so they need not be validated again. */
const validated = new WeakSet<object>();

/**
 * Validates a web-hosting catalog and returns it typed and deeply frozen.
 * Throws `QuotekitError` `invalid_catalog` whose `details.problems` lists
 * every problem with its path (`domains.2.tld`): a wrong shape, an unknown
 * currency, a plan id or a TLD listed twice.
 */
export function parseWebHostingCatalog(json: unknown): WebHostingCatalog {
  if (json !== null && typeof json === 'object' && validated.has(json)) {
    return json as WebHostingCatalog;
  }
  const catalog = parseWith(
    WebHostingCatalogSchema,
    json,
    'invalid_catalog',
    'web-hosting catalog',
  );
  const problems = catalogProblems(catalog);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new QuotekitError(
      'invalid_catalog',
      `Invalid web-hosting catalog: ${first.path} ${first.message}${more}.`,
      { problems },
    );
  }
  deepFreeze(catalog);
  validated.add(catalog);
  return catalog;
}

let shipped: WebHostingCatalog | undefined;

/** `catalogs.webHosting`: the shipped catalog, validated on first use. */
export function webHostingCatalog(): WebHostingCatalog {
  return (shipped ??= parseWebHostingCatalog(webHostingCatalogJson));
}

function catalogProblems(catalog: WebHostingCatalog): Problem[] {
  const problems: Problem[] = [];
  try {
    minorUnits(catalog.currency);
  } catch {
    problems.push({
      path: 'currency',
      message: `is not a currency this runtime knows (${catalog.currency})`,
    });
  }
  const plans = new Set<string>();
  catalog.plans.forEach((plan, i) => {
    if (plans.has(plan.id)) problems.push({ path: `plans.${i}.id`, message: `repeats ${plan.id}` });
    plans.add(plan.id);
  });
  const tlds = new Set<string>();
  catalog.domains.forEach((entry, i) => {
    if (tlds.has(entry.tld)) {
      problems.push({ path: `domains.${i}.tld`, message: `repeats ${entry.tld}` });
    }
    tlds.add(entry.tld);
  });
  return problems;
}
