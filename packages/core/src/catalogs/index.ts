import { parseCatalog } from '../catalog/catalog.js';
import type { Catalog } from '../catalog/catalog.schema.js';
import { webHostingCatalog } from '../web-hosting/catalog.js';
import type { WebHostingCatalog } from '../web-hosting/web-hosting.schema.js';
import { luxsciCatalogJson } from './luxsci.js';
import { resellerPlanCatalogJson } from './reseller-plan.js';

let luxsci: Catalog | undefined;
let resellerPlan: Catalog | undefined;

/**
 * The catalogs that ship with quotekit, validated on first use (nothing runs
 * at import): `catalogs.luxsci` (the default) and `catalogs.resellerPlan`,
 * quote catalogs, and `catalogs.webHosting`, the web-hosting reseller's
 * plans and TLDs at reseller and suggested retail rates (for
 * `resellerMonthEnd`).
 */
export const catalogs = {
  get luxsci(): Catalog {
    return (luxsci ??= parseCatalog(luxsciCatalogJson));
  },
  get resellerPlan(): Catalog {
    return (resellerPlan ??= parseCatalog(resellerPlanCatalogJson));
  },
  get webHosting(): WebHostingCatalog {
    return webHostingCatalog();
  },
};
