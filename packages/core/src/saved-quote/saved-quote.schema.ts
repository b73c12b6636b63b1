import * as z from 'zod/mini';

/** An affiliate or offer code: letters, digits, `-`, `_`, 2–32 long. */
const CodeSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{2,32}$/, 'must be 2–32 letters, digits, - or _'));

/** A quantity as a saved quote carries it: a non-negative finite number or decimal string. */
const QuantitySchema = z.union([
  z.number().check(z.nonnegative()),
  z.string().check(z.regex(/^\d{1,15}(?:\.\d{1,15})?$/, 'must be a non-negative decimal')),
]);

/** One line of a saved quote: a product id and how many. */
export const SavedQuoteLineSchema = z.object({
  product: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a product id')),
  quantity: QuantitySchema,
});
export type SavedQuoteLine = z.infer<typeof SavedQuoteLineSchema>;

/**
 * What a saved-quote link restores: the quote's lines, and optionally the
 * offer code, the referring affiliate and the currency.
 */
export const SavedQuoteLinkSchema = z.object({
  lines: z.array(SavedQuoteLineSchema).check(z.maxLength(200)),
  offerCode: z.optional(CodeSchema),
  affiliate: z.optional(CodeSchema),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'))),
});
export type SavedQuoteLink = z.infer<typeof SavedQuoteLinkSchema>;
