import { isQuotekitError, parseWith, QuotekitError } from '@quotekit/core';
import type * as z from 'zod/mini';

/** The status each error code is answered with. */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  idempotency_key_required: 400,
  not_found: 404,
  price_changed: 409,
  saved_quote_expired: 410,
  payload_too_large: 413,
  idempotency_conflict: 422,
  invalid_phone_order: 422,
  invalid_offer_code: 422,
  unknown_affiliate: 422,
  // Core's pricing errors: the request was well formed, the quote is not.
  invalid_quote: 422,
  unknown_product: 422,
  invalid_quantity: 422,
  invalid_discount: 422,
  invalid_currency: 422,
  invalid_amount: 422,
  rate_limited: 429,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Throws the `QuotekitError` that the app answers with its status and `{ error }` body. */
export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new QuotekitError(code, message, details);
}

/** The status for a thrown value; anything unexpected is a 500. */
export function statusOf(error: unknown): number {
  if (!isQuotekitError(error)) return 500;
  const status = (ERROR_STATUS as Record<string, number>)[error.code];
  // A QuotekitError core raised for a code not listed here is a rule the
  // request broke, not a fault of the server: 422.
  return status ?? (error.code === 'invalid_catalog' ? 500 : 422);
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
 * Reads a JSON body of at most `limit` bytes. Counts bytes as they arrive,
 * so a body without `Content-Length` (chunked) cannot grow past the limit
 * either.
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const tooLarge = () =>
    fail('payload_too_large', `The request body is larger than ${limit} bytes.`, { limit });
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body !== null) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    fail('invalid_json', 'The request body is not UTF-8 text.');
  }
  if (text.trim() === '') fail('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
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

/** Hex SHA-256 of a string, from Web Crypto (browsers and Node alike). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
