import { sqlAttributionSignals } from './attribution-signals.js';
import { clickCutoff, type Database } from './database.js';
import { sqlLedger } from './ledger.js';
import { sqlOpportunities } from './opportunities.js';
import { sqlOrders } from './orders.js';
import { sqlPartners } from './partners.js';
import type { SqlDriver } from './query.js';
import { sqlRateLimits } from './rate-limits.js';
import { sqlSavedQuotes } from './saved-quotes.js';
import { isMigrated } from './schema-migrations.js';
import { sqlClicks } from './clicks.js';
import { sqlStaffKeys } from './staff-keys.js';
import { sqlWebhooks } from './webhooks.js';

export type { SqlDriver, SqlRunner } from './query.js';
export { migrate } from './schema-migrations.js';

/**
 * A `Database` over a SQL database (PGlite or PostgreSQL), one module per
 * table. Run `migrate` on the driver first; `openPGliteDatabase` and
 * `openPostgresDatabase` do.
 */
export function createSqlDatabase(
  driver: SqlDriver,
  options: {
    /**
     * How long affiliates and offer codes found are kept in memory, written
     * through on change (`sqlPartners`). Default 0, not kept. `Infinity` only
     * for a database this process alone writes (PGlite); a shared PostgreSQL
     * may be changed by others, so a short time there.
     */
    partnerCacheMs?: number;
  } = {},
): Database {
  const { purgeSavedQuotes, ...savedQuotes } = sqlSavedQuotes(driver);
  const { purgeRateLimits, ...rateLimits } = sqlRateLimits(driver);
  const { purgeClicks, ...clicks } = sqlClicks(driver);
  return {
    kind: driver.kind,
    ...sqlPartners(driver, { cacheMs: options.partnerCacheMs ?? 0 }),
    ...savedQuotes,
    ...sqlOrders(driver),
    ...clicks,
    ...sqlAttributionSignals(driver),
    ...sqlStaffKeys(driver),
    ...sqlOpportunities(driver),
    ...rateLimits,
    ...sqlLedger(driver),
    ...sqlWebhooks(driver),
    async purgeExpired(now, windowsBefore) {
      await purgeRateLimits(windowsBefore);
      await purgeClicks(clickCutoff(now));
      return purgeSavedQuotes(now);
    },
    ready: () => isMigrated(driver),
    close: () => driver.close(),
  };
}
