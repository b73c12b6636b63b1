import pg from 'pg';
import type { Database } from './database.js';
import { createSqlDatabase, migrate, type SqlDriver, type SqlRunner } from './sql.js';

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database` (the `DATABASE_URL`). */
  connectionString: string;
  /**
   * The schema the tables live in, created when missing. Default: the
   * server's search path (usually `public`). Tests use a fresh one per run.
   */
  schema?: string;
  /** Largest number of connections. Default 10. */
  maxConnections?: number;
  /** Called when an idle connection fails (the pool replaces it). Default `console.error`. */
  onError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
  async query(sql, params) {
    return (await client.query(sql, params)).rows;
  },
  async exec(sql) {
    await client.query(sql);
  },
});

/** A database in a PostgreSQL server, through a `pg` connection pool; migrations run before this resolves. */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME}.`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', options.onError ?? ((error) => console.error('PostgreSQL:', error.message)));
  const driver: SqlDriver = {
    kind: 'postgres',
    ...runner(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped, not reused.
        await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
  try {
    if (schema !== undefined) await driver.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migrate(driver);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return createSqlDatabase(driver);
}
