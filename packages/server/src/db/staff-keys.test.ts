// Reading staff keys back from their table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Row, SqlRunner } from './query.js';
import { sqlStaffKeys } from './staff-keys.js';

/** A table of `rows`, answering every SELECT with the rows whose key_hash is the first parameter (or all). */
function tableOf(rows: Row[]): SqlRunner {
  return {
    async query<T extends Row>(_sql: string, params?: unknown[]) {
      const hash = params?.[0];
      return (hash === undefined ? rows : rows.filter((row) => row.key_hash === hash)) as T[];
    },
    async exec() {},
  };
}

const row = (id: string, role: string): Row => ({
  id,
  name: `${role} key`,
  role,
  key_hash: `hash-${id}`,
  created_at: new Date('2026-03-01T12:00:00.000Z'),
  revoked_at: null,
  partner_id: null,
});

test('find no key whose role this release does not know, so it may do nothing, and list only the known ones', async () => {
  const keys = sqlStaffKeys(tableOf([row('key_new', 'auditor'), row('key_admin', 'admin')]));
  assert.equal(await keys.getStaffKeyByHash('hash-key_new'), null);
  assert.equal((await keys.getStaffKeyByHash('hash-key_admin'))?.role, 'admin');
  assert.deepEqual(
    (await keys.listStaffKeys()).map((key) => [key.id, key.role]),
    [['key_admin', 'admin']],
  );
});
