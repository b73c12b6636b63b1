import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createApp, isPublicAddress } from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, START, useApp } from '../../test/harness.js';

describe('webhook endpoints (admin)', () => {
  const h = useApp();
  let admin: Record<string, string>;
  beforeEach(async () => {
    admin = bearer((await createStaffKey(h.db, { name: 'Ops', role: 'admin' }, START)).key);
  });
  const send = (method: string, path: string, body?: unknown, headers = admin) =>
    h.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const create = (body: unknown, headers = admin) =>
    send('POST', '/v1/webhook-endpoints', body, headers);

  test('registering answers 201 with the endpoint and a whsec_ secret shown only then', async () => {
    const res = await create({
      url: 'https://hooks.vendor.example/quotekit',
      events: ['order.created', 'order.created', 'partner.created'],
      description: 'Billing',
    });
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(Buffer.from(body.secret.slice(6), 'base64').length, 24);
    assert.deepEqual(body.endpoint.events, ['order.created', 'partner.created']);
    assert.equal(body.endpoint.enabled, true);
    assert.equal(res.headers.get('location'), `/v1/webhook-endpoints/${body.endpoint.id}`);
    const listed = await (await send('GET', '/v1/webhook-endpoints')).json();
    assert.deepEqual(listed.endpoints, [body.endpoint]);
    assert.ok(
      !JSON.stringify(listed).includes(body.secret.slice(6)),
      'the list never shows a secret',
    );
    const one = await (await send('GET', `/v1/webhook-endpoints/${body.endpoint.id}`)).json();
    assert.deepEqual(one.endpoint, body.endpoint);
  });

  test('only an admin key manages endpoints', async () => {
    await expectError(
      await create({ url: 'https://a.example', events: ['order.created'] }, {}),
      401,
      'unauthorized',
    );
    const sales = bearer((await createStaffKey(h.db, { name: 'Rep', role: 'sales' }, START)).key);
    await expectError(
      await create({ url: 'https://a.example', events: ['order.created'] }, sales),
      403,
      'forbidden',
    );
    await expectError(
      await send('GET', '/v1/webhook-deliveries', undefined, sales),
      403,
      'forbidden',
    );
  });

  const refused: Array<[string, string]> = [
    ['http://hooks.vendor.example/', 'plain http'],
    ['http://127.0.0.1:8080/', 'http to loopback without QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE'],
    ['https://10.1.2.3/', 'a private address'],
    ['https://169.254.169.254/latest/meta-data', 'the link-local metadata address'],
    ['https://[::1]/', 'IPv6 loopback'],
    ['https://[::ffff:192.168.0.1]/', 'a private IPv4 address inside IPv6'],
    ['https://localhost/', 'localhost'],
    ['https://user:pw@hooks.vendor.example/', 'credentials in the URL'],
    ['ftp://hooks.vendor.example/', 'another scheme'],
    ['hooks.vendor.example', 'no scheme'],
  ];
  for (const [url, what] of refused) {
    test(`refuses ${what} with 422 invalid_webhook_url, storing nothing`, async () => {
      await expectError(
        await create({ url, events: ['order.created'] }),
        422,
        'invalid_webhook_url',
      );
      assert.deepEqual(await h.db.listWebhookEndpoints(), []);
    });
  }

  test('http to loopback is allowed with QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE, http elsewhere still is not', async () => {
    const app = createApp({ db: h.db, webhooks: { allowPrivate: true } });
    const post = (url: string) =>
      app.request('/v1/webhook-endpoints', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin },
        body: JSON.stringify({ url, events: ['order.created'] }),
      });
    assert.equal((await post('http://127.0.0.1:4000/hook')).status, 201);
    assert.equal((await post('http://localhost:4000/hook')).status, 201);
    await expectError(await post('http://hooks.vendor.example/'), 422, 'invalid_webhook_url');
  });

  test('an unknown event type or no event is 400 invalid_request', async () => {
    await expectError(
      await create({ url: 'https://a.example', events: ['order.deleted'] }),
      400,
      'invalid_request',
    );
    await expectError(
      await create({ url: 'https://a.example', events: [] }),
      400,
      'invalid_request',
    );
  });

  test('PATCH changes events and enabled; DELETE removes the endpoint; unknown ids are 404', async () => {
    const { endpoint } = await (
      await create({ url: 'https://a.example', events: ['order.created'] })
    ).json();
    h.now = new Date(START.getTime() + 60_000);
    const patched = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
      events: ['payout_run.completed'],
      enabled: false,
    });
    assert.equal(patched.status, 200);
    const changed = (await patched.json()).endpoint;
    assert.deepEqual(changed.events, ['payout_run.completed']);
    assert.equal(changed.enabled, false);
    assert.equal(changed.disabledAt, h.now.toISOString());
    assert.equal(changed.updatedAt, h.now.toISOString());
    await expectError(
      await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: 'https://b.example' }),
      400,
      'invalid_request',
    );
    assert.equal((await send('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 200);
    await expectError(await send('GET', `/v1/webhook-endpoints/${endpoint.id}`), 404, 'not_found');
    await expectError(
      await send('DELETE', `/v1/webhook-endpoints/${endpoint.id}`),
      404,
      'not_found',
    );
    await expectError(
      await send('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`),
      404,
      'not_found',
    );
    await expectError(
      await send('POST', '/v1/webhook-deliveries/whd_nope/retry'),
      404,
      'not_found',
    );
  });

  test('an order is written into the outbox with it; the deliveries list filters by endpoint and status', async () => {
    const { endpoint } = await (
      await create({ url: 'https://a.example', events: ['order.created'] })
    ).json();
    assert.equal(
      (
        await h.order({
          quote: {
            lines: [
              { product: 'starter-plus-user', quantity: 25 },
              { product: 'dedicated-px2', quantity: 1 },
            ],
          },
          expectedMonthlyPayment: '300.00',
          customer: { name: 'Ann Lee', email: 'ann@example.com' },
          channel: 'web',
        })
      ).status,
      201,
    );
    assert.equal(await h.db.oldestUndeliveredWebhookEvent(), START.toISOString());
    assert.equal(await h.db.dispatchWebhookEvents(START.toISOString(), 10), 1);
    const pending = await (
      await send('GET', `/v1/webhook-deliveries?endpoint=${endpoint.id}&status=pending`)
    ).json();
    assert.equal(pending.deliveries.length, 1);
    assert.equal(pending.deliveries[0].eventType, 'order.created');
    assert.deepEqual(pending.deliveries[0].attempts, []);
    const delivered = await (await send('GET', '/v1/webhook-deliveries?status=delivered')).json();
    assert.deepEqual(delivered, { deliveries: [], nextCursor: null });
    await expectError(
      await send('GET', '/v1/webhook-deliveries?status=lost'),
      400,
      'invalid_request',
    );
    await expectError(
      await send('GET', '/v1/webhook-deliveries?endpoint=%00'),
      400,
      'invalid_request',
    );
  });
});

describe('isPublicAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['93.184.215.14', true],
    ['8.8.8.8', true],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['2606:4700:4700::1111', true],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['::ffff:a00:1', false],
    ['64:ff9b::a00:1', false],
    ['not an address', false],
    ['999.1.1.1', false],
  ];
  for (const [address, expected] of cases) {
    test(`${address} is ${expected ? 'public' : 'not public'}`, () => {
      assert.equal(isPublicAddress(address), expected);
    });
  }
});
