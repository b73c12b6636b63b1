// Staff roles: which key may do what, on the app as it serves requests.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import {
  createMemoryDatabase,
  openPGliteDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey, requirePartner, requireRole } from './staff.js';
import { bearer, expectError, useApp, webOrder } from '../test/harness.js';

describe('staff keys of the partner program', () => {
  const h = useApp();

  test('bind a partner key to its partner, upper case, and refuse one for no partner or a missing one', async () => {
    const { record } = await createStaffKey(h.db, {
      name: 'ACME portal',
      role: 'partner',
      partner: 'acme',
    });
    assert.equal(record.partnerId, 'ACME');
    await assert.rejects(createStaffKey(h.db, { name: 'x', role: 'partner' }), /needs the partner/);
    await assert.rejects(
      createStaffKey(h.db, { name: 'x', role: 'partner', partner: 'NOBODY' }),
      /no partner NOBODY/,
    );
    await assert.rejects(
      createStaffKey(h.db, { name: 'x', role: 'billing', partner: 'ACME' }),
      /Only a partner key/,
    );
    const billing = await createStaffKey(h.db, { name: 'Billing', role: 'billing' });
    assert.equal(billing.record.partnerId, null);
    assert.match(billing.key, /^qk_billing_/);
  });

  test('refuse partner and billing keys the order list with 403, and place no phone order with them', async () => {
    const partner = (await createStaffKey(h.db, { name: 'P', role: 'partner', partner: 'ACME' }))
      .key;
    const billing = (await createStaffKey(h.db, { name: 'B', role: 'billing' })).key;
    for (const key of [partner, billing]) {
      await expectError(
        await h.app.request('/v1/orders', { headers: bearer(key) }),
        403,
        'forbidden',
      );
      const phone = { ...webOrder({ offerCode: 'ACME5' }), channel: 'phone' };
      await expectError(await h.order(phone, bearer(key)), 403, 'forbidden');
    }
    assert.equal(await h.db.countOrders(), 0);
  });
});

describe('requireRole and requirePartner', () => {
  let db: Database;
  const app = new Hono();
  const keys: Record<string, string> = {};
  before(async () => {
    db = createMemoryDatabase();
    await seedDemoData(db);
    for (const role of ['sales', 'admin', 'billing'] as const) {
      keys[role] = (await createStaffKey(db, { name: role, role })).key;
    }
    keys.partner = (
      await createStaffKey(db, { name: 'p', role: 'partner', partner: 'NORTHWIND' })
    ).key;
    const revoked = await createStaffKey(db, { name: 'gone', role: 'admin' });
    await db.revokeStaffKey(revoked.record.id, new Date().toISOString());
    keys.revoked = revoked.key;
    app.get('/billing', async (c) => c.json({ role: (await requireRole(c, db, 'billing')).role }));
    app.get('/partner', async (c) => c.json({ id: (await requirePartner(c, db)).partner.id }));
    app.onError((error) => {
      const { code } = error as { code?: string };
      const status = code === 'unauthorized' ? 401 : code === 'forbidden' ? 403 : 500;
      return Response.json({ code }, { status });
    });
  });

  const get = (path: string, key?: string) =>
    app.request(path, { headers: key === undefined ? {} : bearer(key) });

  test('let a billing route be used by billing and admin keys, and refuse the others with 403', async () => {
    assert.deepEqual(await (await get('/billing', keys.billing)).json(), { role: 'billing' });
    assert.deepEqual(await (await get('/billing', keys.admin)).json(), { role: 'admin' });
    for (const role of ['sales', 'partner']) {
      assert.equal((await get('/billing', keys[role])).status, 403, role);
    }
  });

  test('answer 401 without a key, with an unknown one and with a revoked one', async () => {
    for (const key of [undefined, 'qk_admin_nope', keys.revoked]) {
      assert.equal((await get('/billing', key)).status, 401);
      assert.equal((await get('/partner', key)).status, 401);
    }
  });

  test('give a partner route the key’s own partner, and refuse every other role with 403', async () => {
    assert.deepEqual(await (await get('/partner', keys.partner)).json(), { id: 'NORTHWIND' });
    for (const role of ['sales', 'admin', 'billing']) {
      assert.equal((await get('/partner', keys[role])).status, 403, role);
    }
  });
});

describe('npm run keys', () => {
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'qk-keys-'));
  const keys = (...args: string[]) =>
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@quotekit/source',
        join(import.meta.dirname, 'keys.ts'),
        ...args,
      ],
      { env: { ...process.env, DATABASE_URL: '', QUOTEKIT_DATA: dir } },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('make a partner key for ACME on a fresh database (given the demo partners first, as the server’s first start), and a billing key', async () => {
    const partner = await keys(
      'create',
      '--role',
      'partner',
      '--partner',
      'acme',
      '--name',
      'ACME portal',
    );
    assert.equal(partner.code, 0, partner.stderr);
    assert.match(
      partner.stdout,
      /Created partner key key_\w+ for ACME portal acting for partner ACME\./,
    );
    assert.match(partner.stdout, /qk_partner_\S+/);
    const billing = await keys(
      'create',
      '--role',
      'billing',
      '--name',
      'Billing system',
      '--quiet',
    );
    assert.equal(billing.code, 0, billing.stderr);
    assert.match(billing.stdout.trim(), /^qk_billing_\S+$/);
    const list = await keys('list');
    assert.match(list.stdout, /partner\s+\S+\s+active\s+ACME portal \(partner ACME\)/);
    assert.match(list.stdout, /billing\s+\S+\s+active\s+Billing system/);
    const db = await openPGliteDatabase({ dataDir: dir });
    try {
      assert.equal((await db.getPartner('NORTHWIND'))?.status, 'active');
      assert.equal((await db.getOfferCode('ACME5'))?.active, true);
    } finally {
      await db.close();
    }
  });

  test('refuse a partner key without --partner, --partner on another role, and a partner that does not exist', async () => {
    const missing = await keys('create', '--role', 'partner', '--name', 'x');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--partner goes with --role partner/);
    const stray = await keys('create', '--role', 'sales', '--partner', 'ACME', '--name', 'x');
    assert.equal(stray.code, 2);
    const unknown = await keys('create', '--role', 'partner', '--partner', 'NOBODY', '--name', 'x');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /There is no partner NOBODY\./);
  });
});
