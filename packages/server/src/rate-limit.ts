/** What a limiter says about one more attempt. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts an attempt for `key`, or says how long to wait when its window is full. */
  take(key: string): RateDecision;
  /** Whether `key` is out of attempts, without counting one. */
  check(key: string): RateDecision;
}

/**
 * A fixed-window limiter: `limit` attempts per `windowMs` per key, in memory.
 * Windows past their end are dropped as the map grows, so memory stays
 * bounded by the number of clients in one window.
 */
export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now: () => number;
}): RateLimiter {
  const { limit, windowMs, now } = options;
  const windows = new Map<string, { start: number; count: number }>();

  const current = (key: string, at: number) => {
    const window = windows.get(key);
    return window !== undefined && at - window.start < windowMs ? window : undefined;
  };
  const refusal = (start: number, at: number): RateDecision => ({
    ok: false,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - at) / 1000)),
  });

  return {
    take(key) {
      const at = now();
      const window = current(key, at);
      if (window === undefined) {
        if (windows.size >= 10_000) {
          for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
        }
        windows.set(key, { start: at, count: 1 });
        return limit >= 1 ? { ok: true } : refusal(at, at);
      }
      if (window.count >= limit) return refusal(window.start, at);
      window.count += 1;
      return { ok: true };
    },
    check(key) {
      const at = now();
      const window = current(key, at);
      return window !== undefined && window.count >= limit
        ? refusal(window.start, at)
        : { ok: true };
    },
  };
}
