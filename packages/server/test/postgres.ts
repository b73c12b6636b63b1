// What the PostgreSQL suites share: the server from DATABASE_URL, a fresh
// schema per run, and dropping it afterwards.
import pg from 'pg';

/** The PostgreSQL server the suites run against, if any. */
export const pgUrl = process.env.DATABASE_URL || undefined;

/** `describe`'s skip option: the reason when no server is set. */
export const pgSkip =
  pgUrl === undefined && 'set DATABASE_URL to run it against a PostgreSQL server';

/** A schema name no other run uses: `<prefix>_<pid>_<time>`. */
export const freshSchema = (prefix: string) =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}`;

/** Runs `fn` on one plain connection to the server. */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops the schemas and all in them. */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  await withClient(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}
