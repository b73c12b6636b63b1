import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database } from './database.js';
import { PARTNER_CACHE_MS } from './partners.js';
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
  /**
   * How long to wait for a connection (a new one to open, or a free one from
   * a full pool) before the request fails. Default {@link PG_TIMEOUTS}.
   */
  connectTimeoutMs?: number;
  /**
   * A statement running longer is cancelled by PostgreSQL; a server that does
   * not answer at all is given up half a second later and the connection
   * dropped. Default {@link PG_TIMEOUTS}.
   */
  statementTimeoutMs?: number;
  /** An unused connection is closed after this long. Default {@link PG_TIMEOUTS}. */
  idleTimeoutMs?: number;
  /**
   * How long an affiliate or offer code read is kept in memory: a change
   * made by another instance shows here within this time (one made through
   * this instance at once). Default {@link PARTNER_CACHE_MS} (30 s); 0 keeps none.
   */
  partnerCacheMs?: number;
}

/** Default timeouts, in milliseconds: a database that stops answering fails requests instead of holding them. */
export const PG_TIMEOUTS = { connectMs: 5_000, statementMs: 10_000, idleMs: 30_000 } as const;

/** How much longer than the statement timeout the client waits for a server that does not answer. */
const UNANSWERED_MARGIN_MS = 500;

/** pg's error when a server did not answer within `query_timeout`: the connection is in an unknown state. */
const isUnanswered = (error: unknown) =>
  error instanceof Error && error.message === 'Query read timeout';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A name per statement text, so that each connection parses and plans a
 * statement with parameters once and then only binds and runs it: the
 * statements are the code's own, so their number is bounded.
 */
const preparedNames = new Map<string, string>();
const preparedName = (sql: string): string => {
  let name = preparedNames.get(sql);
  if (name === undefined) {
    name = `qk_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`;
    preparedNames.set(sql, name);
  }
  return name;
};

const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
  async query(sql, params) {
    if (params === undefined || params.length === 0) return (await client.query(sql)).rows;
    return (await client.query({ name: preparedName(sql), text: sql, values: params })).rows;
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
  const statementMs = options.statementTimeoutMs ?? PG_TIMEOUTS.statementMs;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? PG_TIMEOUTS.connectMs,
    idleTimeoutMillis: options.idleTimeoutMs ?? PG_TIMEOUTS.idleMs,
    statement_timeout: statementMs,
    // A transaction left open by a stuck client does not hold its locks for ever.
    idle_in_transaction_session_timeout: statementMs,
    query_timeout: statementMs + UNANSWERED_MARGIN_MS,
    // A dead peer (a host gone, a network cut) is noticed by the socket, not only by the timeouts.
    keepAlive: true,
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
        // A connection that cannot even roll back is dropped, not reused; one
        // whose server stopped answering is dropped without trying.
        if (isUnanswered(error)) broken = error as Error;
        else await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
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
  return createSqlDatabase(driver, { partnerCacheMs: options.partnerCacheMs ?? PARTNER_CACHE_MS });
}
