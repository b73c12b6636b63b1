// The Idempotency-Key rules, without HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OrderRequest } from '@quotekit/core';
import type { StoredOrder } from '../db/database.js';
import {
  canonicalDecimal,
  fingerprintOf,
  idempotencyKey,
  retryAfterFailure,
  retryOf,
} from './idempotency.js';

const request = (
  amount: string | number,
  quantity: string | number,
  email = 'ann@example.com',
): OrderRequest => ({
  quote: {
    lines: [
      { product: 'starter-plus-user', quantity },
      { product: 'dedicated-px2', quantity: 1 },
    ],
  },
  expectedMonthlyPayment: amount,
  customer: { name: 'Ann Lee', email },
  channel: 'web',
});

const stored = (fingerprint: string) =>
  ({ order: { id: 'ord_stored' }, idempotencyKey: 'k', fingerprint }) as unknown as StoredOrder;

describe('idempotency rules', () => {
  test('a key is trimmed, and an empty or non-ASCII one is refused with its code', () => {
    assert.equal(idempotencyKey('  abc-123 '), 'abc-123');
    assert.throws(() => idempotencyKey(undefined), { code: 'idempotency_key_required' });
    assert.throws(() => idempotencyKey('   '), { code: 'idempotency_key_required' });
    assert.throws(() => idempotencyKey('has space'), { code: 'invalid_request' });
    assert.throws(() => idempotencyKey('clé'), { code: 'invalid_request' });
    assert.throws(() => idempotencyKey('k'.repeat(256)), { code: 'invalid_request' });
  });

  test('a decimal has one spelling; text that is no decimal stays as sent', () => {
    assert.equal(canonicalDecimal(285, 'amount'), '285');
    assert.equal(canonicalDecimal('285.00', 'amount'), '285');
    assert.equal(canonicalDecimal(' 0285 ', 'amount'), '285');
    assert.equal(canonicalDecimal('0.50', 'amount'), '0.5');
    assert.equal(canonicalDecimal('1e3', 'amount'), '1e3');
    assert.equal(canonicalDecimal('abc', 'amount'), 'abc');
  });

  test('orders that differ only in how amounts are spelled have one fingerprint; others differ', async () => {
    const a = await fingerprintOf(request(285, 25));
    assert.equal(await fingerprintOf(request('285.00', '25.0')), a);
    assert.notEqual(await fingerprintOf(request(285, 26)), a);
    assert.notEqual(await fingerprintOf(request(285, 25, 'bo@example.com')), a);
  });

  test('a taken key with the same body is the stored order; with another body, 422 without it', () => {
    assert.equal(retryOf(stored('fp'), 'fp', 'k').order.id, 'ord_stored');
    assert.throws(
      () => retryOf(stored('fp'), 'other', 'k'),
      (error: { code: string; details: unknown }) => {
        assert.equal(error.code, 'idempotency_conflict');
        assert.deepEqual(error.details, { idempotencyKey: 'k' });
        return true;
      },
    );
  });

  test('after a failure only the same body gets the stored order; another gets its own failure', () => {
    assert.equal(retryAfterFailure(null, 'fp'), null);
    assert.equal(retryAfterFailure(stored('fp'), 'other'), null);
    assert.equal(retryAfterFailure(stored('fp'), 'fp')?.order.id, 'ord_stored');
  });
});
