// The partner program's webhook events are written in the transaction of the
// change that causes them (issue: the outbox): with the event's write made to
// fail after the change, neither is kept; a repeated request writes its event
// once. On PGlite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createApp,
  openPGliteDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createPartner } from '../program/partners.js';
import { createStaffKey } from '../staff.js';
import { bearer, START, testClient, webOrder } from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';
import { eventIdOf } from './emit.js';
import type { WebhookEventType } from './webhooks.schema.js';
import { WEBHOOK_EVENT_TYPES } from './webhooks.schema.js';

let sequence = 0;
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36).slice(-5)}${++sequence}`.toUpperCase();

/** `db` whose transactions fail when they write a webhook event, after the change. */
function outboxDown(db: Database): Database {
  const failing: Database = {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          ...tx,
          async recordWebhookEvent() {
            throw new Error('The outbox refused the event.');
          },
        }),
      ),
  };
  return failing;
}

function outboxSuite(open: () => Promise<Database>) {
  let db: Database;
  let ok: ReturnType<typeof createApp>;
  let down: ReturnType<typeof createApp>;
  let keys: { admin: string; billing: string };
  const endpoint = 'we_outbox_test';
  const now = new Date(START);

  before(async () => {
    db = await open();
    await seedDemoData(db);
    const unexpected: unknown[] = [];
    const options = { clock: () => now, clientAddress: testClient };
    ok = createApp({ db, ...options, onError: (error) => unexpected.push(error) });
    down = createApp({ db: outboxDown(db), ...options, onError: () => {} });
    keys = {
      admin: (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key,
      billing: (await createStaffKey(db, { name: 'Billing', role: 'billing' })).key,
    };
    // An endpoint for every event since long ago: the outbox's events become its deliveries.
    await db.createWebhookEndpoint({
      id: endpoint,
      url: 'https://hooks.example/quotekit',
      description: null,
      events: [...WEBHOOK_EVENT_TYPES],
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      createdAt: '2000-01-01T00:00:00.000Z',
      updatedAt: '2000-01-01T00:00:00.000Z',
      previousSecretExpiresAt: null,
      secret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==',
      previousSecret: null,
    });
  });
  after(() => db.close());

  const send = (
    app: ReturnType<typeof createApp>,
    method: string,
    path: string,
    body?: unknown,
    key = keys.admin,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(key), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** How many times the outbox holds the event of `type` for the object `objectId`. */
  async function written(type: WebhookEventType, objectId: string): Promise<number> {
    while ((await db.dispatchWebhookEvents(new Date().toISOString(), 500)) > 0);
    const id = await eventIdOf(type, objectId);
    const deliveries = await db.listWebhookDeliveries({ endpoint, limit: 10_000 });
    return deliveries.filter((d) => d.eventId === id).length;
  }

  async function partner(linkedPartner?: string) {
    const id = unique('OB');
    const res = await send(ok, 'POST', '/v1/partners', {
      id,
      kind: linkedPartner === undefined ? 'affiliate' : 'reseller',
      name: `Partner ${id}`,
      email: `partner@${id.toLowerCase()}.example`,
      country: 'US',
      payout: { method: 'paypal', paypalEmail: `pay@${id.toLowerCase()}.example` },
      ...(linkedPartner === undefined ? {} : { linkedPartner }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const code = `${id}5`;
    const made = await send(ok, 'POST', `/v1/partners/${id}/offer-codes`, {
      code,
      discountRate: '0.05',
    });
    assert.equal(made.status, 201, await made.clone().text());
    return { id, code };
  }

  async function order(code?: string) {
    const res = await send(
      ok,
      'POST',
      '/v1/orders',
      webOrder(code === undefined ? {} : { offerCode: code }),
      keys.admin,
      { 'idempotency-key': unique('key') },
    );
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).order as { id: string };
  }

  test('partner.created: with the event refused, neither the partner nor its link back is kept; then the partner, the link and one event', async () => {
    const affiliate = await partner();
    assert.equal(await written('partner.created', affiliate.id), 1);
    const id = unique('RS');
    const body = {
      id,
      kind: 'reseller',
      name: 'Reseller',
      email: `partner@${id.toLowerCase()}.example`,
      country: 'US',
      payout: { method: 'account_credit' },
      linkedPartner: affiliate.id,
    };
    assert.equal((await send(down, 'POST', '/v1/partners', body)).status, 500);
    assert.equal(await db.getPartner(id), null);
    assert.equal((await db.getPartner(affiliate.id))?.linkedPartner, null);
    assert.equal(await written('partner.created', id), 0);

    assert.equal((await send(ok, 'POST', '/v1/partners', body)).status, 201);
    assert.equal((await db.getPartner(affiliate.id))?.linkedPartner, id);
    assert.equal(await written('partner.created', id), 1);
  });

  test('linking partners is one transaction: a failing link back leaves no half-linked partner', async () => {
    const affiliate = await partner();
    const id = unique('RS');
    const linkBackFails: Database = {
      ...db,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            ...tx,
            async linkPartner() {
              throw new Error('The link back failed.');
            },
          }),
        ),
    };
    await assert.rejects(
      createPartner(
        linkBackFails,
        {
          id,
          kind: 'reseller',
          name: 'Reseller',
          email: `partner@${id.toLowerCase()}.example`,
          country: 'US',
          payout: { method: 'account_credit' },
          linkedPartner: affiliate.id,
        },
        now,
      ),
      /link back failed/,
    );
    assert.equal(await db.getPartner(id), null);
    assert.equal((await db.getPartner(affiliate.id))?.linkedPartner, null);
  });

  test('offer_code.disabled: with the event refused the code still validates; disabled twice, one event', async () => {
    const p = await partner();
    const path = `/v1/partners/${p.id}/offer-codes/${p.code}`;
    assert.equal((await send(down, 'DELETE', path)).status, 500);
    assert.equal((await db.getOfferCode(p.code))?.active, true);
    assert.equal(await written('offer_code.disabled', p.code), 0);

    assert.equal((await send(ok, 'DELETE', path)).status, 200);
    assert.equal((await send(ok, 'DELETE', path)).status, 200);
    assert.equal((await db.getOfferCode(p.code))?.active, false);
    assert.equal(await written('offer_code.disabled', p.code), 1);
  });

  test('statement.commission_granted and statement.charged_back: with the event refused no statement, payment, charge-back or ledger entry is kept; repeated, one event each', async () => {
    const p = await partner();
    const o = await order(p.code);
    const id = unique('st');
    const statement = {
      id,
      orderId: o.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '95.00' }],
    };
    const post = (app: typeof ok) => send(app, 'POST', '/v1/statements', statement, keys.billing);
    const pay = (app: typeof ok) =>
      send(
        app,
        'POST',
        `/v1/statements/${id}/payments`,
        { paidInFullAt: '2026-04-02' },
        keys.billing,
      );
    const chargeBack = (app: typeof ok) =>
      send(app, 'POST', `/v1/statements/${id}/chargebacks`, { at: '2026-04-20' }, keys.billing);

    assert.equal((await post(ok)).status, 201);
    assert.equal((await pay(down)).status, 500);
    assert.equal((await db.getStatement(id))?.paidInFullAt, null);
    assert.deepEqual(await db.ledgerEntries(p.id), []);
    assert.equal(await written('statement.commission_granted', id), 0);

    assert.equal((await pay(ok)).status, 200);
    assert.equal((await pay(ok)).status, 200);
    assert.equal((await post(ok)).status, 200);
    assert.equal(await written('statement.commission_granted', id), 1);
    assert.deepEqual(
      (await db.ledgerEntries(p.id)).map((e) => e.type),
      ['commission'],
    );

    assert.equal((await chargeBack(down)).status, 500);
    assert.equal((await db.getStatement(id))?.chargeback, null);
    assert.equal(await written('statement.charged_back', id), 0);
    assert.equal((await chargeBack(ok)).status, 200);
    assert.equal((await chargeBack(ok)).status, 200);
    assert.equal(await written('statement.charged_back', id), 1);
    assert.deepEqual(
      (await db.ledgerEntries(p.id)).map((e) => e.type),
      ['commission', 'chargeback'],
    );
  });

  test('a statement posted paid in full: with the event refused nothing is stored', async () => {
    const p = await partner();
    const o = await order(p.code);
    const id = unique('st');
    const body = {
      id,
      orderId: o.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '95.00' }],
      paidInFullAt: '2026-04-02',
    };
    assert.equal((await send(down, 'POST', '/v1/statements', body, keys.billing)).status, 500);
    assert.equal(await db.getStatement(id), null);
    assert.deepEqual(await db.ledgerEntries(p.id), []);
    assert.equal((await send(ok, 'POST', '/v1/statements', body, keys.billing)).status, 201);
    assert.equal(await written('statement.commission_granted', id), 1);
  });

  test('payout_run.completed: with the event refused the month has not run; run twice, one event', async () => {
    const month = '2026-02';
    assert.equal((await send(down, 'POST', '/v1/payout-runs', { month })).status, 500);
    assert.equal(await db.getPayoutRun(month), null);
    assert.equal(await written('payout_run.completed', month), 0);
    assert.equal((await send(ok, 'POST', '/v1/payout-runs', { month })).status, 201);
    assert.equal((await send(ok, 'POST', '/v1/payout-runs', { month })).status, 200);
    assert.notEqual(await db.getPayoutRun(month), null);
    assert.equal(await written('payout_run.completed', month), 1);
  });

  test('post_facto.requested and order.attributed: with the event refused no request and no attribution is kept', async () => {
    const p = await partner();
    const partnerKey = (
      await createStaffKey(db, { name: 'portal', role: 'partner', partner: p.id })
    ).key;
    const o = await order();
    const ask = (app: typeof ok) =>
      send(
        app,
        'POST',
        '/v1/partner/post-facto',
        { orderId: o.id, evidence: 'We introduced them at a trade show.' },
        partnerKey,
      );
    assert.equal((await ask(down)).status, 500);
    const asked = await ask(ok);
    assert.equal(asked.status, 201, 'the refused request was not kept');
    const { request } = (await asked.json()) as { request: { id: string } };
    assert.equal(await written('post_facto.requested', request.id), 1);

    const approve = (app: typeof ok) =>
      send(app, 'POST', `/v1/post-facto/${request.id}/approve`, {});
    assert.equal((await approve(down)).status, 500);
    assert.equal((await db.getOrder(o.id))?.attribution, null);
    assert.equal((await db.getPostFacto(request.id))?.status, 'pending');
    assert.equal(await written('order.attributed', o.id), 0);
    assert.equal((await approve(ok)).status, 200);
    assert.equal((await db.getOrder(o.id))?.attribution?.affiliate, p.id);
    assert.equal(await written('order.attributed', o.id), 1);
  });
}

describe('partner events in the change’s transaction on PGlite', () => {
  outboxSuite(() => openPGliteDatabase());
});

const schema = freshSchema('qk_outbox');
describe('partner events in the change’s transaction on PostgreSQL', { skip: pgSkip }, () => {
  after(() => dropSchemas(schema));
  outboxSuite(() => openPostgresDatabase({ connectionString: pgUrl!, schema }));
});
