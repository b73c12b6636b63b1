// Placing orders without HTTP: the order service on a memory database.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { catalogs } from '@quotekit/core';
import { createMemoryDatabase } from '../db/memory.js';
import { seedDemoData } from '../db/seed.js';
import type { Database } from '../db/database.js';
import { createLimiter } from '../limits.js';
import { createSigner, randomToken, verifyReceipt, type Signer } from '../signing.js';
import { createStaffKey } from '../staff.js';
import type { Deps } from '../routes/route.js';
import { createOrderService, type OrderContext } from './service.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');

const body = (rest: Record<string, unknown> = {}, quote: Record<string, unknown> = {}) => ({
  quote: {
    lines: [
      { product: 'starter-plus-user', quantity: 25 },
      { product: 'dedicated-px2', quantity: 1 },
    ],
    ...quote,
  },
  expectedMonthlyPayment: '300.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
  ...rest,
});

const web: OrderContext = {
  bearer: undefined,
  cookie: undefined,
  clientAddress: '10.0.0.1',
  now: NOW,
};

describe('order service', () => {
  let db: Database;
  let signer: Promise<Signer>;
  let placedEvents: Array<{ channel: string; attributed: boolean }>;
  let refusedEvents: string[];
  let service: ReturnType<typeof createOrderService>;

  beforeEach(async () => {
    db = createMemoryDatabase();
    await seedDemoData(db);
    signer = createSigner([randomToken(32)]);
    placedEvents = [];
    refusedEvents = [];
    const deps: Deps = {
      db,
      catalog: catalogs.luxsci,
      catalogVersion: async () => 'test-catalog',
      now: () => NOW,
      maxBodyBytes: 65_536,
      savedQuoteDays: 365,
      limiter: createLimiter(db, () => NOW.getTime()),
      validOfferCodes: new Map(),
      limits: {
        offerCodeAddress: { limit: 30, windowMs: 60_000 },
        offerCodeFailures: { limit: 300, windowMs: 60_000 },
        savedQuoteAddress: { limit: 60, windowMs: 3_600_000 },
        clickAddress: { limit: 60, windowMs: 60_000 },
      },
      signer: () => signer,
      events: {
        order: (event) => placedEvents.push(event),
        attributionRefused: (reason) => refusedEvents.push(reason),
      },
      clientAddress: () => 'not used by the service',
      isHttps: () => false,
    };
    service = createOrderService(deps);
  });

  test('a new order is priced, stored, reported, and comes with a receipt that reads it', async () => {
    const placed = await service.newOrder({ idempotencyKey: 'k-1', body: body() }, web);
    assert.equal(placed.outcome, 'created');
    assert.equal(placed.order.number, 'QK-1001');
    assert.equal(placed.order.createdAt, NOW.toISOString());
    assert.equal(placed.order.quote.totals.monthlyPayment, '300.00');
    assert.equal(placed.order.catalogVersion, 'test-catalog');
    assert.deepEqual(await db.getOrder(placed.order.id), placed.order);
    assert.equal(await verifyReceipt(await signer, placed.order.id, placed.receiptToken), true);
    assert.deepEqual(placedEvents, [{ channel: 'web', attributed: false }]);
  });

  test('the same key and body is replayed, not stored twice', async () => {
    const first = await service.newOrder({ idempotencyKey: 'k-2', body: body() }, web);
    const again = await service.newOrder(
      { idempotencyKey: 'k-2', body: body({ expectedMonthlyPayment: 300 }) },
      web,
    );
    assert.equal(again.outcome, 'replayed');
    assert.deepEqual(again, { ...first, outcome: 'replayed' });
    assert.equal(await db.countOrders(), 1);
    assert.equal(placedEvents.length, 1);
  });

  test('another valid body under a taken key is idempotency_conflict; a failing one fails as under a free key', async () => {
    await service.newOrder({ idempotencyKey: 'k-3', body: body() }, web);
    const other = body({ customer: { name: 'Bo Chen', email: 'bo@example.com' } });
    await assert.rejects(service.newOrder({ idempotencyKey: 'k-3', body: other }, web), {
      code: 'idempotency_conflict',
    });
    const probe = body({ expectedMonthlyPayment: '1.00' });
    await assert.rejects(service.newOrder({ idempotencyKey: 'k-3', body: probe }, web), {
      code: 'price_changed',
    });
    await assert.rejects(service.newOrder({ idempotencyKey: 'free', body: probe }, web), {
      code: 'price_changed',
    });
    assert.equal(await db.countOrders(), 1);
  });

  test('a bad key or body is refused before anything is priced or stored', async () => {
    await assert.rejects(service.newOrder({ idempotencyKey: undefined, body: body() }, web), {
      code: 'idempotency_key_required',
    });
    await assert.rejects(service.newOrder({ idempotencyKey: 'k-4', body: { quote: 1 } }, web), {
      code: 'invalid_request',
    });
    assert.equal(await db.countOrders(), 0);
  });

  test('a phone order takes its rep from the sales key and is listed under that key only', async () => {
    const ann = await createStaffKey(db, { name: 'Ann Lee', role: 'sales' });
    const namesake = await createStaffKey(db, { name: 'Ann Lee', role: 'sales' });
    const phone = body(
      { channel: 'phone', expectedMonthlyPayment: '270.00' },
      { offerCode: 'NW10' },
    );
    await assert.rejects(service.newOrder({ idempotencyKey: 'p-0', body: phone }, web), {
      code: 'unauthorized',
    });
    const placed = await service.newOrder(
      { idempotencyKey: 'p-1', body: phone },
      { ...web, bearer: ann.key },
    );
    assert.equal(placed.order.salesRep, 'Ann Lee');
    assert.deepEqual(placed.order.attribution, { affiliate: 'NORTHWIND', method: 'phone' });
    const listed = await db.listOrders({ salesKeyId: ann.record.id, limit: 10 });
    assert.deepEqual(
      listed.map((o) => o.id),
      [placed.order.id],
    );
    assert.deepEqual(await db.listOrders({ salesKeyId: namesake.record.id, limit: 10 }), []);
  });

  test('a refused cookie naming no affiliate stores nothing of it and is still reported', async () => {
    const placed = await service.newOrder(
      { idempotencyKey: 'c-1', body: body() },
      { ...web, cookie: 'AC\u0000ME' },
    );
    assert.equal(placed.order.attribution, null);
    assert.equal('attributionRefused' in placed.order, false);
    assert.deepEqual(refusedEvents, ['cookie_unsigned_claim']);
  });
});
