// Assertions the core suites share.
import assert from 'node:assert/strict';
import { QuotekitError, type ErrorCode } from '../src/errors.js';

/** Asserts that `run` throws a `QuotekitError` with `code`. */
export function throwsCode(run: () => unknown, code: ErrorCode): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof QuotekitError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

/** True when `value` holds a NaN or infinite number, or the text "NaN", anywhere inside it. */
export function containsNaN(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value === 'string') return /\bNaN\b|Infinity/.test(value);
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(containsNaN);
  }
  return false;
}
