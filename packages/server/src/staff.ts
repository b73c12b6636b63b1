import type { Context } from 'hono';
import { randomId, sha256 } from './http.js';
import { randomToken } from './signing.js';
import type { Database, StaffKey, StaffRole } from './db/database.js';

export const STAFF_ROLES: readonly StaffRole[] = ['sales', 'admin'];

/**
 * Makes a staff API key: returns the key, which is shown once, and stores
 * only its SHA-256. `sales` keys place phone orders under the key's name;
 * `admin` keys also read and list every order.
 */
export async function createStaffKey(
  db: Database,
  input: { name: string; role: StaffRole },
  now: Date = new Date(),
): Promise<{ key: string; record: StaffKey }> {
  const name = input.name.trim();
  if (name === '' || name.length > 64 || /[\p{Cc}]/u.test(name)) {
    throw new Error('A staff key needs a name of 1–64 printable characters.');
  }
  if (!STAFF_ROLES.includes(input.role)) {
    throw new Error(
      `A staff key's role is ${STAFF_ROLES.join(' or ')}, not ${String(input.role)}.`,
    );
  }
  const key = `qk_${input.role}_${randomToken(24)}`;
  const record: StaffKey = {
    id: `key_${randomId(10)}`,
    name,
    role: input.role,
    keyHash: await sha256(key),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await db.putStaffKey(record);
  return { key, record };
}

/** The bearer token of `Authorization`, or undefined. */
export function bearerOf(c: Context): string | undefined {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(c.req.header('authorization')?.trim() ?? '');
  return match?.[1];
}

/** The staff member a bearer token belongs to; null for none, an unknown key or a revoked one. */
export async function staffOf(db: Database, token: string | undefined): Promise<StaffKey | null> {
  if (token === undefined || !token.startsWith('qk_')) return null;
  const key = await db.getStaffKeyByHash(await sha256(token));
  return key !== null && key.revokedAt === null ? key : null;
}
