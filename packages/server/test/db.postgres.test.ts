import { after } from 'node:test';
import pg from 'pg';
import { openPostgresDatabase } from '@quotekit/server';
import { databaseSuite } from './db-suite.js';

const url = process.env.DATABASE_URL || undefined;
// A fresh schema per run, dropped afterwards: runs never see each other's rows.
const schema = `qk_test_${process.pid}_${Date.now().toString(36)}`;

if (url !== undefined) {
  after(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
}

databaseSuite('PostgreSQL', () => openPostgresDatabase({ connectionString: url!, schema }), {
  sql: true,
  skip: url === undefined && 'set DATABASE_URL to run it against a PostgreSQL server',
});
