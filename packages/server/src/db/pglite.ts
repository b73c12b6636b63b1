import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';
import { lockDataDir } from './lock.js';
import { createSqlDatabase, migrate, type SqlDriver, type SqlRunner } from './sql.js';

export interface PGliteDatabaseOptions {
  /** Directory the database lives in (created when missing). Default: in memory, gone on close. */
  dataDir?: string;
  /**
   * A lock on `dataDir` not refreshed for this long is taken over (its
   * process is gone). Default 10 s: a restart after a crash may wait that long.
   */
  lockStaleMs?: number;
  /** Called if another process took the data directory's lock from this one. Default: throw (the process ends). */
  onLockLost?: (error: Error) => void;
}

/**
 * The data holds customers' names and emails and the staff keys: only this
 * user may read or write it. New files get no group or other bits (the
 * umask stays so for the process: PGlite writes for as long as it runs), and
 * files an older version left readable are closed.
 */
function makePrivate(dataDir: string): void {
  process.umask(process.umask() | 0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const close = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
    if (stat.isDirectory()) for (const name of readdirSync(path)) close(join(path, name));
  };
  close(dataDir);
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
  let release = () => {};
  if (options.dataDir !== undefined) {
    makePrivate(options.dataDir);
    // One process per directory: a second one refuses to start.
    release = await lockDataDir(options.dataDir, {
      ...(options.lockStaleMs === undefined ? {} : { staleMs: options.lockStaleMs }),
      ...(options.onLockLost === undefined ? {} : { onLost: options.onLockLost }),
    });
  }
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
