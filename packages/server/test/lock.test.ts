// Two processes on one PGlite directory would both take orders and lose each
// other's: the second must refuse to start, and a crashed process's lock
// must not keep the directory closed for ever, of processes taking over one
// stale lock exactly one gets it, and a holder whose main thread is busy
// keeps it. Real processes, real PGlite.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const dir0 = await mkdtemp(join(tmpdir(), 'quotekit-lock-'));
const dataDir = join(dir0, 'data');
const LOCK = join(import.meta.dirname, '../src/db/lock.ts');
after(() => rm(dir0, { recursive: true, force: true }));

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

  test('three processes taking over one stale lock at once: exactly one holds it, in each of 5 trials', async () => {
    const trials = 5;
    for (let trial = 1; trial <= trials; trial++) {
      const dir = join(dir0, `stale-${trial}`);
      mkdirSync(dir, { recursive: true });
      // A lock left by a process gone a minute ago.
      const lock = join(dir, '.quotekit.lock');
      writeFileSync(lock, JSON.stringify({ token: 'gone', host: 'elsewhere', pid: 1 }));
      const past = new Date(Date.now() - 60_000);
      utimesSync(lock, past, past);
      // Started apart, they take the lock at one agreed moment. The one that
      // gets it keeps it until the other two have finished, so that neither
      // can take it after a release, however slowly it starts.
      const at = Date.now() + 2_500;
      const done = join(dir0, `stale-${trial}-done`);
      const runs = [1, 2, 3].map(() => contend(dir, at, done));
      let finished = 0;
      await new Promise<void>((resolve) => {
        for (const run of runs) void run.then(() => ++finished === 2 && resolve());
        // Two holders that never noticed each other would wait for ever.
        setTimeout(resolve, 60_000).unref();
      });
      writeFileSync(done, '');
      const results = await Promise.all(runs);
      const held = results.filter((r) => r.output.includes('held'));
      assert.equal(held.length, 1, `trial ${trial}: ${JSON.stringify(results)}`);
      assert.equal(held[0]!.code, 0);
      for (const other of results.filter((r) => r !== held[0])) {
        assert.equal(other.code, 1, `trial ${trial}: ${JSON.stringify(results)}`);
        assert.match(other.output, /is in use by process/);
      }
    }
  });
  test('a holder whose main thread is blocked for three times the stale time keeps the lock: a process starting meanwhile refuses', async () => {
    const dir = join(dir0, 'busy');
    mkdirSync(dir, { recursive: true });
    const contenderDone = join(dir0, 'busy-contender-done');
    // Takes the lock, then blocks its main thread (as PGlite does while it
    // creates a directory) for 3 s and until the contender has finished,
    // then gives a lost lock 2 s to be reported before releasing it.
    const holder = script(`
      const { existsSync } = await import('node:fs');
      const { lockDataDir } = await import(${JSON.stringify(LOCK)});
      const release = await lockDataDir(${JSON.stringify(dir)}, {
        staleMs: 1000,
        onLost: () => { console.log('lost'); process.exit(2); },
      });
      console.log('held');
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const from = Date.now();
      while (Date.now() - from < 3000 || !existsSync(${JSON.stringify(contenderDone)})) {
        Atomics.wait(pause, 0, 0, 50);
      }
      console.log('blocked for ' + (Date.now() - from) + ' ms');
      await new Promise((done) => setTimeout(done, 2000));
      release();
      console.log('released');`);
    await holder.said('held');
    const contender = await contend(dir, Date.now());
    writeFileSync(contenderDone, '');
    const held = await holder.exit;
    assert.equal(contender.code, 1, contender.output);
    assert.match(contender.output, /is in use by process/);
    assert.equal(held.code, 0, held.output);
    assert.match(held.output, /blocked for \d+ ms\nreleased/);
    assert.doesNotMatch(held.output, /lost/);
  });
});

/**
 * A process that takes `dir`'s lock at the time `at` (stale after 1 s), says
 * "held", holds it for 1.5 s or until the file `until` exists (saying "lost"
 * and exiting 2 if it is taken meanwhile) and releases it; a refusal exits 1
 * with its message.
 */
function contend(
  dir: string,
  at: number,
  until?: string,
): Promise<{ code: number | null; output: string }> {
  const hold =
    until === undefined
      ? 'await new Promise((done) => setTimeout(done, 1500));'
      : `const { existsSync } = await import('node:fs');
         while (!existsSync(${JSON.stringify(until)})) await new Promise((done) => setTimeout(done, 50));`;
  return script(`
    const { lockDataDir } = await import(${JSON.stringify(LOCK)});
    await new Promise((done) => setTimeout(done, ${at} - Date.now()));
    try {
      const release = await lockDataDir(${JSON.stringify(dir)}, {
        staleMs: 1000,
        onLost: () => { console.log('lost'); process.exit(2); },
      });
      console.log('held');
      ${hold}
      release();
    } catch (error) {
      console.log(error.message);
      process.exit(1);
    }`).exit;
}

/** Runs an ES module `source` in a Node process of its own. */
function script(source: string): {
  /** Resolves once the process has written `text`. */
  said(text: string): Promise<void>;
  exit: Promise<{ code: number | null; output: string }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', source],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<{ code: number | null; output: string }>((done) =>
    child.once('exit', (code) => done({ code, output })),
  );
  return {
    exit,
    said: (text) =>
      new Promise((resolve, reject) => {
        const look = () => output.includes(text) && resolve();
        child.stdout!.on('data', look);
        look();
        void exit.then(() => reject(new Error(`exited without saying ${text}:\n${output}`)));
      }),
  };
}
