// Seed 004: informational tickets are answered "within 3 days" — three New
// York calendar days at the same wall-clock time, not 72 hours.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slaDeadlines } from './sla.js';

describe('an informational ticket: "within 3 days"', () => {
  test('filed Friday 8 March 2024, 10:00 EST: answered by Monday 11 March, 10:00 EDT (71 hours)', () => {
    assert.deepEqual(slaDeadlines('informational', '2024-03-08T10:00:00-05:00'), {
      startBy: '2024-03-11T14:00:00.000Z',
      resolveBy: null,
    });
  });

  test('filed Friday 1 November 2024, 10:00 EDT: answered by Monday 4 November, 10:00 EST (73 hours)', () => {
    assert.equal(
      slaDeadlines('informational', '2024-11-01T10:00:00-04:00').startBy,
      '2024-11-04T15:00:00.000Z',
    );
  });

  test('with no change of clocks it is 72 hours', () => {
    assert.equal(
      slaDeadlines('informational', '2024-06-03T10:00:00-04:00').startBy,
      '2024-06-06T14:00:00.000Z',
    );
  });
});
