import { isQuotekitError, parseWith, QuotekitError, type ErrorCode } from '@quotekit/core';
import type * as z from 'zod/mini';
import { hashes } from './crypto.js';

/**
 * The status each error code is answered with. Checked against core's
 * `ERROR_CODES`, so a code that is not on that list does not compile; the
 * browser SDK's own codes (`network_error`, `timeout`, …) are never answered.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  idempotency_key_required: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  price_changed: 409,
  // The partner program: the account already has its referrer, the request
  // or match was decided already, post facto asked too late.
  already_attributed: 409,
  already_decided: 409,
  post_facto_too_late: 409,
  partner_exists: 409,
  offer_code_exists: 409,
  // An endpoint URL that is not https, or names a private address.
  invalid_webhook_url: 422,
  saved_quote_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  invalid_phone_order: 422,
  invalid_offer_code: 422,
  unknown_affiliate: 422,
  // Core's rules: the request was well formed, what it asks for is not.
  invalid_amount: 422,
  invalid_rate: 422,
  invalid_currency: 422,
  invalid_quote: 422,
  invalid_quantity: 422,
  invalid_discount: 422,
  self_referral: 422,
  invalid_date: 422,
  invalid_plan: 422,
  invalid_priority: 422,
  invalid_method: 422,
  invalid_country: 422,
  invalid_input: 422,
  invalid_saved_quote: 422,
  unknown_product: 422,
  rate_limited: 429,
  // The partner program's ledger.
  statement_conflict: 409,
  unknown_order: 404,
  statement_not_paid: 409,
  month_not_ended: 422,
  negative_balance: 409,
  // The server's own catalog is broken: no request can fix that.
  invalid_catalog: 500,
  internal_error: 500,
} as const satisfies Partial<Record<ErrorCode, number>>;

/**
 * Throws the `QuotekitError` that the app answers with its status and
 * `{ error }` body; `cause` keeps the error that led to it.
 */
export function fail(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  options?: { cause?: unknown },
): never {
  throw new QuotekitError(code, message, details, options);
}

/** The status for a thrown value; anything unexpected is a 500. */
export function statusOf(error: unknown): number {
  if (!isQuotekitError(error)) return 500;
  const statuses: Partial<Record<ErrorCode, number>> = ERROR_STATUS;
  // A rule core may add later is still a rule the request broke: 422.
  return statuses[error.code] ?? 422;
}

/** `{ error: { code, message, details? } }` as a Response. */
export function errorResponse(
  status: number,
  error: { code: string; message: string; details?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Validates a request body; problems go back as `400 invalid_request` with their paths. */
export function parseRequest<S extends z.ZodMiniType>(schema: S, input: unknown, what: string) {
  return parseWith(schema, input, 'invalid_request', what);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The client closed the connection before its body arrived: nothing to
 * answer and nothing the server did wrong. The app logs it at info and
 * counts it as `499`, never as a 5xx.
 */
export class ClientClosedError extends Error {
  override name = 'ClientClosedError';
}

/** The error for a body that failed while it arrived: it comes from the client alone. */
export function clientClosed(cause: unknown): ClientClosedError {
  return new ClientClosedError('The client closed the connection before its body arrived.', {
    cause,
  });
}

/** Throws `413 payload_too_large` for a body over `limit` bytes. */
export function tooLarge(limit: number): never {
  fail('payload_too_large', `The request body is larger than ${limit} bytes.`, { limit });
}

/**
 * Reads a JSON body of at most `limit` bytes. The app's `bodyLimit`
 * middleware has already refused a larger body, declared or streamed, before
 * buffering it; the check here covers a caller without it.
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  // Only JSON: a cross-site HTML form cannot send it without a CORS preflight.
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    fail('unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json.', {
      contentType: type.slice(0, 100),
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch (error) {
    throw clientClosed(error);
  }
  if (bytes.byteLength > limit) tooLarge(limit);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    fail('invalid_json', 'The request body is not UTF-8 text.', undefined, { cause: error });
  }
  if (text.trim() === '') fail('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail(
      'invalid_json',
      `The request body is not valid JSON: ${(error as Error).message}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random id of `length` base-62 characters (5.95 bits each), from Web Crypto. */
export function randomId(length: number): string {
  // 62 × 4 = 248: rejecting bytes ≥ 248 keeps every character equally likely.
  let id = '';
  while (id.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && id.length < length) id += ALPHABET[byte % 62];
    }
  }
  return id;
}

/** Hex SHA-256 of a string: node:crypto on Node, Web Crypto in browsers. */
export function sha256(text: string): Promise<string> {
  return hashes.sha256(text);
}
