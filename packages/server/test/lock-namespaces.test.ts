// Containers sharing one volume: servers in separate pid namespaces see no
// pid of each other's, and each may be pid 1 in its own. The data directory
// lock must still let one of them in at a time, and a pid 1 killed with
// SIGKILL must not keep the directory closed. Real processes, each started
// with `unshare --pid --fork --mount-proc` (as root, or in a user namespace
// of its own otherwise), on one PGlite directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanEnv } from './process.js';

const dir0 = await mkdtemp(join(tmpdir(), 'quotekit-lock-ns-'));
after(() => rm(dir0, { recursive: true, force: true }));

const MAIN = join(import.meta.dirname, '../src/main.ts');
const STALE_MS = 2000;

interface Holder {
  token: string;
  host: string;
  pid: number;
}

const lockOf = (dataDir: string) => join(dataDir, '.quotekit.lock');
const holderOf = (dataDir: string) => JSON.parse(readFileSync(lockOf(dataDir), 'utf8')) as Holder;

interface Contained {
  /** Resolves with the server's URL once it listens; rejects with its output if it exits first. */
  ready: Promise<string>;
  /** The exit code of `unshare`, which is the server's (1 when it was killed). */
  exit: Promise<number | null>;
  output(): string;
  /** The server's pid as this test sees it, and as its own namespace sees it. */
  pids(): { host: number; inside: number };
}

/** main.ts as the first process of a pid namespace of its own, as a container runs it. */
function startContained(dataDir: string): Contained {
  const env = {
    ...cleanEnv(),
    PORT: '0',
    HOST: '127.0.0.1',
    QUOTEKIT_DATA: dataDir,
    QUOTEKIT_LOCK_STALE_MS: String(STALE_MS),
  };
  const child = spawn(
    'unshare',
    [
      // Without root, a user namespace of its own grants what the pid namespace needs.
      ...(process.getuid?.() === 0 ? [] : ['--user', '--map-root-user']),
      '--pid',
      '--fork',
      '--mount-proc',
      process.execPath,
      '--import',
      'tsx',
      '--conditions=@quotekit/source',
      MAIN,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const read = (chunk: Buffer) => (text += chunk.toString('utf8'));
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /Order API on (http:\/\/\S+)/.exec(text);
      if (found) resolve(found[1]!);
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening:\n${text}`)));
  });
  // A refusal is awaited through `exit`.
  ready.catch(() => {});
  return {
    ready,
    exit,
    output: () => text,
    pids() {
      // `unshare --fork` has one child: the server, first in the new namespace.
      const unshare = child.pid!;
      const host = Number(readFileSync(`/proc/${unshare}/task/${unshare}/children`, 'utf8').trim());
      const nspid = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${host}/status`, 'utf8'))![1]!;
      return { host, inside: Number(nspid.trim().split(/\s+/).at(-1)) };
    },
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Resolves once `server` has created the lock file; rejects if it exits first. */
async function lockTaken(dataDir: string, server: Contained): Promise<void> {
  let exited = false;
  void server.exit.then(() => (exited = true));
  while (!existsSync(lockOf(dataDir))) {
    if (exited) throw new Error(`exited before taking the lock:\n${server.output()}`);
    await sleep(20);
  }
}

describe('the data directory lock across pid namespaces (containers on one volume)', () => {
  test('a server in another pid namespace refuses the directory while the first is alive: starting, listening, or long after', async () => {
    const dataDir = join(dir0, 'shared');
    const first = startContained(dataDir);
    // A second container started with it, while the first creates the database.
    await lockTaken(dataDir, first);
    const early = startContained(dataDir);
    const url = await first.ready;
    assert.equal(await early.exit, 1);
    assert.match(early.output(), /is in use by process 1 on /);
    const { host, inside } = first.pids();
    // Pid 1 in its own namespace, so its pid names nothing the others can see.
    assert.equal(inside, 1);
    assert.notEqual(host, 1);
    const held = holderOf(dataDir);
    assert.equal(held.pid, 1);

    const second = startContained(dataDir);
    assert.equal(await second.exit, 1);
    assert.match(second.output(), /is in use by process 1 on /);
    assert.doesNotMatch(second.output(), /Order API on/);

    // Long past the stale time the first still holds it, so a later start is refused too.
    await sleep(STALE_MS * 2);
    const third = startContained(dataDir);
    assert.equal(await third.exit, 1);
    assert.match(third.output(), /is in use by process 1 on /);
    assert.deepEqual(holderOf(dataDir), held);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    assert.doesNotMatch(first.output(), /lock .* was taken/);

    // Stopped, it gives the directory back at once.
    process.kill(host, 'SIGTERM');
    assert.equal(await first.exit, 0);
    assert.equal(existsSync(lockOf(dataDir)), false);
    const next = startContained(dataDir);
    await next.ready;
    assert.equal(holderOf(dataDir).pid, 1);
    assert.notEqual(holderOf(dataDir).token, held.token);
    process.kill(next.pids().host, 'SIGTERM');
    assert.equal(await next.exit, 0);
  });

  test('a server that is pid 1 and killed with SIGKILL starts again as pid 1 once its lock is stale', async () => {
    const dataDir = join(dir0, 'restart');
    const crashed = startContained(dataDir);
    await crashed.ready;
    const { host, inside } = crashed.pids();
    assert.equal(inside, 1);
    const left = holderOf(dataDir);
    assert.equal(left.pid, 1);

    process.kill(host, 'SIGKILL');
    await crashed.exit;
    // The lock stays behind, last refreshed at `refreshed`.
    assert.deepEqual(holderOf(dataDir), left);
    const refreshed = statSync(lockOf(dataDir)).mtimeMs;

    const restarted = startContained(dataDir);
    const url = await restarted.ready;
    assert.equal(restarted.pids().inside, 1);
    // It waited for the lock to go stale, and did not take its own pid for the holder.
    assert.ok(
      Date.now() >= refreshed + STALE_MS,
      `listening ${Date.now() - refreshed} ms after the last refresh`,
    );
    assert.doesNotMatch(restarted.output(), /in use by/);
    const now = holderOf(dataDir);
    assert.equal(now.pid, 1);
    assert.notEqual(now.token, left.token);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);

    process.kill(restarted.pids().host, 'SIGTERM');
    assert.equal(await restarted.exit, 0);
    assert.equal(existsSync(lockOf(dataDir)), false);
  });
});
