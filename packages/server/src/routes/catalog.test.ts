// The catalog route: what it answers, its ETag, and orders priced on an old catalog.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CatalogSchema } from '@quotekit/core';
import { createApp } from '../app.js';
import { openApiDocument } from './openapi.js';
import { expectError, useApp, webOrder } from '../../test/harness.js';

const h = useApp();

describe('GET /v1/catalog', () => {
  test("answer the server's catalog (luxsci by default)", async () => {
    const res = await h.app.request('/v1/catalog');
    assert.equal(res.status, 200);
    const catalog = await res.json();
    assert.equal(catalog.id, 'luxsci');
    assert.equal(catalog.currency, 'USD');
    assert.ok(catalog.products.some((p: { id: string }) => p.id === 'starter-plus-user'));
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  test('answers what the Catalog schema of its OpenAPI operation accepts', async () => {
    const catalog = await (await h.app.request('/v1/catalog')).json();
    assert.ok(CatalogSchema.safeParse(catalog).success);
    const doc = (await openApiDocument(h.app)) as {
      paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
    };
    assert.deepEqual(doc.paths['/v1/catalog']!.get.responses['200']!.content, {
      'application/json': { schema: { $ref: '#/components/schemas/Catalog' } },
    });
  });
});

describe('the catalog a vendor prices from', () => {
  test('GET /v1/catalog sends an ETag and Cache-Control: no-cache, and 304 while unchanged', async () => {
    const res = await h.app.request('/v1/catalog');
    const etag = res.headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const again = await h.app.request('/v1/catalog', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const placed = (await (await h.order(webOrder())).json()).order;
    assert.equal(`"${placed.catalogVersion}"`, etag);
  });

  test('a changed catalog has another version, and an order priced on the old one gets 409 price_changed', async () => {
    const { catalogs } = await import('@quotekit/core');
    const dearer = structuredClone(catalogs.luxsci);
    const px2 = dearer.products.find((p) => p.id === 'dedicated-px2')!;
    px2.price = { model: 'flat', amount: '220.00' };
    const changed = createApp({ db: h.db, clock: () => h.now, catalog: dearer });
    const before = (await h.app.request('/v1/catalog')).headers.get('etag');
    const after = (await changed.request('/v1/catalog')).headers.get('etag');
    assert.notEqual(after, before);
    const res = await changed.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'old-price' },
      body: JSON.stringify(webOrder()),
    });
    const error = await expectError(res, 409, 'price_changed');
    assert.equal(error.details?.monthlyPayment, '320.00');
    assert.equal(await h.db.countOrders(), 0);
  });
});
