import * as z from 'zod/mini';
import { AffiliateIdSchema, CurrencySchema, OfferCodeSchema, ProductIdSchema } from '../schemas.js';

/** A quantity as a saved quote carries it: a non-negative finite number or decimal string. */
const QuantitySchema = z.union([
  z.number().check(z.nonnegative()),
  z.string().check(z.regex(/^\d{1,15}(?:\.\d{1,15})?$/, 'must be a non-negative decimal')),
]);

/** One line of a saved quote: a product id and how many. */
export const SavedQuoteLineSchema = z.object({
  product: ProductIdSchema,
  quantity: QuantitySchema,
});
export type SavedQuoteLine = z.infer<typeof SavedQuoteLineSchema>;

/**
 * What a saved-quote link restores: the quote's lines, and optionally the
 * offer code, the referring affiliate and the currency.
 */
export const SavedQuoteLinkSchema = z.object({
  lines: z.array(SavedQuoteLineSchema).check(z.maxLength(200)),
  offerCode: z.optional(OfferCodeSchema),
  affiliate: z.optional(AffiliateIdSchema),
  currency: z.optional(CurrencySchema),
});
export type SavedQuoteLink = z.infer<typeof SavedQuoteLinkSchema>;
