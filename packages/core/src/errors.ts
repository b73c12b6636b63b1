/**
 * Every failure quotekit reports on purpose is a `QuotekitError`: a stable
 * machine-readable `code`, a sentence for people in `message`, and optional
 * structured `details` (the offending path, line, value or server response).
 */
export type QuotekitErrorCode =
  // Input to core's rules.
  | 'invalid_amount'
  | 'invalid_rate'
  | 'invalid_currency'
  | 'invalid_catalog'
  | 'invalid_quote'
  | 'invalid_quantity'
  | 'invalid_discount'
  | 'invalid_date'
  | 'invalid_plan'
  | 'invalid_priority'
  | 'invalid_method'
  | 'invalid_country'
  | 'invalid_input'
  | 'invalid_saved_quote'
  | 'unknown_product'
  // The Order API and its client.
  | 'invalid_order'
  | 'network_error'
  | 'timeout'
  | 'rate_limited'
  | 'price_changed'
  | 'invalid_response'
  | 'api_error'
  | (string & {});

export class QuotekitError extends Error {
  override readonly name = 'QuotekitError';
  readonly code: QuotekitErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: QuotekitErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The `{ code, message, details? }` shape used in JSON error bodies. */
  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
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
