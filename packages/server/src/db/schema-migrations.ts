// The qk_schema_migrations table: which of MIGRATIONS a database has applied.
import { MIGRATIONS } from './migrations.js';
import { insertInto, type SqlDriver, type SqlRunner } from './query.js';

// Any constant works; it only has to be the same in every process, so that
// two servers starting on one database migrate one after the other.
const MIGRATION_LOCK = 7_151_004;

/** Applies the migrations a database lacks, in one transaction. Returns the versions applied. */
export async function migrate(driver: SqlDriver): Promise<number[]> {
  return driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS qk_schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM qk_schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      const { sql, params } = insertInto('qk_schema_migrations', {
        version: migration.version,
        name: migration.name,
      });
      await tx.query(sql, params);
      done.push(migration.version);
    }
    return done;
  });
}

/**
 * True when the database answers and has every migration applied. Counted,
 * not compared with the highest version: versions may be added out of order.
 */
export async function isMigrated(db: SqlRunner): Promise<boolean> {
  const [row] = await db.query<{ applied: number }>(
    'SELECT count(*)::int AS applied FROM qk_schema_migrations WHERE version = ANY ($1::int[])',
    [MIGRATIONS.map((migration) => migration.version)],
  );
  return Number(row?.applied) === MIGRATIONS.length;
}
