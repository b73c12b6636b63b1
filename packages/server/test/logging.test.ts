// What the server's logs say: an error keeps its name, a refused claim names
// its request, and a symlinked data directory starts or is named clearly.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { createLogger, loggedError } from '../src/serve.js';
import { cleanEnv, startProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-logging-'));
after(() => rm(root, { recursive: true, force: true }));

const ORDER = {
  quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
  expectedMonthlyPayment: '200.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};

describe('the JSON logger', () => {
  test('a logged error keeps its name; customer data is still blanked', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.error({ error: loggedError(new TypeError('bad thing')) }, 'request failed');
    logger.info({ customer: { name: 'Ann Lee' }, email: 'ann@example.com' }, 'customer');
    const [failed, customer] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(failed!.error, { name: 'TypeError', message: 'bad thing' });
    assert.equal(customer!.customer, '[redacted]');
    assert.equal(customer!.email, '[redacted]');
  });
});

describe('main.ts logs', () => {
  test('"attribution claim refused" carries the request id, through a symlinked QUOTEKIT_DATA', async () => {
    const real = join(root, 'real');
    await mkdir(real);
    const link = join(root, 'link');
    await symlink(real, link);
    const server = await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: link, LOG_LEVEL: 'info' });
    try {
      const res = await fetch(`${server.url}/v1/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': 'refused-1',
          'x-request-id': 'trace-refused',
        },
        body: JSON.stringify({
          ...ORDER,
          attribution: { affiliate: 'ACME', method: 'affiliate_url' },
        }),
      });
      assert.equal(res.status, 201);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'attribution claim refused');
      assert.deepEqual(
        refused.map((line) => [line.requestId, line.reason]),
        [['trace-refused', 'unsigned_claim']],
      );
    } finally {
      await server.stop();
    }
  });

  test('a QUOTEKIT_DATA symlink to nowhere stops the start with a message that says so', async () => {
    const link = join(root, 'dangling');
    await symlink(join(root, 'nowhere'), link);
    const error = (await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: link }).then(
      () => assert.fail('started on a dangling symlink'),
      (e: unknown) => e,
    )) as { code: number; output: string };
    assert.equal(error.code, 1);
    assert.match(error.output, /is a symbolic link to a path that does not exist/);
  });
});
