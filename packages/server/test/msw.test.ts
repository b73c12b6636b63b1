import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Webhook } from 'standardwebhooks';
import { createHandlers, createMemoryDatabase, createStaffKey } from '@quotekit/server/msw';

const order = {
  quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'NW10' },
  expectedMonthlyPayment: '90.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};

describe('Mock Service Worker handlers (Node)', () => {
  const db = createMemoryDatabase();
  const server = setupServer(
    ...createHandlers({ baseUrl: 'http://api.test', db }),
    ...createHandlers({ baseUrl: 'https://shop.example/api/' }),
  );
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());

  test('serve the seeded demo data through the real app', async () => {
    const res = await fetch('http://api.test/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'nw10' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { valid: true, code: 'NW10', discountRate: '0.10' });
  });

  test('place an order into the db the test passed, once per key', async () => {
    const post = () =>
      fetch('http://api.test/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'msw-1' },
        body: JSON.stringify(order),
      });
    const [a, b] = await Promise.all([post(), post()]);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    const [first, second] = [await a.json(), await b.json()];
    assert.equal(first.order.id, second.order.id);
    assert.deepEqual(first.order.attribution, { affiliate: 'NORTHWIND', method: 'offer_code' });
    assert.equal(await db.countOrders(), 1);
  });

  test('serve the webhook routes and deliver: an endpoint registered through the handlers gets order.created, signed so that standardwebhooks verifies it, listed as delivered, and the OpenAPI document lists the routes', async () => {
    const received: Array<{ headers: Record<string, string>; body: string }> = [];
    server.use(
      http.post('https://hooks.example/quotekit', async ({ request }) => {
        received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { key } = await createStaffKey(db, { name: 'Hooks', role: 'admin' });
    const send = (method: string, path: string, body?: unknown, headers = {}) =>
      fetch(`http://api.test${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${key}`,
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const made = await send('POST', '/v1/webhook-endpoints', {
      url: 'https://hooks.example/quotekit',
      events: ['order.created'],
    });
    assert.equal(made.status, 201);
    const { endpoint, secret } = (await made.json()) as {
      endpoint: { id: string };
      secret: string;
    };
    assert.match(secret, /^whsec_/);

    const ordered = await send('POST', '/v1/orders', order, { 'idempotency-key': 'msw-hook-1' });
    assert.equal(ordered.status, 201);
    const orderId = ((await ordered.json()) as { order: { id: string } }).order.id;
    const deliveries = async () =>
      (
        (await (await send('GET', `/v1/webhook-deliveries?endpoint=${endpoint.id}`)).json()) as {
          deliveries: Array<{ status: string; eventType: string }>;
        }
      ).deliveries;
    for (let i = 0; i < 100 && (await deliveries()).some((d) => d.status !== 'delivered'); i++) {
      await new Promise((done) => setTimeout(done, 20));
    }
    assert.equal(received.length, 1);
    const payload = new Webhook(secret).verify(received[0]!.body, received[0]!.headers) as {
      type: string;
      data: { id: string };
    };
    assert.deepEqual([payload.type, payload.data.id], ['order.created', orderId]);
    assert.deepEqual(
      (await deliveries()).map((d) => [d.eventType, d.status]),
      [['order.created', 'delivered']],
    );

    const document = (await (await send('GET', '/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/v1/webhook-endpoints',
      '/v1/webhook-endpoints/{id}',
      '/v1/webhook-endpoints/{id}/rotate-secret',
      '/v1/webhook-deliveries',
      '/v1/webhook-deliveries/{id}/retry',
    ]) {
      assert.ok(path in document.paths, `${path} is in the OpenAPI document`);
    }
  });

  test('serve the partner routes: an admin adds a partner and a code, and disables the code, with PATCH and DELETE', async () => {
    const { key } = await createStaffKey(db, { name: 'Ops', role: 'admin' });
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`http://api.test${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const made = await send('POST', '/v1/partners', {
      id: 'MSW',
      kind: 'affiliate',
      name: 'Mock Partner',
      email: 'mock@partner.example',
      country: 'US',
      payout: { method: 'check' },
    });
    assert.equal(made.status, 201);
    const changed = await send('PATCH', '/v1/partners/MSW', { name: 'Mock Partner Inc' });
    assert.equal((await changed.json()).partner.name, 'Mock Partner Inc');
    assert.equal(
      (await send('POST', '/v1/partners/MSW/offer-codes', { code: 'MSW5', discountRate: '0.05' }))
        .status,
      201,
    );
    const disabled = await send('DELETE', '/v1/partners/MSW/offer-codes/MSW5');
    assert.equal(disabled.status, 200);
    assert.equal((await db.getOfferCode('MSW5'))?.active, false);
  });

  test('strip a path prefix in the base URL', async () => {
    const res = await fetch('https://shop.example/api/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.code, 'idempotency_key_required');
    const catalog = await fetch('https://shop.example/api/v1/catalog');
    assert.equal((await catalog.json()).id, 'luxsci');
  });

  test('answer unknown API paths with the JSON 404', async () => {
    const res = await fetch('http://api.test/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), {
      error: { code: 'not_found', message: 'No route for GET /v1/nothing-here.' },
    });
  });
});
