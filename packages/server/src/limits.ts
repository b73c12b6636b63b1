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
 * one database counts the same attempts. A window opens at its first hit
 * and lasts its length, so `Retry-After` is the rest of it. `take` counts the attempt and
 * decides in one atomic step (an upsert), so parallel requests cannot all
 * slip in under the limit before any of them is counted.
 */
export interface Limiter {
  /** Counts one attempt in `bucket`; refuses when it goes over the limit. */
  take(bucket: string, window: Window): Promise<RateDecision>;
  /** Gives back an attempt `take` counted (one that turned out not to be a guess). */
  giveBack(bucket: string, window: Window): Promise<void>;
}

export function createLimiter(db: Database, now: () => number): Limiter {
  const retryAfter = (windowStart: string, windowMs: number, at: number) =>
    Math.max(1, Math.ceil((Date.parse(windowStart) + windowMs - at) / 1000));
  return {
    async take(bucket, { limit, windowMs }) {
      const at = now();
      const window = await db.hit(bucket, new Date(at).toISOString(), windowMs);
      return window.hits <= limit
        ? { ok: true }
        : { ok: false, retryAfterSeconds: retryAfter(window.windowStart, windowMs, at) };
    },
    async giveBack(bucket, { windowMs }) {
      await db.hit(bucket, new Date(now()).toISOString(), windowMs, -1);
    },
  };
}
