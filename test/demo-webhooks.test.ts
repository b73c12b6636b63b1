// The demo's webhook receiver: `npm start` registers it for every event, an
// order placed on the vendor's site reaches it signed and verified, and the
// endpoint survives restarts of the demo (reused, or registered again when
// the receiver's port changes).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { admin, startDemo, USERS, visitor, watchOrders, type Demo } from './demo-harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo(41);
});
after(() => demo?.stop());

interface Received {
  id: string | null;
  type: string | null;
  verified: boolean;
  reason?: string;
  data?: { id?: string; number?: string };
}

/** What the receiver got, read as /admin reads it. */
async function received(): Promise<Received[]> {
  const res = await fetch(`${demo.receiver}/events`, {
    headers: { Authorization: `Bearer ${demo.keys().admin}` },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: Received[] }).events;
}

/** Waits (up to 15 s) for the receiver to hold `type` for the object `id`. */
async function arrival(type: string, id: string): Promise<Received> {
  const until = Date.now() + 15_000;
  for (;;) {
    const found = (await received()).find((e) => e.type === type && e.data?.id === id);
    if (found) return found;
    if (Date.now() > until) throw new Error(`${type} for ${id} did not arrive`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const endpointFile = () =>
  JSON.parse(readFileSync(join(demo.dataDir, 'data', 'demo-webhook.json'), 'utf8')) as {
    id: string;
    url: string;
  };

describe('the demo webhook receiver', () => {
  test('an order placed on /pricing reaches the receiver as order.created, its signature verified', async () => {
    const { context, page, errors } = await visitor(demo);
    await page.goto(`${demo.vendor}/pricing`);
    const builder = page.locator('quote-builder#quote');
    await builder.getByRole('spinbutton', { name: USERS }).fill('10');
    await builder.locator('[part="total-amount"]', { hasText: '$40.00' }).waitFor();
    const placed = await watchOrders(page);
    await builder.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper');
    await builder.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
    await builder.getByRole('button', { name: 'Place order' }).click();
    const { id } = await placed();

    const event = await arrival('order.created', id);
    assert.equal(event.verified, true);
    const { order } = await admin(demo, `/v1/orders/${id}`);
    assert.equal(event.data?.number, order.number);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('one endpoint is registered for every event type, and the deliveries are readable only with the admin key', async () => {
    const { endpoints } = await admin(demo, '/v1/webhook-endpoints');
    assert.equal(endpoints.length, 1);
    assert.equal(endpoints[0].url, `${demo.receiver}/webhooks`);
    assert.equal(endpoints[0].enabled, true);
    assert.deepEqual([...endpoints[0].events].sort(), [
      'offer_code.disabled',
      'opportunity.matched',
      'order.attributed',
      'order.created',
      'partner.created',
      'payout_run.completed',
      'post_facto.requested',
      'statement.charged_back',
      'statement.commission_granted',
    ]);
    assert.equal((await fetch(`${demo.receiver}/events`)).status, 401);
    const wrong = await fetch(`${demo.receiver}/events`, {
      headers: { Authorization: `Bearer ${demo.keys().sales}` },
    });
    assert.equal(wrong.status, 401);
  });

  test('a delivery with a wrong signature is kept as unverified and answered 400', async () => {
    const body = JSON.stringify({ id: 'evt_forged', type: 'order.created', data: {} });
    const res = await fetch(`${demo.receiver}/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ==',
      },
      body,
    });
    assert.equal(res.status, 400);
    const forged = (await received()).find((e) => e.id === 'evt_forged');
    assert.equal(forged?.verified, false);
    assert.equal(forged?.type, 'order.created');
    assert.equal(forged?.data, undefined);
  });

  test('a restart on the same port reuses the endpoint; on another port it is registered again, the old one removed', async () => {
    const first = endpointFile();
    const port = new URL(demo.receiver).port;
    await demo.restart({ RECEIVER_PORT: port });
    assert.equal(endpointFile().id, first.id);
    let { endpoints } = await admin(demo, '/v1/webhook-endpoints');
    assert.deepEqual(
      endpoints.map((e: { id: string }) => e.id),
      [first.id],
    );

    await demo.restart({ RECEIVER_PORT: '0' });
    assert.notEqual(new URL(demo.receiver).port, port);
    const second = endpointFile();
    assert.notEqual(second.id, first.id);
    assert.equal(second.url, `${demo.receiver}/webhooks`);
    ({ endpoints } = await admin(demo, '/v1/webhook-endpoints'));
    assert.deepEqual(
      endpoints.map((e: { id: string; url: string }) => [e.id, e.url]),
      [[second.id, second.url]],
    );

    // The new secret verifies: an order placed through the API arrives verified.
    const res = await fetch(`${demo.api}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({
        quote: { lines: [{ product: 'starter-plus-user', quantity: 5 }] },
        expectedMonthlyPayment: '20.00',
        customer: { name: 'Alan Kay', email: 'alan@example.com' },
        channel: 'web',
      }),
    });
    assert.equal(res.status, 201);
    const { order } = (await res.json()) as { order: { id: string } };
    assert.equal((await arrival('order.created', order.id)).verified, true);
  });
});
