// The server as `npm run serve` runs it, in a child process: for the tests
// that need real processes (several instances, start-up checks, logs).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<number | null>;
  /** Kills the process with `SIGKILL`, as a crash would: nothing is closed. Resolves once it is gone. */
  crash(): Promise<void>;
}

const MAIN = join(import.meta.dirname, '../src/main.ts');

/** Starts main.ts with `env` on a free port; resolves once it listens, rejects with its output if it exits first. */
export function startProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@quotekit/source', MAIN],
    { env: { PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const read = (chunk: Buffer) => (text += chunk.toString('utf8'));
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /Order API on (http:\/\/\S+)/.exec(text);
      if (found === null) return;
      clearInterval(poll);
      resolve({
        url: found[1]!,
        output: () => text,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        async crash() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      reject(
        Object.assign(new Error(`exited with ${code} before listening:\n${text}`), {
          code,
          output: text,
        }),
      );
    });
  });
}

/** The environment without the caller's database, so that a test picks its own. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.QUOTEKIT_SIGNING_SECRET;
  delete env.QUOTEKIT_CATALOG;
  return env;
}

/** POSTs `body` as JSON to a started server. */
export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
