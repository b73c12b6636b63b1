import type { Database } from './db/database.js';

/** What a limit says about one more attempt. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A fixed window: at most `limit` hits per `windowMs`. */
export interface Window {
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window limits kept in the database, so that every server process on
 * one database counts the same attempts. `take` counts the attempt and
 * decides in one atomic step (an upsert), so parallel requests cannot all
 * slip in under the limit before any of them is counted.
 */
export interface Limiter {
  /** Counts one attempt in `bucket`; refuses when it goes over the limit. */
  take(bucket: string, window: Window): Promise<RateDecision>;
  /** Refuses when `bucket` is already at its limit, without counting. */
  check(bucket: string, window: Window): Promise<RateDecision>;
  /** Gives back an attempt `take` counted (one that turned out not to be a guess). */
  giveBack(bucket: string, window: Window): Promise<void>;
}

export function createLimiter(db: Database, now: () => number): Limiter {
  const windowOf = (windowMs: number) => {
    const at = now();
    const start = Math.floor(at / windowMs) * windowMs;
    return {
      start: new Date(start).toISOString(),
      retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - at) / 1000)),
    };
  };
  return {
    async take(bucket, { limit, windowMs }) {
      const window = windowOf(windowMs);
      const hits = await db.hit(bucket, window.start);
      return hits <= limit
        ? { ok: true }
        : { ok: false, retryAfterSeconds: window.retryAfterSeconds };
    },
    async giveBack(bucket, { windowMs }) {
      await db.hit(bucket, windowOf(windowMs).start, -1);
    },
    async check(bucket, { limit, windowMs }) {
      const window = windowOf(windowMs);
      const hits = await db.hits(bucket, window.start);
      return hits < limit
        ? { ok: true }
        : { ok: false, retryAfterSeconds: window.retryAfterSeconds };
    },
  };
}
