// The schemas every other schema shares, so that the order, saved-quote,
// pricing and program inputs accept and refuse the same things with the
// same words.
import * as z from 'zod/mini';
import { MAX_DISCOUNT_RATE } from './limits.js';

/** An affiliate id as it travels in URLs and cookies: letters, digits, `-`, `_`, 2–32 long. */
export const AffiliateIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{2,32}$/, 'must be 2–32 letters, digits, - or _'));
export type AffiliateId = z.infer<typeof AffiliateIdSchema>;

/** A special offer code as a customer types it: letters, digits, `-`, `_`, 2–32 long. */
export const OfferCodeSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{2,32}$/, 'must be 2–32 letters, digits, - or _'));

/** An ISO 4217 currency code in any case and surrounding space; read as upper case (`" usd"` → `"USD"`). */
export const CurrencySchema = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD'),
  );

/** A product id: lower-case letters, digits and `-`, up to 64 long (`starter-plus-user`). */
export const ProductIdSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a product id: a-z, 0-9 and -, up to 64 long'),
  );

const NumberLike = z.union([z.number(), z.string().check(z.maxLength(40))]);

/** One line of a quote configuration: a product id and how many. */
export const QuoteLineInputSchema = z.object({
  product: ProductIdSchema,
  quantity: NumberLike,
});
export type QuoteLineInput = z.infer<typeof QuoteLineInputSchema>;

/** An offer discount: a decimal fraction from 0 to `MAX_DISCOUNT_RATE` (`"0.05"` or `0.05`). */
export const DiscountRateSchema = z.union([z.number(), z.string().check(z.maxLength(40))]).check(
  z.refine(
    (value) => {
      const text = String(value).trim();
      return /^\d+(?:\.\d+)?$/.test(text) && Number(text) <= Number(MAX_DISCOUNT_RATE);
    },
    { message: `must be a decimal fraction from 0 to ${MAX_DISCOUNT_RATE}` },
  ),
);

/**
 * Free text a person typed (a name, a company, a sales rep's id): `min` to
 * `max` characters and no control characters — no NUL, no line breaks, no
 * escape sequences, which no such field needs and which databases and logs
 * handle badly.
 */
export function TextSchema(min: number, max: number) {
  return z.string().check(
    z.minLength(min),
    z.maxLength(max),
    // eslint-disable-next-line no-control-regex -- the point is to find them
    z.regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters'),
  );
}
