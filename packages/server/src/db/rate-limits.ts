// qk_rate_limits: one window per limit and address, shared by every process on the database.
import type { Database } from './database.js';
import { iso, type SqlRunner } from './query.js';

export interface RateLimitTable extends Pick<Database, 'hit' | 'hits'> {
  /** Deletes the windows opened before `before`. */
  purgeRateLimits(before: string): Promise<void>;
}

export function sqlRateLimits(db: SqlRunner): RateLimitTable {
  return {
    async hit(bucket, at, windowMs, by = 1) {
      // One statement: concurrent hits from any process serialise on the row.
      // SET sees the row as it was, so both CASEs ask whether its window has closed.
      // Not `insertInto`: the values are expressions of four parameters, each used more than once.
      const [row] = await db.query(
        `INSERT INTO qk_rate_limits (bucket, window_start, hits)
         VALUES ($1, $2::timestamptz, GREATEST($4::int, 0))
         ON CONFLICT (bucket) DO UPDATE SET
           hits = CASE WHEN qk_rate_limits.window_start <= $2::timestamptz - make_interval(secs => $3::int / 1000.0)
             THEN GREATEST($4::int, 0) ELSE GREATEST(qk_rate_limits.hits + $4::int, 0) END,
           window_start = CASE WHEN qk_rate_limits.window_start <= $2::timestamptz - make_interval(secs => $3::int / 1000.0)
             THEN $2::timestamptz ELSE qk_rate_limits.window_start END
         RETURNING hits, window_start`,
        [bucket, at, windowMs, by],
      );
      return { hits: Number(row?.hits), windowStart: iso(row?.window_start) };
    },
    async hits(bucket, at, windowMs) {
      const [row] = await db.query(
        `SELECT hits, window_start FROM qk_rate_limits
         WHERE bucket = $1 AND window_start > $2::timestamptz - make_interval(secs => $3::int / 1000.0)`,
        [bucket, at, windowMs],
      );
      return row === undefined
        ? null
        : { hits: Number(row.hits), windowStart: iso(row.window_start) };
    },
    async purgeRateLimits(before) {
      await db.query('DELETE FROM qk_rate_limits WHERE window_start < $1', [before]);
    },
  };
}
