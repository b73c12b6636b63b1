import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Takes the data directory for this process: a `<dir>.lock` file holding
 * its pid, created exclusively. Two processes on one PGlite directory would
 * both take orders, hand out the same numbers and lose each other's writes,
 * so a second one refuses to start. A lock whose process is gone (a crash,
 * `kill -9`) is stale and taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) rmSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new Error(
        `The data directory ${resolve(dataDir)} is in use by process ${holder}. ` +
          'Stop that server first, or set QUOTEKIT_DATA to another directory.',
      );
    }
    // Its process is gone: the lock is stale.
    rmSync(path, { force: true });
  }
  throw new Error(`Could not lock the data directory ${resolve(dataDir)}; try again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
