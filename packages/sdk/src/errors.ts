import { isQuotekitError, QuotekitError } from '@quotekit/core';

/**
 * Any thrown value as a `QuotekitError`: one already is; a cancelled request
 * is `aborted`; anything else is `unexpected_error` with its message.
 */
export function toQuotekitError(error: unknown): QuotekitError {
  if (isQuotekitError(error)) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new QuotekitError('aborted', 'The request was cancelled.');
  }
  return new QuotekitError(
    'unexpected_error',
    error instanceof Error ? error.message : String(error),
  );
}
