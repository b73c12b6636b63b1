import { DateField, instantOf, isoString, parseInput } from '../programs/input.js';
import { addNewYorkDays, fromNewYork, newYorkWall } from '../programs/new-york.js';
import { PriorityField, type Priority, type SlaDeadlines } from './support.schema.js';

const HOUR = 3_600_000;
/** Seed 004: "Business Hours" are 9am to 11pm Eastern Time, every day. */
const OPENS = 9;
const CLOSES = 23;

type Target = { hours: number; business?: true } | { days: number };

/** Seed 004's targets: start within, resolve (or plan) within. */
const TARGETS: Record<Priority, { start: Target | null; resolve: Target | null }> = {
  // "Within 3 days": three New York calendar days, the same wall-clock time.
  informational: { start: { days: 3 }, resolve: null },
  billing: { start: null, resolve: null },
  standard: { start: { hours: 24 }, resolve: { hours: 48 } },
  urgent: { start: { hours: 4, business: true }, resolve: { hours: 24 } },
  emergency: { start: { hours: 1 }, resolve: { hours: 4 } },
};

/**
 * When work on a ticket must start and when it must be resolved (or have a
 * plan), as ISO instants; null where seed 004 sets no target (billing, and
 * resolving an informational ticket). Urgent's start counts business hours,
 * 09:00–23:00 New York time every day, right across daylight-saving
 * changes; an informational answer "within 3 days" is three New York
 * calendar days at the same wall-clock time (71 or 73 hours across a
 * daylight-saving change); every other target counts plain hours (an
 * emergency is 24/7).
 *
 * @example
 * // Saturday 21:00 EST: 2 business hours that night, 2 more from 09:00 EDT on Sunday.
 * slaDeadlines('urgent', '2024-03-09T21:00:00-05:00');
 * // { startBy: '2024-03-10T15:00:00.000Z', resolveBy: '2024-03-11T02:00:00.000Z' }
 */
export function slaDeadlines(priority: Priority, createdAt: string | Date): SlaDeadlines {
  const p = parseInput(PriorityField, priority, 'priority');
  const created = instantOf(parseInput(DateField, createdAt, 'createdAt'));
  const deadline = (target: Target | null) =>
    target === null
      ? null
      : isoString(
          'days' in target
            ? addNewYorkDays(created, target.days)
            : target.business
              ? addBusinessHours(created, target.hours)
              : created + target.hours * HOUR,
        );
  const { start, resolve } = TARGETS[p];
  return { startBy: deadline(start), resolveBy: deadline(resolve) };
}

/** `t` plus `hours` of New York business hours. */
function addBusinessHours(t: number, hours: number): number {
  let left = hours * HOUR;
  for (;;) {
    const [y, mo, d] = newYorkWall(t);
    // Each day's window from its own wall clock, so a change of offset is taken in stride.
    const opens = fromNewYork(y, mo, d, OPENS);
    const closes = fromNewYork(y, mo, d, CLOSES);
    if (t < opens) t = opens;
    if (t < closes) {
      if (t + left <= closes) return t + left;
      left -= closes - t;
    }
    t = fromNewYork(y, mo, d + 1);
  }
}
