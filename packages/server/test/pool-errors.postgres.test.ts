// A pooled PostgreSQL connection that breaks while idle (the server restarted,
// an administrator ended it) is logged as one JSON line with the request-free
// fields of every other log line, not as plain text on stdout, and the server
// goes on answering on a new connection.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, startProcess, type ServerProcess } from './process.js';
import { freshSchema, pgSkip, pgUrl, withClient } from './postgres.js';

const database = freshSchema('qk_pool_errors');

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), `${what} not reached`);
};

describe('a pooled PostgreSQL connection ended while idle', { skip: pgSkip }, () => {
  let server: ServerProcess;
  let dataDir: string;

  before(async () => {
    await withClient((client) => client.query(`CREATE DATABASE ${database}`));
    const url = new URL(pgUrl!);
    url.pathname = `/${database}`;
    dataDir = await mkdtemp(join(tmpdir(), 'quotekit-pool-errors-'));
    server = await startProcess({
      ...cleanEnv(),
      DATABASE_URL: url.href,
      QUOTEKIT_DATA: dataDir,
      QUOTEKIT_SIGNING_SECRET: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    });
  });

  after(async () => {
    await server?.stop();
    await withClient((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    await rm(dataDir, { recursive: true, force: true });
  });

  test('is logged as a JSON error line, not plain text, and the next request is answered', async () => {
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const ended = await withClient(
      async (client) =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE datname = $1 AND pid <> pg_backend_pid()) ended`,
            [database],
          )
        ).rows[0].n as number,
    );
    assert.ok(ended > 0, 'the server held an idle connection');
    const failed = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('PostgreSQL') && !line.startsWith('quotekit Order API on'));
    await until(() => failed().length > 0, 'a log line about the broken connection');
    for (const line of failed()) {
      assert.match(line, /^\{.*\}$/, 'a JSON line');
      const entry = JSON.parse(line) as {
        level: unknown;
        msg: unknown;
        error?: { message?: unknown };
      };
      assert.equal(entry.level, 50);
      assert.equal(entry.msg, 'PostgreSQL connection failed');
      assert.equal(typeof entry.error?.message, 'string');
    }
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  });
});
