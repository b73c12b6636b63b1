// The Idempotency-Key rules of POST /v1/orders, without HTTP.
import { toDecimal, type OrderRequest } from '@quotekit/core';
import { fail, sha256 } from '../http.js';
import type { StoredOrder } from '../db/database.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's key, or `400 idempotency_key_required` / `400 invalid_request`. */
export function idempotencyKey(header: string | undefined): string {
  const key = header?.trim() ?? '';
  if (key === '') {
    fail(
      'idempotency_key_required',
      'Send an Idempotency-Key header (for example a UUID) so that a retried order is not made twice.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    fail('invalid_request', 'Invalid Idempotency-Key: use 1–255 visible ASCII characters.', {
      problems: [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
    });
  }
  return key;
}

/** A decimal's one spelling (`285`, `"285.00"` and `"0285"` are `285`); text that is no decimal stays as sent. */
export function canonicalDecimal(value: string | number, field: string): string {
  try {
    return toDecimal(value, field).toFixed();
  } catch {
    return String(value).trim();
  }
}

/** The order as the idempotency check compares it: keys in schema order, amounts and quantities canonical. */
export function canonicalOrder(request: OrderRequest): OrderRequest {
  return {
    ...request,
    expectedMonthlyPayment: canonicalDecimal(
      request.expectedMonthlyPayment,
      'expectedMonthlyPayment',
    ),
    quote: {
      ...request.quote,
      lines: request.quote.lines.map((line) => ({
        product: line.product,
        quantity: canonicalDecimal(line.quantity, 'quantity'),
      })),
    },
  };
}

/** A hash of the order as sent: equal orders, however their amounts are spelled, hash alike. */
export function fingerprintOf(request: OrderRequest): Promise<string> {
  return sha256(JSON.stringify(canonicalOrder(request)));
}

/**
 * What a request whose key already made an order gets. The same body is a
 * retry: the stored order again. Another body that would have made an order
 * is a mistake, `422 idempotency_conflict`, without the stored order (the
 * key may be a guess).
 */
export function retryOf(existing: StoredOrder, fingerprint: string, key: string): StoredOrder {
  if (existing.fingerprint !== fingerprint) {
    fail(
      'idempotency_conflict',
      'This Idempotency-Key was already used for a different order; use a new key for a new order.',
      { idempotencyKey: key },
    );
  }
  return existing;
}

/**
 * What a request that failed gets when its key already made an order: the
 * same body is a retry and gets that order back, even when its price or
 * offer code has changed since; any other body gets its own failure, as
 * under an unused key, so that a failing probe cannot tell which keys are
 * taken. Null: answer with the failure.
 */
export function retryAfterFailure(
  existing: StoredOrder | null,
  fingerprint: string,
): StoredOrder | null {
  return existing !== null && existing.fingerprint === fingerprint ? existing : null;
}
