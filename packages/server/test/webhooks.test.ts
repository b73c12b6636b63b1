// Webhooks end to end on PGlite: the app writes events into the outbox, the
// worker (with a clock the tests move) signs and delivers them to a
// receiver in its own process, which verifies them with `standardwebhooks`.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import {
  createApp,
  createWebhookWorker,
  openPGliteDatabase,
  RETRY_FOR_MS,
  seedDemoData,
  WEBHOOK_EVENT_TYPES,
  type Database,
  type WebhookWorker,
} from '@quotekit/server';
import { createStaffKey } from '../src/staff.js';
import { bearer, webOrder } from './harness.js';
import { startReceiver, type Receiver } from './webhook-harness.js';

const HOUR = 3_600_000;

describe('webhooks delivered from the outbox (PGlite)', () => {
  let db: Database;
  let receiver: Receiver;
  let admin: Record<string, string>;
  // Receivers refuse timestamps more than 5 minutes from their own clock: each
  // test starts at the real time and moves the clock from there.
  let now = new Date();
  let app: ReturnType<typeof createApp>;
  let worker: WebhookWorker;
  let orders = 0;

  before(async () => {
    db = await openPGliteDatabase();
    await seedDemoData(db);
    admin = bearer((await createStaffKey(db, { name: 'Ops', role: 'admin' }, now)).key);
    app = createApp({ db, clock: () => now, webhooks: { allowPrivate: true } });
    worker = createWebhookWorker({ db, now: () => now, random: () => 0.5, allowPrivate: true });
    receiver = await startReceiver();
  });
  after(async () => {
    receiver?.stop();
    await db?.close();
  });
  beforeEach(() => {
    now = new Date();
  });
  afterEach(async () => {
    for (const endpoint of await db.listWebhookEndpoints()) {
      await db.deleteWebhookEndpoint(endpoint.id);
    }
    await receiver.plan([]);
  });

  const send = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...admin },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Registers the receiver for `events` and gives it the secret. */
  async function register(events: string[], url = receiver.hookUrl) {
    const res = await send('POST', '/v1/webhook-endpoints', { url, events });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    await receiver.setSecret(body.secret);
    return body as { endpoint: { id: string }; secret: string };
  }

  async function placeOrder() {
    const res = await app.request('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `hook-${++orders}` },
      body: JSON.stringify(webOrder()),
    });
    assert.equal(res.status, 201);
    return (await res.json()).order as { id: string };
  }

  async function deliveriesOf(endpoint: string) {
    const res = await send('GET', `/v1/webhook-deliveries?endpoint=${endpoint}`);
    assert.equal(res.status, 200);
    return (await res.json()).deliveries as Array<{
      id: string;
      status: string;
      attempts: Array<{ at: string; statusCode: number | null; error: string | null }>;
      nextAttemptAt: string | null;
    }>;
  }

  test('order.created carries the order as an admin reads it, signed so that standardwebhooks verifies it', async () => {
    await register(['order.created']);
    const order = await placeOrder();
    const before = (await receiver.received()).verified.length;
    await worker.runOnce();
    const received = await receiver.waitFor((r) => r.verified.length > before);
    const event = received.verified.at(-1)!;
    assert.equal(event.type, 'order.created');
    assert.match(event.id, /^evt_/);
    assert.equal(event.body.timestamp, now.toISOString());
    const read = await send('GET', `/v1/orders/${order.id}`);
    assert.deepEqual(event.body.data, (await read.json()).order);
  });

  test('a receiver answering 500 three times gets the event on the fourth attempt, each wait longer than the last', async () => {
    const { endpoint } = await register(['order.created']);
    await receiver.plan([500, 500, 500]);
    await placeOrder();
    const start = (await receiver.received()).verified.length;
    await worker.runOnce();
    for (let failed = 1; failed <= 3; failed++) {
      const [delivery] = await deliveriesOf(endpoint.id);
      assert.equal(delivery!.status, 'pending');
      assert.equal(delivery!.attempts.length, failed);
      assert.equal(delivery!.attempts.at(-1)!.statusCode, 500);
      // Nothing is sent again before the next attempt is due.
      await worker.runOnce();
      assert.equal((await deliveriesOf(endpoint.id))[0]!.attempts.length, failed);
      now = new Date(Date.parse(delivery!.nextAttemptAt!));
      await worker.runOnce();
    }
    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery!.status, 'delivered');
    assert.deepEqual(
      delivery!.attempts.map((attempt) => attempt.statusCode),
      [500, 500, 500, 200],
    );
    assert.equal(delivery!.nextAttemptAt, null);
    const waits = delivery!.attempts
      .slice(1)
      .map((attempt, i) => Date.parse(attempt.at) - Date.parse(delivery!.attempts[i]!.at));
    // 5 s, 20 s, 80 s with the jitter at its middle (random 0.5): ¾ of each.
    assert.deepEqual(waits, [3_750, 15_000, 60_000]);
    const received = await receiver.received();
    assert.equal(received.verified.length, start + 1, 'delivered once, when it succeeded');
  });

  test('a signature under another secret is detected by the receiver, and the attempt is kept as failed', async () => {
    const { endpoint } = await register(['order.created']);
    await receiver.setSecret('whsec_' + Buffer.from('another secret, 24 bytes').toString('base64'));
    await placeOrder();
    const before = await receiver.received();
    await worker.runOnce();
    const after = await receiver.received();
    assert.equal(after.rejected, before.rejected + 1);
    assert.equal(after.verified.length, before.verified.length);
    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery!.status, 'pending');
    assert.equal(delivery!.attempts[0]!.statusCode, 400);
  });

  test('after a rotation the old secret verifies for 24 hours and the new one after', async () => {
    const { endpoint, secret: old } = await register(['order.created']);
    const rotate = async () => {
      const res = await send('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
      assert.equal(res.status, 200);
      return (await res.json()) as {
        secret: string;
        endpoint: { previousSecretExpiresAt: string };
      };
    };
    const rotated = await rotate();
    assert.notEqual(rotated.secret, old);
    assert.equal(Date.parse(rotated.endpoint.previousSecretExpiresAt), now.getTime() + 24 * HOUR);
    await placeOrder();
    let before = await receiver.received();
    await worker.runOnce();
    let after = await receiver.received();
    assert.equal(
      after.verified.length,
      before.verified.length + 1,
      'the old secret still verifies',
    );
    assert.equal(after.verified.at(-1)!.signature.split(' ').length, 2);

    // A rotation 24 hours ago: the secret it replaced signs no more.
    const present = now;
    now = new Date(present.getTime() - 24 * HOUR - 1000);
    const second = await rotate();
    now = present;
    await receiver.setSecret(rotated.secret);
    await placeOrder();
    before = after;
    await worker.runOnce();
    after = await receiver.received();
    assert.equal(after.rejected, before.rejected + 1, 'the replaced secret no longer verifies');
    assert.equal(after.verified.length, before.verified.length);
    await receiver.setSecret(second.secret);
    const [pending] = await deliveriesOf(endpoint.id);
    const retry = await send('POST', `/v1/webhook-deliveries/${pending!.id}/retry`);
    assert.equal(retry.status, 202);
    await worker.runOnce();
    after = await receiver.received();
    assert.equal(after.verified.length, before.verified.length + 1, 'the new secret verifies');
  });

  test('an endpoint whose name resolves to a private address is refused at delivery: nothing is sent', async () => {
    const strict = createWebhookWorker({
      db,
      now: () => now,
      random: () => 0.5,
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const port = new URL(receiver.hookUrl).port;
    // Saved as an https name; the name later points inside.
    const saved = await createApp({ db, clock: () => now }).request('/v1/webhook-endpoints', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({
        url: `https://hooks.vendor.test:${port}/hook`,
        events: ['order.created'],
      }),
    });
    assert.equal(saved.status, 201);
    const { endpoint } = await saved.json();
    await placeOrder();
    const before = await receiver.received();
    await strict.runOnce();
    assert.equal((await receiver.received()).requests, before.requests);
    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery!.status, 'pending');
    assert.equal(delivery!.attempts[0]!.statusCode, null);
    assert.match(delivery!.attempts[0]!.error!, /private, loopback or link-local/);
  });

  test('an endpoint failing for 3 days is disabled with the reason an admin reads, and readiness stays green', async () => {
    const { endpoint } = await register(['order.created'], 'http://127.0.0.1:9/hook');
    await placeOrder();
    const start = now.getTime();
    await worker.runOnce();
    for (let round = 0; round < 40; round++) {
      const [delivery] = await deliveriesOf(endpoint.id);
      if (delivery!.nextAttemptAt === null) break;
      now = new Date(Date.parse(delivery!.nextAttemptAt));
      await worker.runOnce();
    }
    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery!.status, 'failed');
    assert.equal(Date.parse(delivery!.attempts.at(-1)!.at), start + RETRY_FOR_MS);
    const read = await (await send('GET', `/v1/webhook-endpoints/${endpoint.id}`)).json();
    assert.equal(read.endpoint.enabled, false);
    assert.match(read.endpoint.disabledReason, /failed for 3 days/);
    assert.equal((await app.request('/readyz')).status, 200);
    // Enabling it again clears the reason.
    const enabled = await (
      await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true })
    ).json();
    assert.equal(enabled.endpoint.enabled, true);
    assert.equal(enabled.endpoint.disabledReason, null);
  });

  test('deliveries are sent in the order their events happened', async () => {
    await register(['order.created']);
    const placed = [await placeOrder(), await placeOrder(), await placeOrder()];
    const before = (await receiver.received()).verified.length;
    await worker.runOnce();
    const received = await receiver.waitFor((r) => r.verified.length >= before + 3);
    assert.deepEqual(
      received.verified.slice(before).map((event) => event.body.data.id),
      placed.map((order) => order.id),
    );
  });

  test('every event type is delivered and verified, each with the object as an admin reads it', async () => {
    await register([...WEBHOOK_EVENT_TYPES]);
    const acme = bearer(
      (await createStaffKey(db, { name: 'ACME', role: 'partner', partner: 'ACME' }, now)).key,
    );
    const billing = bearer(
      (await createStaffKey(db, { name: 'Billing', role: 'billing' }, now)).key,
    );
    const as = (key: Record<string, string>, method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...key },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const ok = async (res: Response, status = 200) => {
      const text = await res.text();
      assert.equal(res.status, status, text);
      return JSON.parse(text);
    };
    const id = `HOOK${Date.now().toString(36).toUpperCase()}`;
    const partner = await ok(
      await send('POST', '/v1/partners', {
        id,
        kind: 'affiliate',
        name: 'Hook Partners',
        email: `partner@${id.toLowerCase()}.example`,
        country: 'US',
        payout: { method: 'check' },
      }),
      201,
    );
    const disabled = await ok(await send('DELETE', '/v1/partners/NORTHWIND/offer-codes/NW10'));

    // An order matching ACME's opportunity, confirmed: opportunity.matched, order.attributed.
    await ok(
      await as(acme, 'POST', '/v1/partner/opportunities', {
        company: 'Initrode',
        email: 'boss@initrode.example',
      }),
      201,
    );
    const matchedOrder = await ok(
      await app.request('/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `hook-${++orders}` },
        body: JSON.stringify(
          webOrder(
            {},
            { customer: { name: 'Ceo', email: 'ceo@initrode.example', company: 'Initrode' } },
          ),
        ),
      }),
      201,
    );
    let match;
    for (let tries = 0; match === undefined && tries < 200; tries++) {
      [match] = await db.listOpportunityMatches({ status: 'open', limit: 10 });
      if (match === undefined) await new Promise((done) => setTimeout(done, 20));
    }
    assert.ok(match, 'the order was matched');
    await ok(await send('POST', `/v1/opportunity-matches/${match.id}/confirm`));

    const plain = await placeOrder();
    const asked = await ok(
      await as(acme, 'POST', '/v1/partner/post-facto', {
        orderId: plain.id,
        evidence: 'Our call with them',
      }),
      201,
    );

    const month = now.toISOString().slice(0, 7);
    const statement = await ok(
      await as(billing, 'POST', '/v1/statements', {
        id: `st_${id}`,
        orderId: matchedOrder.order.id,
        period: month,
        issuedAt: now.toISOString(),
        lines: [{ product: 'starter-plus-user', amount: '95.00' }],
        paidInFullAt: now.toISOString(),
      }),
      201,
    );
    const chargedBack = await ok(
      await as(billing, 'POST', `/v1/statements/st_${id}/chargebacks`, { at: now.toISOString() }),
    );
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15))
      .toISOString()
      .slice(0, 7);
    const run = await ok(await send('POST', '/v1/payout-runs', { month: lastMonth }), 201);

    const before = (await receiver.received()).verified.length;
    await worker.runOnce();
    const received = await receiver.waitFor(
      (r) => r.verified.length >= before + WEBHOOK_EVENT_TYPES.length,
    );
    const got = new Map(
      received.verified.slice(before).map((event) => [event.type, event.body.data]),
    );
    assert.deepEqual([...got.keys()].sort(), [...WEBHOOK_EVENT_TYPES].sort());
    assert.deepEqual(got.get('partner.created'), partner.partner);
    assert.deepEqual(got.get('offer_code.disabled'), disabled.offerCode);
    assert.equal((got.get('opportunity.matched') as { id: string }).id, match.id);
    const attributed = got.get('order.attributed') as { id: string; attribution: unknown };
    assert.equal(attributed.id, matchedOrder.order.id);
    assert.deepEqual(attributed.attribution, { affiliate: 'ACME', method: 'opportunity' });
    assert.equal((got.get('post_facto.requested') as { id: string }).id, asked.request.id);
    assert.deepEqual(got.get('statement.commission_granted'), statement);
    assert.deepEqual(got.get('statement.charged_back'), chargedBack);
    assert.deepEqual(got.get('payout_run.completed'), run.run);
  });
});
