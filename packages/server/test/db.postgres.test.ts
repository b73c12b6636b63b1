import { after } from 'node:test';
import pg from 'pg';
import { openPostgresDatabase } from '@quotekit/server';
import { databaseSuite } from './db-suite.js';

const url = process.env.DATABASE_URL;
if (url === undefined || url === '') {
  // Not a skipped test: without a server there is nothing to register.
  console.log('PostgreSQL db suite not run: set DATABASE_URL to run it against a server.');
} else {
  // A fresh schema per run, dropped afterwards: runs never see each other's rows.
  const schema = `qk_test_${process.pid}_${Date.now().toString(36)}`;
  after(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  databaseSuite('PostgreSQL', () => openPostgresDatabase({ connectionString: url, schema }), {
    sql: true,
  });
}
