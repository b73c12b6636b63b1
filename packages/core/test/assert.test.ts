import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsNaN } from './assert.js';

test('containsNaN finds the numeric NaN that JSON.stringify writes as null', () => {
  const result = { totals: { monthly: Number.NaN } };
  assert.equal(JSON.stringify(result).includes('NaN'), false);
  assert.equal(containsNaN(result), true);
  assert.equal(containsNaN({ lines: [{ amount: 'NaN' }] }), true);
  assert.equal(containsNaN({ lines: [{ amount: Infinity }] }), true);
  assert.equal(containsNaN({ lines: [{ amount: '300.00', quantity: 25 }] }), false);
});
