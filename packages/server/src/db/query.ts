// What every table module shares: the driver it runs on and the statement
// helpers. PGlite and PostgreSQL speak the same SQL, so a table is written
// once for both.

export type Row = Record<string, unknown>;

/** What the SQL database layer needs from a driver: PGlite and `pg` both fit. */
export interface SqlRunner {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters. */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A statement and its parameters, `$1` first. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * `INSERT INTO table (a, b, …) VALUES ($1, $2, …)` with `row`'s values as
 * the parameters, in `row`'s order: a column and its placeholder come from
 * one entry, so they cannot drift apart. Append clauses (`ON CONFLICT`,
 * `RETURNING`) to `sql`; further parameters are `$${params.length + 1}` on.
 */
export function insertInto(table: string, row: Row): Statement {
  const columns = Object.keys(row);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`,
    params: Object.values(row),
  };
}

/**
 * `INSERT INTO table (a, b, …) SELECT $1, $2, … WHERE condition`: `insertInto`
 * that writes the row only while `condition` holds, checked in the same
 * statement. `condition` may name the row's parameters (`$3`).
 */
export function insertWhere(table: string, row: Row, condition: string): Statement {
  const columns = Object.keys(row);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${placeholders.join(', ')} WHERE ${condition}`,
    params: Object.values(row),
  };
}

/** `insertInto` that replaces the row whose `key` column is taken, every other column with it. */
export function upsertInto(table: string, key: string, row: Row): Statement {
  const insert = insertInto(table, row);
  const updates = Object.keys(row)
    .filter((column) => column !== key)
    .map((column) => `${column} = excluded.${column}`);
  return {
    ...insert,
    sql: `${insert.sql} ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`,
  };
}

/** A timestamp as an ISO string, from a `Date` (`pg`, PGlite) or text. */
export const iso = (value: unknown): string => new Date(value as string | Date).toISOString();

/** A nullable column as a string or null. */
export const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** A jsonb value: parsed by the driver, or text from one that does not parse it. */
export const json = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;
