import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';
import { lockDataDir } from './lock.js';
import { createSqlDatabase, migrate, type SqlDriver, type SqlRunner } from './sql.js';

export interface PGliteDatabaseOptions {
  /** Directory the database lives in (created when missing). Default: in memory, gone on close. */
  dataDir?: string;
}

type Queryable = Pick<PGlite, 'query' | 'exec'>;

const runner = (db: Queryable): SqlRunner => ({
  async query(sql, params) {
    return (await db.query(sql, params)).rows as never;
  },
  async exec(sql) {
    await db.exec(sql);
  },
});

/**
 * A database in PGlite, PostgreSQL compiled to WebAssembly and run in-process:
 * a real database with no server to install. Opening a new directory takes a
 * few seconds; the migrations run before this resolves.
 */
export async function openPGliteDatabase(options: PGliteDatabaseOptions = {}): Promise<Database> {
  // One process per directory: a second one refuses to start.
  const release = options.dataDir === undefined ? () => {} : lockDataDir(options.dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  } catch (error) {
    release();
    throw error;
  }
  const driver: SqlDriver = {
    kind: 'pglite',
    ...runner(db),
    // PGlite runs one transaction at a time; others wait their turn.
    transaction: (fn) => db.transaction((tx) => fn(runner(tx))),
    close: () => db.close().finally(release),
  };
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  // One process owns a PGlite directory, so what it has read stays true until it writes.
  return createSqlDatabase(driver, { cacheReferenceData: true });
}
