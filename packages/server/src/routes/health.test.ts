// Operating the API: health, readiness, request ids, metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../app.js';
import { useApp } from '../../test/harness.js';

const h = useApp();

describe('operating it', () => {
  test('/healthz is up; /readyz answers ready, and 503 once the database is gone', async () => {
    assert.deepEqual(await (await h.app.request('/healthz')).json(), { status: 'ok' });
    assert.deepEqual(await (await h.app.request('/readyz')).json(), { status: 'ready' });
    await h.db.close();
    assert.equal((await h.app.request('/readyz')).status, 503);
  });

  test('every answer carries a request id, and reports its route pattern, status and time', async () => {
    const seen: Array<{ requestId: string; route: string; status: number }> = [];
    const observed = createApp({
      db: h.db,
      clock: () => h.now,
      events: { request: (e) => seen.push(e) },
    });
    const res = await observed.request('/v1/saved-quotes/nope', {
      headers: { 'x-request-id': 'req-123' },
    });
    assert.equal(res.headers.get('x-request-id'), 'req-123');
    const fresh = await observed.request('/v1/catalog');
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[A-Za-z0-9]{16}$/);
    assert.deepEqual(
      seen.map(({ route, status }) => ({ route, status })),
      [
        { route: '/v1/saved-quotes/:id', status: 404 },
        { route: '/v1/catalog', status: 200 },
      ],
    );
    assert.equal(seen[0]?.requestId, 'req-123');
  });

  test('GET /metrics serves what the metrics source gives, in its content type', async () => {
    const withMetrics = createApp({
      db: h.db,
      metrics: { contentType: 'text/plain; version=0.0.4', text: async () => 'qk_up 1\n' },
    });
    const res = await withMetrics.request('/metrics');
    assert.equal(await res.text(), 'qk_up 1\n');
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal((await h.app.request('/metrics')).status, 404);
  });
});
