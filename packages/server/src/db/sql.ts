import { sqlAttributionSignals } from './attribution-signals.js';
import { clickCutoff, type Database } from './database.js';
import { sqlLedger } from './ledger.js';
import { sqlOpportunities } from './opportunities.js';
import { sqlOrders } from './orders.js';
import { sqlPartners } from './partners.js';
import type { SqlDriver, SqlRunner } from './query.js';
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
  const { forgetAffiliate, ...partners } = sqlPartners(driver, {
    cacheMs: options.partnerCacheMs ?? 0,
  });
  return {
    ...sqlTables(driver),
    ...partners,
    transaction: (fn) => inTransaction(driver, forgetAffiliate, fn),
    close: () => driver.close(),
  };
}

type PartnerKeys = Exclude<keyof ReturnType<typeof sqlPartners>, 'forgetAffiliate'>;

/** Every table but the partners' over `driver`, which may be a transaction's. */
function sqlTables(driver: SqlDriver): Omit<Database, PartnerKeys | 'transaction' | 'close'> {
  const { purgeSavedQuotes, ...savedQuotes } = sqlSavedQuotes(driver);
  const { purgeRateLimits, ...rateLimits } = sqlRateLimits(driver);
  const { purgeClicks, ...clicks } = sqlClicks(driver);
  return {
    kind: driver.kind,
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
  };
}

/**
 * `Database.transaction` in SQL: `fn` gets the tables over one transaction
 * (PGlite runs one at a time, so `fn` must not use the outer database). A
 * transaction inside it (the ledger's, an opportunity decision's) is a
 * savepoint of it. Affiliates written inside are dropped from the outer
 * cache as they are written and again once the transaction ends, so no
 * read made meanwhile outlives the commit.
 */
async function inTransaction<T>(
  driver: SqlDriver,
  forget: (id: string) => void,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  const changed = new Set<string>();
  try {
    return await driver.transaction((runner) => {
      const nested = savepoints(driver.kind, runner);
      // Uncached: the transaction's reads are its own until it commits.
      const partners = sqlPartners(nested, {
        changed: (id) => {
          changed.add(id);
          forget(id);
        },
      });
      const tx: Database = {
        ...sqlTables(nested),
        ...partners,
        transaction: (inner) => nested.transaction(() => inner(tx)),
        close: () => Promise.reject(new Error('A transaction’s database is closed with its own.')),
      };
      return fn(tx);
    });
  } finally {
    for (const id of changed) forget(id);
  }
}

/** A driver over an open transaction whose own transactions are savepoints of it. */
function savepoints(kind: SqlDriver['kind'], runner: SqlRunner): SqlDriver {
  let depth = 0;
  return {
    kind,
    query: (sql, params) => runner.query(sql, params),
    exec: (sql) => runner.exec(sql),
    async transaction(fn) {
      const name = `qk_nested_${++depth}`;
      await runner.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(runner);
        await runner.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await runner.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      } finally {
        depth -= 1;
      }
    },
    close: () => Promise.reject(new Error('A transaction’s driver is closed with its own.')),
  };
}
