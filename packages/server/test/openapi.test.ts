import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp, createMemoryDatabase } from '@quotekit/server';
import { openApiDocument } from '../src/routes/openapi.js';

const app = createApp({ db: createMemoryDatabase() });
const doc = await (await app.request('/v1/openapi.json')).json();

interface Operation {
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every `$ref` in a JSON value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

describe('GET /v1/openapi.json', () => {
  test('is an OpenAPI 3.1 document', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'quotekit Order API');
  });

  test('lists every route the app serves, with its method', () => {
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    assert.ok(served.length >= 8);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    assert.deepEqual([...documented].sort(), [...new Set(served)].sort());
    for (const route of [
      'get /v1/catalog',
      'post /v1/offer-codes/validate',
      'post /v1/saved-quotes',
      'get /v1/saved-quotes/{id}',
      'post /v1/attribution',
      'post /v1/orders',
      'get /v1/orders/{id}',
      'get /v1/openapi.json',
      'post /v1/partners',
      'get /v1/partners',
      'get /v1/partners/{id}',
      'patch /v1/partners/{id}',
      'post /v1/partners/{id}/offer-codes',
      'get /v1/partners/{id}/offer-codes',
      'delete /v1/partners/{id}/offer-codes/{code}',
    ]) {
      assert.ok(documented.includes(route), route);
    }
  });

  test('resolves every $ref to a component generated from a zod schema', () => {
    const names = Object.keys(doc.components.schemas);
    for (const ref of refs(doc.paths)) {
      assert.ok(names.includes(ref.replace('#/components/schemas/', '')), ref);
    }
    assert.equal(doc.components.schemas.OrderRequest.type, 'object');
    assert.deepEqual([...doc.components.schemas.OrderRequest.required].sort(), [
      'channel',
      'customer',
      'expectedMonthlyPayment',
      'quote',
    ]);
    assert.deepEqual(doc.components.schemas.OrderRequest.properties.channel.enum, ['web', 'phone']);
  });

  test('gives every request body and every 2xx JSON answer a schema (the metrics text and this document aside)', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(
      doc.paths as Record<string, Record<string, Operation>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        // An action on the resource in its path (`…/confirm`) says so, and takes no body.
        const action = (operation as { 'x-quotekit-action'?: boolean })['x-quotekit-action'];
        if (action === true && operation.requestBody) missing.push(`${where} action with a body`);
        if (
          method === 'post' &&
          action !== true &&
          !operation.requestBody?.content['application/json']?.schema
        )
          missing.push(`${where} body`);
        for (const [status, response] of Object.entries(operation.responses)) {
          const bare = !response.content?.['application/json']?.schema;
          const exempt = status === '304' || path === '/metrics' || path === '/v1/openapi.json';
          if (bare && status.startsWith('2') && !exempt) missing.push(`${where} ${status}`);
          if (bare && response.content) missing.push(`${where} ${status}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  test('documents the Idempotency-Key header, the path parameters and the error codes', () => {
    const create = doc.paths['/v1/orders'].post;
    assert.deepEqual(
      create.parameters.map((p: { name: string; in: string; required: boolean }) => [
        p.name,
        p.in,
        p.required,
      ]),
      [
        ['Idempotency-Key', 'header', true],
        ['Authorization', 'header', false],
      ],
    );
    for (const status of ['201', '400', '409', '413', '422', '429', '500'])
      assert.ok(create.responses[status], status);
    assert.match(create.responses['409'].description, /price_changed/);
    const get = doc.paths['/v1/orders/{id}'].get;
    assert.deepEqual(get.parameters[0], {
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string' },
    });
    assert.ok(doc.paths['/v1/offer-codes/validate'].post.responses['429'].headers['Retry-After']);
    // Reading orders needs a token: an admin key, a sales key for its own, or the receipt.
    assert.ok(get.responses['401']);
    assert.ok(doc.paths['/v1/orders'].get.responses['401']);
    assert.equal(
      doc.paths['/v1/orders'].get.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/OrderList',
    );
    assert.equal(
      doc.paths['/v1/attribution'].post.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/ClickToken',
    );
    for (const path of ['/healthz', '/readyz']) assert.ok(doc.paths[path].get, path);
    assert.deepEqual(
      doc.paths['/v1/orders'].get.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name),
      ['since', 'channel', 'affiliate', 'limit', 'cursor'],
    );
  });
});

describe('a route served without an OpenAPI description', () => {
  test('fails the document, naming the route', async () => {
    const errors: unknown[] = [];
    const grown = createApp({ db: createMemoryDatabase(), onError: (error) => errors.push(error) });
    grown.get('/v1/undocumented/:id', (c) => c.json({ ok: true }));
    // The route itself is served...
    assert.equal((await grown.request('/v1/undocumented/1')).status, 200);
    // ...but the document refuses to leave it out.
    await assert.rejects(openApiDocument(grown), /GET \/v1\/undocumented\/\{id\}/);
    const answer = await grown.request('/v1/openapi.json');
    assert.equal(answer.status, 500);
    assert.equal((await answer.json()).error.code, 'internal_error');
    assert.match(String(errors[0]), /without an OpenAPI description: GET \/v1\/undocumented/);
  });
});
