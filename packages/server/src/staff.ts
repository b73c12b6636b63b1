import type { Context } from 'hono';
import { fail, randomId, sha256 } from './http.js';
import { randomToken } from './signing.js';
import type { Database, Partner, StaffKey, StaffRole } from './db/database.js';

export const STAFF_ROLES: readonly StaffRole[] = ['sales', 'admin', 'partner', 'billing'];

/**
 * Makes a staff API key: returns the key, which is shown once, and stores
 * only its SHA-256. `sales` keys place phone orders under the key's name;
 * `admin` keys may do everything; a `partner` key acts for the one partner
 * `partner` names, which must exist; `billing` keys post statements only.
 */
export async function createStaffKey(
  db: Database,
  input: { name: string; role: StaffRole; partner?: string },
  now: Date = new Date(),
): Promise<{ key: string; record: StaffKey }> {
  const name = input.name.trim();
  if (name === '' || name.length > 64 || /[\p{Cc}]/u.test(name)) {
    throw new Error('A staff key needs a name of 1–64 printable characters.');
  }
  if (!STAFF_ROLES.includes(input.role)) {
    throw new Error(`A staff key's role is ${STAFF_ROLES.join(', ')}, not ${String(input.role)}.`);
  }
  let partnerId: string | null = null;
  if (input.role === 'partner') {
    if (input.partner === undefined || input.partner.trim() === '') {
      throw new Error('A partner key needs the partner it acts for (--partner ACME).');
    }
    const partner = await db.getPartner(input.partner.trim());
    if (partner === null) throw new Error(`There is no partner ${input.partner.trim()}.`);
    partnerId = partner.id;
  } else if (input.partner !== undefined) {
    throw new Error(`Only a partner key names a partner; this is a ${input.role} key.`);
  }
  const key = `qk_${input.role}_${randomToken(24)}`;
  const record: StaffKey = {
    id: `key_${randomId(10)}`,
    name,
    role: input.role,
    keyHash: await sha256(key),
    createdAt: now.toISOString(),
    revokedAt: null,
    partnerId,
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

/**
 * The request's staff key when its role is one of `roles` or `admin` (an
 * admin key may do everything). No key, or an unknown or revoked one, is
 * `401 unauthorized`; a key of another role is `403 forbidden`.
 */
export async function requireRole(
  c: Context,
  db: Database,
  ...roles: StaffRole[]
): Promise<StaffKey> {
  const staff = await staffOf(db, bearerOf(c));
  const allowed = roles.includes('admin') ? roles : [...roles, 'admin' as const];
  if (staff === null) {
    fail(
      'unauthorized',
      `This needs ${keyWords(allowed)}: send it as Authorization: Bearer <key>.`,
    );
  }
  if (!allowed.includes(staff.role)) {
    fail('forbidden', `A ${staff.role} key may not do this; it needs ${keyWords(allowed)}.`, {
      role: staff.role,
    });
  }
  return staff;
}

/**
 * The partner a `partner` key acts for, with the key. No key (or an unknown
 * or revoked one) is `401 unauthorized`; a key of any other role, admin
 * included (it acts for no partner), is `403 forbidden`.
 */
export async function requirePartner(
  c: Context,
  db: Database,
): Promise<{ key: StaffKey; partner: Partner }> {
  const staff = await staffOf(db, bearerOf(c));
  if (staff === null) {
    fail('unauthorized', "This needs the partner's key: send it as Authorization: Bearer <key>.");
  }
  const partner =
    staff.role === 'partner' && staff.partnerId !== null
      ? await db.getPartner(staff.partnerId)
      : null;
  if (partner === null) {
    fail('forbidden', `A ${staff.role} key acts for no partner; this needs a partner key.`, {
      role: staff.role,
    });
  }
  return { key: staff, partner };
}

const keyWords = (roles: readonly StaffRole[]): string =>
  `${roles.length === 1 ? 'an' : 'a'} ${roles.join(' or ')} key`;
