/**
 * Every code a `QuotekitError` can carry: one closed list for core's rules,
 * the Order API's answers and the browser SDK's failures, so a code means the
 * same thing in every package. Documented in the README's error table.
 */
export const ERROR_CODES = [
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
  'already_attributed',
  'already_decided',
  'post_facto_too_late',
  'rate_limited',
  'internal_error',
  // The partner program's ledger.
  'statement_conflict',
  'unknown_order',
  'statement_not_paid',
  'month_not_ended',
  'negative_balance',
  // The partner program's partners and offer codes.
  'partner_exists',
  'offer_code_exists',
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
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** True when `code` is one of `ERROR_CODES`. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
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
