import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { MIGRATIONS, openPostgresDatabase } from '@quotekit/server';
import { databaseSuite, newOrder } from './db-suite.js';

const url = process.env.DATABASE_URL || undefined;
const skip = url === undefined && 'set DATABASE_URL to run it against a PostgreSQL server';
// A fresh schema per run, dropped afterwards: runs never see each other's rows.
const schema = `qk_test_${process.pid}_${Date.now().toString(36)}`;
const migrationSchema = `${schema}_m`;

/** Runs `fn` on one plain connection to the server. */
async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

if (url !== undefined) {
  after(() =>
    withClient(async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS ${migrationSchema} CASCADE`);
    }),
  );
}

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
  test('a change made through another instance shows within the cache time, one made here at once', async () => {
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
      // Kept: this instance did not ask the database again.
      assert.equal((await here.getAffiliate(id))?.email, 'one@cache.example');
      assert.equal((await here.getOfferCode(code))?.active, true);
      await new Promise((done) => setTimeout(done, CACHE_MS + 50));
      assert.equal((await here.getAffiliate(id))?.email, 'two@cache.example');
      assert.equal((await here.getOfferCode(code))?.active, false);

      await here.putAffiliate({ id, name: 'Cache', email: 'three@cache.example' });
      assert.equal((await here.getAffiliate(id))?.email, 'three@cache.example');
    } finally {
      await Promise.all([here.close(), other.close()]);
    }
  });
});
