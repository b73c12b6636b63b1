import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createHandlers, createMemoryDatabase } from '@quotekit/server/msw';

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
