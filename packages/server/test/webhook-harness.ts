// What the webhook suites share: a receiver in its own process
// (webhook-receiver.ts), and waiting for what it receives.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Received {
  verified: Array<{
    id: string;
    type: string;
    body: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
    signature: string;
  }>;
  rejected: number;
  requests: number;
}

export interface Receiver {
  /** Where deliveries go: `http://127.0.0.1:<port>/hook`. */
  hookUrl: string;
  /** The secret it verifies with. */
  setSecret(secret: string): Promise<void>;
  /** The statuses its next verified deliveries are answered with (then 200); `hang` leaves the next n unanswered. */
  plan(statuses: number[], hang?: number): Promise<void>;
  received(): Promise<Received>;
  /** Waits until `check` holds for what it received (or fails after `timeoutMs`, reporting it). */
  waitFor(check: (received: Received) => boolean, timeoutMs?: number): Promise<Received>;
  stop(): void;
}

const RECEIVER = join(import.meta.dirname, 'webhook-receiver.ts');

/** Starts a receiver process on a free loopback port. */
export function startReceiver(): Promise<Receiver> {
  const child = spawn(process.execPath, ['--import', 'tsx', RECEIVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}:\n${output}`)));
    const poll = setInterval(() => {
      const found = /Receiver on (http:\/\/\S+)/.exec(output);
      if (found === null) return;
      clearInterval(poll);
      const base = found[1]!;
      const control = (path: string, body?: unknown) =>
        fetch(`${base}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
      const receiver: Receiver = {
        hookUrl: `${base}/hook`,
        async setSecret(secret) {
          await control('/control/secret', { secret });
        },
        async plan(statuses, hang = 0) {
          await control('/control/plan', { statuses, hang });
        },
        async received() {
          return (await (await control('/control/received')).json()) as Received;
        },
        async waitFor(check, timeoutMs = 30_000) {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const received = await receiver.received();
            if (check(received)) return received;
            if (Date.now() > until) {
              throw new Error(
                `The receiver did not get what was expected: ${JSON.stringify(received)}`,
              );
            }
            await new Promise((done) => setTimeout(done, 50));
          }
        },
        stop() {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
        },
      };
      resolve(receiver);
    }, 20);
  });
}
