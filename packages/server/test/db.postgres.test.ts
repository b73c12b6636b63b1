import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MIGRATIONS, openPostgresDatabase } from '@quotekit/server';
import { databaseSuite, newOrder } from './db-suite.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl, withClient } from './postgres.js';

const url = pgUrl;
const skip = pgSkip;
// A fresh schema per run, dropped afterwards: runs never see each other's rows.
const schema = freshSchema('qk_test');
const migrationSchema = `${schema}_m`;

if (url !== undefined) after(() => dropSchemas(schema, migrationSchema));

databaseSuite('PostgreSQL', () => openPostgresDatabase({ connectionString: url!, schema }), {
  sql: true,
  skip,
});

describe('PostgreSQL migrations', { skip }, () => {
  test('two servers opening one empty schema at once apply every migration once, in order', async () => {
    await withClient((client) => client.query(`CREATE SCHEMA ${migrationSchema}`));
    const open = () => openPostgresDatabase({ connectionString: url!, schema: migrationSchema });
    const [a, b] = await Promise.all([open(), open()]);
    try {
      assert.equal(await a.ready(), true);
      assert.equal(await b.ready(), true);
      const rows = await withClient(
        async (client) =>
          (
            await client.query<{ version: number; name: string }>(
              `SELECT version, name FROM ${migrationSchema}.qk_schema_migrations ORDER BY version`,
            )
          ).rows,
      );
      assert.deepEqual(
        rows,
        MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );
      // Both see one set of tables: an order written through one reads back through the other.
      const written = await a.insertOrder(newOrder(), `migrate-${process.pid}`, 'fp');
      assert.deepEqual(await b.getOrder(written.order.id), written.order);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a third server on the migrated schema applies nothing and keeps the rows', async () => {
    const applied = () =>
      withClient(
        async (client) =>
          (
            await client.query(
              `SELECT version, applied_at FROM ${migrationSchema}.qk_schema_migrations ORDER BY version`,
            )
          ).rows,
      );
    const before = await applied();
    const db = await openPostgresDatabase({ connectionString: url!, schema: migrationSchema });
    try {
      assert.equal(await db.ready(), true);
      assert.equal(await db.countOrders(), 1);
      assert.deepEqual(await applied(), before);
      assert.equal(before.length, MIGRATIONS.length);
    } finally {
      await db.close();
    }
  });
});

describe('PostgreSQL partner cache', { skip }, () => {
  test('an affiliate changed through another instance shows within the cache time, an offer code at once', async () => {
    const CACHE_MS = 300;
    const [here, other] = await Promise.all([
      openPostgresDatabase({ connectionString: url!, schema, partnerCacheMs: CACHE_MS }),
      openPostgresDatabase({ connectionString: url!, schema }),
    ]);
    try {
      const id = `CACHE${process.pid}`;
      const code = `${id}C`;
      await other.putAffiliate({ id, name: 'Cache', email: 'one@cache.example' });
      await other.putOfferCode({ code, affiliate: id, discountRate: '0.05', active: true });
      assert.equal((await here.getAffiliate(id))?.email, 'one@cache.example');
      assert.equal((await here.getOfferCode(code))?.active, true);

      await other.putAffiliate({ id, name: 'Cache', email: 'two@cache.example' });
      await other.putOfferCode({ code, affiliate: id, discountRate: '0.05', active: false });
      // The affiliate is kept: this instance did not ask the database again.
      assert.equal((await here.getAffiliate(id))?.email, 'one@cache.example');
      // An offer code is read every time: a withdrawn code stops on every instance at once.
      assert.equal((await here.getOfferCode(code))?.active, false);
      await new Promise((done) => setTimeout(done, CACHE_MS + 50));
      assert.equal((await here.getAffiliate(id))?.email, 'two@cache.example');

      await here.putAffiliate({ id, name: 'Cache', email: 'three@cache.example' });
      assert.equal((await here.getAffiliate(id))?.email, 'three@cache.example');
    } finally {
      await Promise.all([here.close(), other.close()]);
    }
  });
});

describe('PostgreSQL migration 9, lines into their order', { skip }, () => {
  const oldSchema = `${schema}_lines`;
  after(() => dropSchemas(oldSchema));

  test('an order written with lines in rows of their own reads back the same after it', async () => {
    const order = newOrder();
    const [monthly, oneTime] = order.quote.lines as [
      (typeof order.quote.lines)[number],
      (typeof order.quote.lines)[number],
    ];
    await withClient(async (client) => {
      await client.query(`CREATE SCHEMA ${oldSchema}; SET search_path = ${oldSchema}`);
      // The database as the earlier migrations left it, with one order in it.
      await client.query(
        `CREATE TABLE qk_schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      for (const migration of MIGRATIONS.filter((m) => m.version < 9)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO qk_schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      const { totals } = order.quote;
      await client.query(
        `INSERT INTO qk_orders (id, idempotency_key, fingerprint, status, created_at, channel,
           customer_name, customer_email, currency, discount_rate, subtotal, discount,
           monthly_payment, one_time, monthly_value_affiliate, monthly_value_reseller)
         VALUES ($1, 'before-9', 'fp', 'received', $2, 'web', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          order.id,
          order.createdAt,
          order.customer.name,
          order.customer.email,
          order.quote.currency,
          order.quote.discountRate,
          totals.subtotal,
          totals.discount,
          totals.monthlyPayment,
          totals.oneTime,
          totals.monthlyValue.affiliate,
          totals.monthlyValue.reseller,
        ],
      );
      // Inserted second line first: the position, not the row order, orders them.
      for (const [position, line] of [
        [1, oneTime],
        [0, monthly],
      ] as const) {
        await client.query(
          `INSERT INTO qk_order_lines (order_id, position, product, name, billing, quantity,
             amount, discount, net, value_affiliate, value_reseller, explain, breakdown)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            order.id,
            position,
            line.product,
            line.name,
            line.billing,
            line.quantity,
            line.amount,
            line.discount,
            line.net,
            line.value.affiliate,
            line.value.reseller,
            line.explain,
            line.breakdown === undefined ? null : JSON.stringify(line.breakdown),
          ],
        );
      }
    });
    const db = await openPostgresDatabase({ connectionString: url!, schema: oldSchema });
    try {
      const read = await db.getOrder(order.id);
      assert.deepEqual(read?.quote, order.quote);
      assert.equal(read?.number, 'QK-1001');
      const tables = await withClient(
        async (client) =>
          (
            await client.query(
              `SELECT count(*)::int AS n FROM information_schema.tables
               WHERE table_schema = $1 AND table_name = 'qk_order_lines'`,
              [oldSchema],
            )
          ).rows[0].n,
      );
      assert.equal(tables, 0);
    } finally {
      await db.close();
    }
  });
});

describe('PostgreSQL migration 10, the partner program', { skip }, () => {
  const oldSchema = `${schema}_partners`;
  after(() => dropSchemas(oldSchema));

  test('affiliates, codes and keys made before it read back as active affiliates, active codes and keys of their roles', async () => {
    await withClient(async (client) => {
      await client.query(`CREATE SCHEMA ${oldSchema}; SET search_path = ${oldSchema}`);
      await client.query(
        `CREATE TABLE qk_schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      for (const migration of MIGRATIONS.filter((m) => m.version < 10)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO qk_schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      // The demo data as earlier releases seeded it, and a staff key.
      await client.query(
        `INSERT INTO qk_affiliates (id, name, email) VALUES ('ACME', 'Acme Hosting Partners', 'partner@acme.example');
         INSERT INTO qk_offer_codes (code, affiliate_id, discount_rate) VALUES ('ACME5', 'ACME', 0.05);
         INSERT INTO qk_staff_keys (id, name, role, key_hash, created_at)
           VALUES ('key_old', 'Ann Lee', 'sales', 'hash-old', '2026-01-01T00:00:00Z')`,
      );
    });
    const db = await openPostgresDatabase({ connectionString: url!, schema: oldSchema });
    try {
      const acme = await db.getPartner('ACME');
      assert.equal(acme?.kind, 'affiliate');
      assert.equal(acme?.status, 'active');
      assert.equal(acme?.email, 'partner@acme.example');
      assert.equal(acme?.country, null);
      assert.deepEqual(acme?.payout, { method: 'check', paypalEmail: null });
      assert.deepEqual(await db.getOfferCode('ACME5'), {
        code: 'ACME5',
        affiliate: 'ACME',
        discountRate: '0.05',
        active: true,
      });
      assert.equal((await db.listOfferCodes('ACME'))[0]?.disabledAt, null);
      const key = await db.getStaffKeyByHash('hash-old');
      assert.equal(key?.role, 'sales');
      assert.equal(key?.partnerId, null);
    } finally {
      await db.close();
    }
  });
});
