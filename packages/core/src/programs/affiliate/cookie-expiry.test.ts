// Seed 001: "A customer signs up within 1 year of clicking on an affiliate
// URL" — one calendar year, to the same New York wall-clock time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../../../test/assert.js';
import { affiliateCookieExpiry } from './affiliate.js';

describe('affiliateCookieExpiry: "within 1 year" of the last affiliate-URL visit', () => {
  const rows: [visitedAt: string, expires: string, why: string][] = [
    ['2023-03-01T00:00:00-05:00', '2024-03-01T05:00:00.000Z', 'a leap year between: 366 days'],
    ['2024-07-04T09:30:00-04:00', '2025-07-04T13:30:00.000Z', 'summer time both sides'],
    [
      '2024-03-09T12:00:00-05:00',
      '2025-03-09T16:00:00.000Z',
      'EST to EDT: same wall clock, an hour less',
    ],
    ['2024-02-29T12:00:00-05:00', '2025-02-28T17:00:00.000Z', '29 February → 28 February'],
    [
      '2024-02-28T21:00:00-05:00',
      '2025-03-01T02:00:00.000Z',
      'evening in New York, already the next day in UTC',
    ],
  ];
  for (const [visitedAt, expires, why] of rows) {
    test(`${visitedAt} → ${expires} (${why})`, () => {
      assert.equal(affiliateCookieExpiry(visitedAt), expires);
    });
  }

  test('a bad date is a typed error', () => {
    throwsCode(() => affiliateCookieExpiry('2024-02-30'), 'invalid_date');
  });
});
