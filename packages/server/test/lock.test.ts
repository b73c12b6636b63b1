// Two processes on one PGlite directory would both take orders and lose each
// other's: the second must refuse to start, and a crashed process's lock
// must not keep the directory closed for ever. Real processes, real PGlite.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const dir = await mkdtemp(join(tmpdir(), 'quotekit-lock-'));
const dataDir = join(dir, 'data');
after(() => rm(dir, { recursive: true, force: true }));

function start(): { child: ChildProcess; ready: Promise<string>; exit: Promise<number | null> } {
  // PGlite whatever the environment says: this is about its data directory.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    QUOTEKIT_DATA: dataDir,
    QUOTEKIT_LOCK_STALE_MS: '2000',
  };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@quotekit/source',
      join(import.meta.dirname, '../src/main.ts'),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<string>((done, fail) => {
    child.stdout!.on('data', () => /Order API on/.test(output) && done(output));
    void exit.then(() => fail(new Error(output)));
  });
  return { child, ready, exit };
}

describe('one process per PGlite data directory', () => {
  test('a second process refuses to start, naming the first; a crashed one does not block', async () => {
    const first = start();
    await first.ready;
    const second = start();
    assert.equal(await second.exit, 1);
    const refusal = await second.ready.catch((error: Error) => error.message);
    assert.match(refusal, new RegExp(`is in use by process ${first.child.pid} on `));
    assert.match(refusal, /QUOTEKIT_DATA/);

    // A crash leaves the lock behind; the next start takes it over once it is stale.
    first.child.kill('SIGKILL');
    await first.exit;
    assert.equal(existsSync(join(dataDir, '.quotekit.lock')), true);
    const third = start();
    await third.ready;
    third.child.kill('SIGTERM');
    assert.equal(await third.exit, 0);
    assert.equal(existsSync(join(dataDir, '.quotekit.lock')), false);
  });
});
