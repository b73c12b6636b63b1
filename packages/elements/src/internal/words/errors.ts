// What a visitor reads when something goes wrong: worded from the error's
// `code` and `details` in the element's locale. Core's English `message` is
// for developers (it travels in `qk-error`) and is never shown.
import type { QuotekitError } from '@quotekit/core';

/** English sentences by error code (`error_<code>`); `error` when nothing more is known. */
export const errorsEn = {
  error: 'Something went wrong. Try again.',
  error_input: 'Check what you entered and try again.',
  error_field: 'Check the field “{field}”.',
  error_network_error: 'The connection failed. Check it and try again.',
  error_rate_limited: 'Too many requests from here. Wait a minute and try again.',
  error_internal_error: 'The service had a problem. Try again in a moment.',
  error_invalid_quantity: 'Enter a valid quantity for {field}.',
  error_invalid_amount: 'Enter an amount such as 25.00 for {field}.',
  error_invalid_country: 'Enter the country as two letters, such as US.',
  error_invalid_currency: 'Prices are not available in {currency}.',
  error_unknown_product: 'A product in this quote is not offered.',
  error_invalid_saved_quote: 'This saved quote cannot be read. Ask for a new link.',
  error_saved_quote_expired: 'This saved quote has expired. Ask for a new link.',
  error_not_found: 'This saved quote was not found. Ask for a new link.',
  error_invalid_request: 'The quote could not be read. Check the quantities and try again.',
  error_unauthorized: 'Your sign-in was not accepted. Sign in again.',
  error_invalid_phone_order: 'A phone order needs the customer’s offer code and your sales key.',
  error_invalid_offer_code: 'The offer code cannot be used.',
  error_payload_too_large: 'The quote is too large to send.',
  error_price_changed: 'The price has changed.',
  error_invalid_options: 'This part of the page is not set up correctly.',
};

export type ErrorWordKey = keyof typeof errorsEn;

// Codes a visitor can do the same about share one sentence.
const SAME: Record<string, ErrorWordKey> = {
  timeout: 'error_network_error',
  aborted: 'error_network_error',
  api_error: 'error_internal_error',
  invalid_response: 'error_internal_error',
  unexpected_error: 'error_internal_error',
  invalid_json: 'error_invalid_request',
  invalid_quote: 'error_invalid_request',
  invalid_order: 'error_invalid_request',
  forbidden: 'error_unauthorized',
  idempotency_conflict: 'error_invalid_request',
  unsupported_media_type: 'error_invalid_request',
  idempotency_key_required: 'error_invalid_request',
};

type Words = (key: ErrorWordKey, values?: Record<string, string | number>) => string;

/** How an element names what an error's details point at: a product id, a field path. */
export interface ErrorNames {
  /** A product's name in the element's locale, from its id. */
  product?: (id: string) => string | undefined;
  /** A field's label, from the error's `details.field` or its first problem's path. */
  field?: (path: string) => string | undefined;
}

/** The visitor's sentence for `error`, from its code and details, in the element's words. */
export function errorText(t: Words, error: QuotekitError, names: ErrorNames = {}): string {
  const details = (error.details ?? {}) as {
    field?: unknown;
    product?: unknown;
    currency?: unknown;
    problems?: { path?: unknown }[];
  };
  const path = details.field ?? details.problems?.[0]?.path;
  const field =
    (typeof details.product === 'string' && names.product?.(details.product)) ||
    (typeof path === 'string' && names.field?.(path)) ||
    '';
  const values: Record<string, string> = {};
  if (field) values.field = field;
  if (typeof details.currency === 'string') values.currency = details.currency;
  const key = SAME[error.code] ?? (`error_${error.code}` as ErrorWordKey);
  const text = t(key, values);
  // A code without its own sentence: about a field the element names, or in general.
  if (text === key) return t(field ? 'error_field' : 'error', values);
  // A sentence about a field or currency the details do not give.
  return /\{(field|currency)\}/.test(text) ? t('error_input') : text;
}
