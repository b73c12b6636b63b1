// qk_staff_keys: the staff API keys, by the SHA-256 of the key.
import type { Database, StaffKey, StaffRole } from './database.js';
import { insertInto, iso, type Row, type SqlRunner } from './query.js';

export type StaffKeyTable = Pick<
  Database,
  'putStaffKey' | 'getStaffKeyByHash' | 'listStaffKeys' | 'revokeStaffKey'
>;

const KEY_COLUMNS = 'id, name, role, key_hash, created_at, revoked_at, partner_id';

const ROLES: readonly StaffRole[] = ['sales', 'admin', 'partner', 'billing'];

/**
 * The key a row holds, or null when its role is one this release does not
 * know (written by a newer release): such a key may do nothing here, rather
 * than be read as some role it was never given.
 */
function staffKeyFrom(row: Row): StaffKey | null {
  const role = ROLES.find((known) => known === row.role);
  if (role === undefined) return null;
  return {
    id: String(row.id),
    name: String(row.name),
    role,
    keyHash: String(row.key_hash),
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at == null ? null : iso(row.revoked_at),
    partnerId: row.partner_id == null ? null : String(row.partner_id),
  };
}

export function sqlStaffKeys(db: SqlRunner): StaffKeyTable {
  return {
    async putStaffKey(key) {
      const { sql, params } = insertInto('qk_staff_keys', {
        id: key.id,
        name: key.name,
        role: key.role,
        key_hash: key.keyHash,
        created_at: key.createdAt,
        revoked_at: key.revokedAt,
        partner_id: key.partnerId?.toUpperCase() ?? null,
      });
      await db.query(sql, params);
    },
    async getStaffKeyByHash(keyHash) {
      const [row] = await db.query(`SELECT ${KEY_COLUMNS} FROM qk_staff_keys WHERE key_hash = $1`, [
        keyHash,
      ]);
      return row === undefined ? null : staffKeyFrom(row);
    },
    async listStaffKeys() {
      const rows = await db.query(
        `SELECT ${KEY_COLUMNS} FROM qk_staff_keys ORDER BY created_at, id`,
      );
      return rows.map(staffKeyFrom).filter((key) => key !== null);
    },
    async revokeStaffKey(id, at) {
      const rows = await db.query(
        'UPDATE qk_staff_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [id, at],
      );
      return rows.length === 1;
    },
  };
}
