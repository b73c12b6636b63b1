// Operating the API: health, readiness, request ids, metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../app.js';
import { openApiDocument } from './openapi.js';
import { HealthSchema, ReadySchema } from './health.js';
import { useApp } from '../../test/harness.js';

const h = useApp();

describe('operating it', () => {
  test('/healthz is up; /readyz answers ready, and 503 once the database is gone', async () => {
    assert.deepEqual(await (await h.app.request('/healthz')).json(), { status: 'ok' });
    assert.deepEqual(await (await h.app.request('/readyz')).json(), { status: 'ready' });
    await h.db.close();
    assert.equal((await h.app.request('/readyz')).status, 503);
  });

  test('/healthz and /readyz answer what their schemas say, and the document shows those schemas', async () => {
    assert.ok(HealthSchema.safeParse(await (await h.app.request('/healthz')).json()).success);
    assert.ok(ReadySchema.safeParse(await (await h.app.request('/readyz')).json()).success);
    assert.equal(HealthSchema.safeParse({ status: 'ready' }).success, false);
    const doc = (await openApiDocument(h.app)) as {
      paths: Record<string, { get: { responses: Record<string, { content?: unknown }> } }>;
    };
    const statusOf = (path: string) =>
      (
        doc.paths[path]!.get.responses['200']!.content as {
          'application/json': { schema: { properties: { status: { const: string } } } };
        }
      )['application/json'].schema.properties.status.const;
    assert.equal(statusOf('/healthz'), 'ok');
    assert.equal(statusOf('/readyz'), 'ready');
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

  test('a proxy’s request id with = is kept; one too long or with other characters is replaced', async () => {
    const seen: string[] = [];
    const observed = createApp({
      db: h.db,
      events: { request: (e) => seen.push(e.requestId) },
    });
    const idOf = async (given: string) =>
      (
        await observed.request('/v1/no-such-route', { headers: { 'x-request-id': given } })
      ).headers.get('x-request-id');
    assert.equal(
      await idOf('Root=1-67891233-abcdef012345678912345678'),
      'Root=1-67891233-abcdef012345678912345678',
    );
    for (const hostile of ['a'.repeat(65), 'id with spaces', '<script>', 'a\u00e9b']) {
      assert.match((await idOf(hostile)) ?? '', /^[A-Za-z0-9]{16}$/, hostile);
    }
    assert.equal(seen[0], 'Root=1-67891233-abcdef012345678912345678');
    assert.equal(seen.length, 5);
  });

  test('every answer, an error too, carries nosniff, no framing and no referrer', async () => {
    for (const res of [
      await h.app.request('/v1/catalog'),
      await h.app.request('/v1/no-such-route'),
      await h.post('/v1/offer-codes/validate', '{'),
    ]) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=\d+/);
      assert.equal(res.headers.get('cross-origin-resource-policy'), null);
    }
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
