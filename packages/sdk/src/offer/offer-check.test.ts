// The hand-written shape check of an offer-code answer against core's zod
// schema: the same table of answers through both, which must agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OfferCodeValidationSchema } from '@quotekit/core';
import { offerCodeValidationShape } from './offer-check.js';

const good: unknown[] = [
  { valid: true, code: 'ACME5', discountRate: '0.05' },
  { valid: true, code: 'NW10', discountRate: '0.1' },
  { valid: true, code: '', discountRate: '0' },
  { valid: true, code: 'X', discountRate: '-1.5' },
  { valid: true, code: 'ACME5', discountRate: '0.05', commission: '0.2' },
  { valid: false, reason: 'unknown' },
  { valid: false, reason: 'inactive' },
  { valid: false, reason: 'malformed' },
  { valid: false, reason: 'unknown', code: 'NOPE' },
];

const bad: unknown[] = [
  undefined,
  null,
  'valid',
  42,
  [],
  [{ valid: true, code: 'A', discountRate: '0.05' }],
  {},
  { valid: 'true', code: 'ACME5', discountRate: '0.05' },
  { valid: 1, code: 'ACME5', discountRate: '0.05' },
  { valid: true, discountRate: '0.05' },
  { valid: true, code: 5, discountRate: '0.05' },
  { valid: true, code: 'ACME5' },
  { valid: true, code: 'ACME5', discountRate: 0.05 },
  { valid: true, code: 'ACME5', discountRate: '5%' },
  { valid: true, code: 'ACME5', discountRate: '.05' },
  { valid: true, code: 'ACME5', discountRate: '0.05 ' },
  { valid: true, code: 'ACME5', discountRate: '1e-2' },
  { valid: false },
  { valid: false, reason: 'expired' },
  { valid: false, reason: null },
  { valid: false, reason: ['unknown'] },
];

test('the offer answer shape check accepts every answer core’s schema accepts, with the same data', () => {
  for (const answer of good) {
    const zod = OfferCodeValidationSchema.safeParse(answer);
    const light = offerCodeValidationShape.safeParse(answer);
    assert.equal(zod.success, true, `zod accepts ${JSON.stringify(answer)}`);
    assert.equal(light.success, true, `shape check accepts ${JSON.stringify(answer)}`);
    assert.deepEqual(light.success && light.data, zod.success && zod.data);
  }
});

test('the offer answer shape check refuses every answer core’s schema refuses', () => {
  for (const answer of bad) {
    assert.equal(
      OfferCodeValidationSchema.safeParse(answer).success,
      false,
      `zod refuses ${JSON.stringify(answer)}`,
    );
    assert.equal(
      offerCodeValidationShape.safeParse(answer).success,
      false,
      `shape check refuses ${JSON.stringify(answer)}`,
    );
  }
});
