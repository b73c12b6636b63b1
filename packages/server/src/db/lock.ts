import { randomUUID } from 'node:crypto';
import {
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The lock's file name inside the data directory. */
export const LOCK_FILE = '.quotekit.lock';

/** A lock not refreshed for this long belongs to a dead process (or host) and is taken over. */
export const DEFAULT_LOCK_STALE_MS = 10_000;
const MIN_STALE_MS = 1_000;

export interface DataDirLockOptions {
  /**
   * A lock whose file was not touched for this long is stale: its holder is
   * gone and the next process takes it over. The holder touches it every
   * quarter of this. Default {@link DEFAULT_LOCK_STALE_MS}, at least 1 s.
   */
  staleMs?: number;
  /**
   * Called once if another process took the lock while this one held it
   * (this whole process was frozen, or its host paused, for longer than
   * `staleMs`). Default: throw, which ends the process rather than let two
   * write one directory.
   */
  onLost?: (error: Error) => void;
}

interface Seen {
  text: string;
  mtimeMs: number;
}

function read(path: string): Seen | undefined {
  try {
    const { mtimeMs } = statSync(path);
    return { text: readFileSync(path, 'utf8'), mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function describeHolder(text: string): string {
  try {
    const holder = JSON.parse(text) as { host?: string; pid?: number };
    return `process ${holder.pid} on ${holder.host}`;
  } catch {
    return 'another process';
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Takes the data directory for this process. The lock is a file inside the
 * directory (so a volume mounted there carries it) that its holder touches
 * every `staleMs / 4` from a thread of its own (so a main thread busy for
 * longer than `staleMs` keeps it). It works across containers, pid
 * namespaces and hosts sharing one filesystem, since it names no pid anyone
 * has to check: a server that is pid 1 in its container never takes another
 * one's lock for its own. A second process refuses to start once it has
 * seen the lock refreshed; a lock left by a crash (`kill -9`, a lost host)
 * goes stale after `staleMs` and is taken over, so a start may wait up to
 * `staleMs`. Of several processes taking over one stale lock, exactly one
 * gets it: the stale file is moved aside and checked to be the one seen
 * stale before it is removed. Resolves to the release function.
 */
export async function lockDataDir(
  dataDir: string,
  options: DataDirLockOptions = {},
): Promise<() => void> {
  const staleMs = Math.max(MIN_STALE_MS, options.staleMs ?? DEFAULT_LOCK_STALE_MS);
  const refreshMs = Math.floor(staleMs / 4);
  const path = join(resolve(dataDir), LOCK_FILE);
  const token = randomUUID();
  const text = JSON.stringify({ token, host: hostname(), pid: process.pid });
  // The holder seen while waiting, and whether it has been seen refreshing.
  let watched: Seen | undefined;

  for (;;) {
    if (create(path, text)) {
      // A process that judged an older lock stale just before this one was
      // created may have moved this one aside: look again after a moment.
      await sleep(Math.min(250, refreshMs));
      if (refresh(path, text)) return hold(path, text, refreshMs, options.onLost);
      continue;
    }
    const seen = read(path);
    if (seen === undefined) continue;
    // Ours after all (put back by a process that had moved it aside).
    if (seen.text === text && refresh(path, text)) {
      return hold(path, text, refreshMs, options.onLost);
    }
    if (Date.now() - seen.mtimeMs > staleMs) {
      takeOver(path, seen, token);
      watched = undefined;
      continue;
    }
    if (watched?.text === seen.text && seen.mtimeMs > watched.mtimeMs) {
      throw new Error(
        `The data directory ${resolve(dataDir)} is in use by ${describeHolder(seen.text)}. ` +
          'Stop that server first, or set QUOTEKIT_DATA to another directory.',
      );
    }
    if (watched?.text !== seen.text) watched = seen;
    await sleep(Math.max(50, Math.floor(refreshMs / 4)));
  }
}

/** Creates the lock file holding `text`; false when it exists. */
function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale lock aside and removes it if it is the one seen stale. If
 * another process had already replaced it with a live lock, that one is put
 * back (unless a third process took the place meanwhile: its holder then
 * notices its loss before using the directory).
 */
function takeOver(path: string, stale: Seen, token: string): void {
  const aside = `${path}.stale-${token}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = read(aside);
  if (moved !== undefined && (moved.text !== stale.text || moved.mtimeMs !== stale.mtimeMs)) {
    try {
      linkSync(aside, path);
    } catch {
      // Taken by a third process: the one moved aside is lost to its holder.
    }
  }
  rmSync(aside, { force: true });
}

/** Touches the lock if it is still `text`'s; false when another process holds it. */
function refresh(path: string, text: string): boolean {
  try {
    if (read(path)?.text !== text) return false;
    const now = new Date();
    utimesSync(path, now, now);
    return true;
  } catch {
    return false;
  }
}

/**
 * The same refresh on a thread of its own: PGlite runs PostgreSQL in
 * WebAssembly on the main thread and can hold it for seconds (creating a new
 * directory, a long statement), and a lock left unrefreshed that long would
 * be taken over by a second process while this one still writes. Plain
 * CommonJS run with no loader, so it starts the same from source or built.
 */
const REFRESHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, utimesSync } = require('node:fs');
const { path, text, refreshMs } = workerData;
const timer = setInterval(() => {
  let ours = false;
  try {
    ours = readFileSync(path, 'utf8') === text;
    if (ours) {
      const now = new Date();
      utimesSync(path, now, now);
    }
  } catch {
    ours = false;
  }
  if (ours) return;
  clearInterval(timer);
  parentPort.postMessage('lost');
}, refreshMs);
`;

/**
 * Keeps the lock refreshed from both threads: the main thread's timer while
 * the refresher thread starts (which takes a while on a loaded machine), the
 * refresher's while the main thread is busy. Either one finding the lock
 * taken reports the loss once.
 */
function hold(
  path: string,
  text: string,
  refreshMs: number,
  onLost: ((error: Error) => void) | undefined,
): () => void {
  let released = false;
  let reported = false;
  const refresher = new Worker(REFRESHER, {
    eval: true,
    execArgv: [],
    workerData: { path, text, refreshMs },
  });
  refresher.unref();
  const lost = (cause?: unknown) => {
    clearInterval(timer);
    void refresher.terminate();
    if (released || reported) return;
    reported = true;
    const error = new Error(
      cause === undefined
        ? `The data directory lock ${path} was taken by another process: this one stops using the directory.`
        : `The data directory lock ${path} could not be refreshed: this one stops using the directory.`,
      cause === undefined ? {} : { cause },
    );
    if (onLost === undefined) throw error;
    onLost(error);
  };
  const timer = setInterval(() => refresh(path, text) || lost(), refreshMs);
  timer.unref();
  refresher.on('message', () => lost());
  refresher.on('error', lost);
  return () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    void refresher.terminate();
    if (read(path)?.text === text) rmSync(path, { force: true });
  };
}
