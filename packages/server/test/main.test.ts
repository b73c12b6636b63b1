// The server as `npm run serve` runs it: a child process on a free port with
// a fresh PGlite directory, stopped with SIGTERM while a request is in flight.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openPGliteDatabase } from '@quotekit/server';

const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-main-'));
after(() => rm(dataDir, { recursive: true, force: true }));

const ORDER = JSON.stringify({
  quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
  expectedMonthlyPayment: '95.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
});

describe('main.ts', () => {
  test('serve the seeded API, drain a request in flight on SIGTERM, and keep its order', async () => {
    // This test is about the default, PGlite, whatever the environment says.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@quotekit/source',
        join(import.meta.dirname, '../src/main.ts'),
      ],
      {
        env: { ...env, PORT: '0', QUOTEKIT_DATA: dataDir, ALLOWED_ORIGINS: 'https://shop.example' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const found = /Order API on (http:\/\/\S+)/.exec(output);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) =>
        reject(new Error(`exited with ${code} before listening:\n${output}`)),
      );
    });
    try {
      assert.match(output, /Seeded demo data/);
      const validate = await fetch(`${url}/v1/offer-codes/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
        body: JSON.stringify({ code: 'ACME5' }),
      });
      assert.deepEqual(await validate.json(), { valid: true, code: 'ACME5', discountRate: '0.05' });
      assert.equal(validate.headers.get('access-control-allow-origin'), 'https://shop.example');

      // Half the body now, SIGTERM, then the rest: the order must still be taken.
      const { hostname, port } = new URL(url);
      const req = request({
        hostname,
        port,
        path: '/v1/orders',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(ORDER),
          'idempotency-key': 'drain-1',
        },
      });
      const response = once(req, 'response');
      req.write(ORDER.slice(0, 40));
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      req.end(ORDER.slice(40));
      const [res] = (await response) as [IncomingMessage];
      let body = '';
      for await (const chunk of res) body += chunk;
      assert.equal(res.statusCode, 201, body);
      const placed = JSON.parse(body).order;

      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
      assert.match(output, /SIGTERM: finishing requests in flight/);
      assert.match(output, /Stopped\./);

      const db = await openPGliteDatabase({ dataDir });
      try {
        assert.deepEqual(await db.getOrder(placed.id), placed);
      } finally {
        await db.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
