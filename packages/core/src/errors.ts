// The partner program's codes live in ./error-codes.ts, which no storefront
// module imports: a page without the program never loads that list.
import type { PROGRAM_ERROR_CODES } from './error-codes.js';

/**
 * The codes a shopper's browser can meet: core's rules, the answers of the
 * storefront routes (catalog, offer codes, saved quotes, attribution,
 * orders) and the browser SDK's own failures. The storefront client checks
 * a server's code against these alone, so that the partner program's codes
 * do not weigh on every page.
 */
export const STOREFRONT_ERROR_CODES = [
  // Input to core's rules.
  'invalid_amount',
  'invalid_rate',
  'invalid_currency',
  'invalid_catalog',
  'invalid_quote',
  'invalid_quantity',
  'invalid_discount',
  'invalid_date',
  'invalid_plan',
  'invalid_priority',
  'invalid_method',
  'invalid_country',
  'invalid_input',
  'invalid_saved_quote',
  'unknown_product',
  // Answers of the Order API.
  'invalid_json',
  'invalid_request',
  'idempotency_key_required',
  'unauthorized',
  'forbidden',
  'not_found',
  'price_changed',
  'saved_quote_expired',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_conflict',
  'invalid_phone_order',
  'invalid_offer_code',
  'unknown_affiliate',
  'rate_limited',
  'internal_error',
  // The browser SDK's own failures.
  'invalid_order',
  'invalid_options',
  'network_error',
  'timeout',
  'aborted',
  'invalid_response',
  'api_error',
  'unexpected_error',
] as const;

/** A code from `ERROR_CODES`. */
export type ErrorCode =
  (typeof STOREFRONT_ERROR_CODES)[number] | (typeof PROGRAM_ERROR_CODES)[number];

const STOREFRONT: ReadonlySet<string> = /* @__PURE__ */ new Set(STOREFRONT_ERROR_CODES);

/** True when `code` is one of `STOREFRONT_ERROR_CODES`: what the storefront client believes. */
export function isStorefrontErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && STOREFRONT.has(code);
}

/**
 * Every failure quotekit reports on purpose is a `QuotekitError`: a stable
 * machine-readable `code`, a sentence for people in `message`, optional
 * structured `details` (the offending path, line, value or server response),
 * and the underlying `cause` when another error led to it.
 */
export class QuotekitError extends Error {
  override readonly name = 'QuotekitError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** The `{ code, message, details? }` shape used in JSON error bodies. */
  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True for a `QuotekitError`, also one from another copy of this package. */
export function isQuotekitError(value: unknown): value is QuotekitError {
  return (
    value instanceof QuotekitError ||
    (value instanceof Error && value.name === 'QuotekitError' && 'code' in value)
  );
}
