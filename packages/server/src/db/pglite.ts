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
 * Removes group and other bits from every file and directory under `path`
 * (symbolic links left alone). A file PGlite removes meanwhile is skipped.
 */
function closeTree(path: string): void {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
    if (stat.isDirectory()) for (const name of readdirSync(path)) closeTree(join(path, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** How often the data directory's files are closed again while the database is open. */
const RECLOSE_MS = 10 * 60_000;

/**
 * The data holds customers' names and emails and the staff keys: only this
 * user may read or write it. The directory is 0700, so nobody else can reach
 * what is inside; the files in it are closed too. PGlite sets the modes of
 * the files it writes itself, ignoring the umask (a new directory's files
 * come out 0666, and each open rewrites some), so the tree is closed after
 * opening and migrating, every ten minutes while open, and on close. New
 * directories still honour the umask, hence 077 for the process.
 */
function makePrivate(dataDir: string): void {
  process.umask(process.umask() | 0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeTree(dataDir);
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
  const { dataDir } = options;
  let release = () => {};
  if (dataDir !== undefined) {
    makePrivate(dataDir);
    // One process per directory: a second one refuses to start.
    release = await lockDataDir(dataDir, {
      ...(options.lockStaleMs === undefined ? {} : { staleMs: options.lockStaleMs }),
      ...(options.onLockLost === undefined ? {} : { onLost: options.onLockLost }),
    });
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  } catch (error) {
    release();
    throw error;
  }
  const reclosing = setInterval(() => {
    try {
      if (dataDir !== undefined) closeTree(dataDir);
    } catch {
      // Tried again at the next interval and on close.
    }
  }, RECLOSE_MS);
  reclosing.unref();
  const driver: SqlDriver = {
    kind: 'pglite',
    ...runner(db),
    // PGlite runs one transaction at a time; others wait their turn.
    transaction: (fn) => db.transaction((tx) => fn(runner(tx))),
    close: () =>
      db.close().finally(() => {
        clearInterval(reclosing);
        if (dataDir !== undefined) closeTree(dataDir);
        release();
      }),
  };
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  if (dataDir !== undefined) closeTree(dataDir);
  // One process owns a PGlite directory, so what it has read stays true until it writes.
  return createSqlDatabase(driver, { partnerCacheMs: Infinity });
}
