// A client that hangs up in the middle of its upload did nothing the server
// can answer: it is logged at info, and no 5xx is counted or logged as an error.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createApp, createMemoryDatabase } from '@quotekit/server';
import { cleanEnv, startProcess, type ServerProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-hangup-'));
after(() => rm(root, { recursive: true, force: true }));

const TOKEN = 'hangup-scraper-token';

/** Sends the headers of a 1000-byte order and 10 bytes of it, then destroys the socket. */
function hangUpMidUpload(url: string, requestId: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        'POST /v1/orders HTTP/1.1\r\n' +
          `Host: ${hostname}:${port}\r\n` +
          'Content-Type: application/json\r\n' +
          'Content-Length: 1000\r\n' +
          'Idempotency-Key: hangup-1\r\n' +
          `X-Request-Id: ${requestId}\r\n` +
          '\r\n' +
          '{"quote":{',
        () => setTimeout(() => socket.destroy(), 100),
      );
    });
    socket.on('error', fail);
    socket.on('close', () => done());
  });
}

/** The lines of the process's output that are JSON log lines. */
const logLines = (server: ServerProcess): Record<string, unknown>[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('a client hanging up mid-upload', () => {
  test('is logged at info with its request id, and no 5xx is counted in /metrics', async () => {
    const server = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: join(root, 'data'),
      QUOTEKIT_METRICS_TOKEN: TOKEN,
    });
    try {
      await hangUpMidUpload(server.url, 'hangup-request-1');
      // The server notices the hang-up on its own time: wait for its line.
      const deadline = Date.now() + 5_000;
      let line: Record<string, unknown> | undefined;
      while (Date.now() < deadline && line === undefined) {
        line = logLines(server).find(
          (l) => l.requestId === 'hangup-request-1' && l.msg !== 'request',
        );
        if (line === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(line, `a line for the hang-up:\n${server.output()}`);
      assert.equal(line.level, 30, JSON.stringify(line)); // pino's info
      assert.match(String(line.msg), /closed the connection/);
      for (const l of logLines(server)) {
        assert.ok(Number(l.level) < 50, `no error line: ${JSON.stringify(l)}`);
      }
      const metrics = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(metrics.status, 200);
      const text = await metrics.text();
      assert.doesNotMatch(text, /quotekit_http_requests_total\{[^}]*status="5\d\d"\}/);
      // The server is still answering.
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.stop();
    }
  });
});

describe('a body that stops arriving, in the app', () => {
  test('is counted as 499 and reported to onClientClosed, never to onError', async () => {
    const errors: unknown[] = [];
    const closed: { requestId: string; method: string; path: string }[] = [];
    const statuses: number[] = [];
    const app = createApp({
      db: createMemoryDatabase(),
      onError: (error) => errors.push(error),
      onClientClosed: (context) => closed.push(context),
      events: { request: (event) => statuses.push(event.status) },
    });
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        else controller.enqueue(new TextEncoder().encode('{"quote":{'));
        sent = true;
      },
    });
    const res = await app.request('/v1/orders', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'hangup-2',
        'x-request-id': 'hangup-request-2',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 499);
    assert.deepEqual(errors, []);
    assert.deepEqual(closed, [
      { requestId: 'hangup-request-2', method: 'POST', path: '/v1/orders' },
    ]);
    assert.deepEqual(statuses, [499]);
  });
});
