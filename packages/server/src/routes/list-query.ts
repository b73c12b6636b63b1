// Query strings of the program's lists, checked before any SQL runs: a bad
// value is `400 invalid_request` naming it.
import type { Context } from 'hono';
import { fail } from '../http.js';

export type Problems = { path: string; message: string }[];

/** A trimmed query parameter, undefined when absent or empty. */
export const queryOf = (c: Context, name: string) => c.req.query(name)?.trim() || undefined;

/** Fails with `400 invalid_request` listing `problems`, when there are any. */
export function refuseProblems(problems: Problems, what: string): void {
  if (problems.length === 0) return;
  fail(
    'invalid_request',
    `Invalid ${what} query: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
    { problems },
  );
}

/** `status` (one of `statuses`), `limit` (1–200, default 50) and `cursor` (an id) of an admin list. */
export function pageOf<S extends string>(
  c: Context,
  statuses: readonly S[],
  what: string,
): { status?: S; limit: number; afterId?: string } {
  const problems: Problems = [];
  const page: { status?: S; limit: number; afterId?: string } = { limit: 50 };
  const status = queryOf(c, 'status');
  if (status !== undefined) {
    if ((statuses as readonly string[]).includes(status)) page.status = status as S;
    else problems.push({ path: 'status', message: `must be ${statuses.join(', ')}` });
  }
  const limit = queryOf(c, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= 200) page.limit = n;
    else problems.push({ path: 'limit', message: 'must be a whole number from 1 to 200' });
  }
  const cursor = queryOf(c, 'cursor');
  if (cursor !== undefined) {
    if (/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) page.afterId = cursor;
    else problems.push({ path: 'cursor', message: 'must be the nextCursor of the previous page' });
  }
  refuseProblems(problems, what);
  return page;
}

/** The list's query parameters, as the OpenAPI document lists them. */
export const pageQuery = (statuses: readonly string[], what: string) => [
  { name: 'status', description: `Only ${what} in this status: ${statuses.join(', ')}` },
  { name: 'limit', description: 'A page, 1–200; default 50' },
  { name: 'cursor', description: 'The `nextCursor` of the previous page' },
];
