export { parseCatalog } from './catalog.js';
export { hasChosenProducts } from './chosen.js';
export {
  DEFAULT_MAX_QUANTITY,
  featuredProductIds,
  groupName,
  isWholeUnit,
  localEntry,
  localName,
  maxQuantityOf,
  productName,
  requiredLines,
  withRequiredLines,
} from './presentation.js';
export {
  AmountSchema,
  CatalogSchema,
  CommissionClassSchema,
  LocalNamesSchema,
  ProductGroupSchema,
  PriceBookSchema,
  PriceSchema,
  ProductSchema,
  TierSchema,
  type Amount,
  type Catalog,
  type CommissionClass,
  type LocalNames,
  type ProductGroup,
  type Price,
  type PriceBook,
  type Product,
  type Tier,
} from './catalog.schema.js';
