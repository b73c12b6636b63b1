// Reading orders back: receipt tokens, admin keys, and a sales rep's own list.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, useApp, webOrder } from '../../test/harness.js';

const h = useApp();

describe('reading orders: receipt tokens and staff keys', () => {
  test('GET /v1/orders/:id answers the order’s own receipt or an admin key, and nobody else', async () => {
    const first = await (await h.order(webOrder())).json();
    const second = await (await h.order(webOrder())).json();
    const id = first.order.id;
    await expectError(await h.app.request(`/v1/orders/${id}`), 401, 'unauthorized');
    // Another order's receipt, a sales key, or a made-up token read nothing.
    await expectError(
      await h.app.request(`/v1/orders/${id}`, { headers: bearer(second.receiptToken) }),
      404,
      'not_found',
    );
    const sales = (await createStaffKey(h.db, { name: 'Ann Lee', role: 'sales' })).key;
    await expectError(
      await h.app.request(`/v1/orders/${id}`, { headers: bearer(sales) }),
      404,
      'not_found',
    );
    const admin = (await createStaffKey(h.db, { name: 'Ops', role: 'admin' })).key;
    const got = await h.app.request(`/v1/orders/${id}`, { headers: bearer(admin) });
    assert.equal(got.status, 200);
    assert.equal((await got.json()).order.id, id);
  });

  test('a replay gives the same receipt token back', async () => {
    const headers = { 'idempotency-key': 'receipt-replay' };
    const first = await (await h.post('/v1/orders', webOrder(), headers)).json();
    const again = await (await h.post('/v1/orders', webOrder(), headers)).json();
    assert.equal(again.receiptToken, first.receiptToken);
  });

  test('GET /v1/orders: admins list with filters and a cursor; a sales key sees its own orders only', async () => {
    const ann = (await createStaffKey(h.db, { name: 'Ann Lee', role: 'sales' })).key;
    const bo = (await createStaffKey(h.db, { name: 'Bo Chen', role: 'sales' })).key;
    const admin = (await createStaffKey(h.db, { name: 'Ops', role: 'admin' })).key;
    const phoneOrder = { ...webOrder({ offerCode: 'NW10' }), channel: 'phone' };
    await h.order(phoneOrder, bearer(ann)); // QK-1001
    await h.order(webOrder({ offerCode: 'ACME5' })); // QK-1002
    h.now = new Date('2026-03-05T10:00:00.000Z');
    await h.order(phoneOrder, bearer(bo)); // QK-1003
    await h.order(webOrder()); // QK-1004
    const list = async (query: string, key: string) => {
      const res = await h.app.request(`/v1/orders${query}`, { headers: bearer(key) });
      assert.equal(res.status, 200);
      const body = await res.json();
      return {
        numbers: body.orders.map((o: { number: string }) => o.number),
        next: body.nextCursor,
      };
    };
    assert.deepEqual(await list('', admin), {
      numbers: ['QK-1004', 'QK-1003', 'QK-1002', 'QK-1001'],
      next: null,
    });
    assert.deepEqual((await list('?channel=phone', admin)).numbers, ['QK-1003', 'QK-1001']);
    assert.deepEqual((await list('?affiliate=acme', admin)).numbers, ['QK-1002']);
    assert.deepEqual((await list('?since=2026-03-04', admin)).numbers, ['QK-1004', 'QK-1003']);
    const page1 = await list('?limit=3', admin);
    assert.deepEqual(page1, { numbers: ['QK-1004', 'QK-1003', 'QK-1002'], next: '1002' });
    assert.deepEqual(await list(`?limit=3&cursor=${page1.next}`, admin), {
      numbers: ['QK-1001'],
      next: null,
    });
    assert.deepEqual((await list('', ann)).numbers, ['QK-1001']);
    assert.deepEqual((await list('', bo)).numbers, ['QK-1003']);
    await expectError(await h.app.request('/v1/orders'), 401, 'unauthorized');
    await expectError(
      await h.app.request('/v1/orders?channel=fax', { headers: bearer(admin) }),
      400,
      'invalid_request',
    );
  });
});
