// The PGlite data directory holds customers' names and emails (in the tables
// and the WAL), the staff keys and the signing secret: no other local user
// may read or write any of it. Real processes on a real PGlite directory.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanEnv, startProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-permissions-'));
after(() => rm(root, { recursive: true, force: true }));

const ORDER = {
  quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
  expectedMonthlyPayment: '200.00',
  customer: { name: 'Zelda Quinterro', email: 'zelda.q@private.example' },
  channel: 'web',
};

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (path: string) => {
    const stat = lstatSync(path);
    found.set(relative(dir, path) || '.', stat.mode & 0o777);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/** The paths group or other may use, with their modes in octal: none expected. */
function opened(dir: string): string[] {
  return [...modes(dir)]
    .filter(([, mode]) => (mode & 0o077) !== 0)
    .map(([path, mode]) => `${path} ${mode.toString(8)}`);
}

describe('PGlite data directory permissions', () => {
  test('nothing under the data directory is open to group or other: after start and an order, after stop, after a restart', async () => {
    const dataDir = join(root, 'data');
    const env = { ...cleanEnv(), QUOTEKIT_DATA: dataDir, LOG_LEVEL: 'silent' };

    const first = await startProcess(env);
    const res = await fetch(`${first.url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'permissions-1' },
      body: JSON.stringify(ORDER),
    });
    assert.equal(res.status, 201);
    const running = modes(dataDir);
    // The walk saw the database and the secret, not an empty directory.
    assert.ok(running.size > 500, `only ${running.size} paths under the data directory`);
    assert.ok(running.has('signing-secret'));
    assert.ok(running.has('pg_wal'));
    assert.equal(running.get('.'), 0o700);
    assert.deepEqual(opened(dataDir), []);

    assert.equal(await first.stop(), 0);
    assert.equal(modes(dataDir).get('.'), 0o700);
    assert.deepEqual(opened(dataDir), []);

    // A directory an older version left open is closed at the next start
    // (and PGlite rewrites files on every open).
    execFileSync('chmod', ['-R', 'go+rwX', dataDir]);
    assert.ok(opened(dataDir).length > 500);
    const second = await startProcess(env);
    assert.equal(modes(dataDir).get('.'), 0o700);
    assert.deepEqual(opened(dataDir), []);
    assert.equal(await second.stop(), 0);
    assert.deepEqual(opened(dataDir), []);
  });
});
