export { parseCatalog } from './catalog.js';
export {
  AmountSchema,
  CatalogSchema,
  CommissionClassSchema,
  PriceBookSchema,
  PriceSchema,
  ProductSchema,
  TierSchema,
  type Amount,
  type Catalog,
  type CommissionClass,
  type Price,
  type PriceBook,
  type Product,
  type Tier,
} from './catalog.schema.js';
