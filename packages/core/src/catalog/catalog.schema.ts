import * as z from 'zod/mini';

/** A decimal string (`"4.00"`, `"0.0125"`) or a finite number read through its string form. */
export const AmountSchema = z.union([
  z.string().check(z.regex(/^\d+(?:\.\d+)?$/, 'must be a non-negative decimal string')),
  z.number().check(z.nonnegative()),
]);
export type Amount = z.infer<typeof AmountSchema>;

const CurrencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'));
const IdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a kebab-case id (a-z, 0-9, -)'));
/** A usage metric's key, as usage data names it: camelCase (`storage`, `apiCalls`). */
const MetricKeySchema = z
  .string()
  .check(
    z.regex(/^[a-z][A-Za-z0-9]{0,31}$/, 'must be a camelCase metric name (storage, apiCalls)'),
  );

/** Commissionable class: the share of a line's net that counts as monthly value. */
export const CommissionClassSchema = z.union([
  z.literal(1),
  z.literal(0.75),
  z.literal(0.5),
  z.literal(0.25),
  z.literal(0),
]);
export type CommissionClass = z.infer<typeof CommissionClassSchema>;

export const TierSchema = z.object({
  /** Last unit (inclusive) this tier covers; `null` for the open-ended last tier. */
  upTo: z.nullable(z.number().check(z.positive())),
  unitAmount: AmountSchema,
});
export type Tier = z.infer<typeof TierSchema>;

const TiersSchema = z.array(TierSchema).check(z.minLength(1));

export const PriceSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('flat'), amount: AmountSchema }),
  z.object({ model: z.literal('per_unit'), unitAmount: AmountSchema }),
  z.object({ model: z.literal('graduated'), tiers: TiersSchema }),
  z.object({ model: z.literal('volume'), tiers: TiersSchema }),
]);
export type Price = z.infer<typeof PriceSchema>;

/**
 * Names per language, keyed by a BCP 47 tag (`{ de: 'Starter-Plus-Benutzer' }`).
 * A locale without its own entry uses its language's (`de-AT` → `de`), then `name`.
 */
export const LocalNamesSchema = z.record(z.string(), z.string().check(z.minLength(1)));
export type LocalNames = z.infer<typeof LocalNamesSchema>;

/** A heading the builder shows its products under. */
export const ProductGroupSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  /** The group's name per language; default `name`. */
  names: z.optional(LocalNamesSchema),
});
export type ProductGroup = z.infer<typeof ProductGroupSchema>;

export const ProductSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  /** The product's name per language; default `name`. */
  names: z.optional(LocalNamesSchema),
  description: z.optional(z.string()),
  billing: z.enum(['monthly', 'one_time']),
  /** Units that come off the quantity before the price model applies. */
  free: z.optional(z.number().check(z.nonnegative())),
  /**
   * The most units one quote line may have. Default: 1 for a flat price,
   * `DEFAULT_MAX_QUANTITY` (100,000) for other whole-unit products, no limit
   * but `quantity.max` for products sold in fractions (`quantity.step` below 1).
   */
  maxQuantity: z.optional(z.number().check(z.nonnegative())),
  /** Quantity bounds; `min` defaults to 0 and `step` to 1 (whole units). */
  quantity: z.optional(
    z.object({
      min: z.optional(z.number().check(z.nonnegative())),
      max: z.optional(z.number().check(z.nonnegative())),
      step: z.optional(z.number().check(z.positive())),
    }),
  ),
  classes: z.object({ affiliate: CommissionClassSchema, reseller: CommissionClassSchema }),
  price: PriceSchema,
  /** The unit a quantity counts, for labels (`"user"`, `"server"`). */
  unit: z.optional(z.string()),
  /**
   * The unit per language, singular (`one`) and plural (`other`):
   * `{ de: { one: 'Postfach', other: 'Postfächer' } }`. Default `unit` as written.
   */
  units: z.optional(
    z.record(
      z.string(),
      z.object({ one: z.string().check(z.minLength(1)), other: z.string().check(z.minLength(1)) }),
    ),
  ),
  /**
   * Whether a quote's discount may touch this product; default true. A
   * product with `false` is charged in full whatever the discount.
   */
  discountable: z.optional(z.boolean()),
  /**
   * Shown in the builder's default list (without a `products` attribute). When
   * no product of a catalog is featured, every monthly product is. Default false.
   */
  featured: z.optional(z.boolean()),
  /** The id of the catalog `groups` entry the builder shows this product under. Default: none. */
  group: z.optional(IdSchema),
  /**
   * Part of every quote: the builder adds it (at its `quantity.min`, at least 1)
   * and shows it as an included line the visitor cannot remove. Default false.
   */
  required: z.optional(z.boolean()),
  /** True when the price is a sample, not one the vendor published. */
  samplePrice: z.optional(z.boolean()),
  /**
   * For a metered product: per usage metric, how many of the product's units
   * one unit of that metric counts as (`{ storage: '1', apiCalls: '0.0001' }`).
   */
  unitFactors: z.optional(z.record(MetricKeySchema, AmountSchema)),
});
export type Product = z.infer<typeof ProductSchema>;

/** Prices of the same products in another currency. */
export const PriceBookSchema = z.object({
  minimumMonthly: z.optional(AmountSchema),
  prices: z.record(IdSchema, PriceSchema),
});
export type PriceBook = z.infer<typeof PriceBookSchema>;

export const CatalogSchema = z.object({
  id: IdSchema,
  name: z.optional(z.string()),
  /** The currency of `products[].price` and `minimumMonthly`. */
  currency: CurrencySchema,
  /** Monthly minimum spend: a top-up line makes up a monthly net total below it. */
  minimumMonthly: z.optional(AmountSchema),
  products: z.array(ProductSchema),
  /** The headings the builder shows products under, in their order; products name theirs in `group`. */
  groups: z.optional(z.array(ProductGroupSchema)),
  /** Price books for other currencies, keyed by ISO 4217 code. */
  priceBooks: z.optional(z.record(CurrencySchema, PriceBookSchema)),
  /** Where the data comes from, and which prices are samples. */
  notes: z.optional(z.string()),
});
export type Catalog = z.infer<typeof CatalogSchema>;
