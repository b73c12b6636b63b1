// Attribution that anyone could mint: a saved quote that names an affiliate
// without the server's word for it, and one click token used on many orders.
// Each test plays the attacker against the real app.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AttributionSignalsSchema, type Order } from '@quotekit/core';
import {
  createMemoryDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import {
  bearer,
  expectError,
  SEED_LINES,
  START,
  testApp,
  useApp,
  webOrder,
  type App,
} from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

const url = pgUrl;
const skip = pgSkip;
// A fresh schema per run, dropped afterwards.
const schema = freshSchema('qk_minted');
// Addresses unique to this run, so that tests sharing one database do not count each other.
const run = Date.now().toString(36);
let addresses = 0;
const address = () => `10.${run}.${++addresses}`;

const h = useApp();

/** `POST /v1/saved-quotes` for the seed lines; answers the created body. */
async function saveQuote(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await h.post('/v1/saved-quotes', { quote: { lines: SEED_LINES }, ...body }, headers);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string; affiliate?: string };
}

describe('a saved quote credits an affiliate only when that affiliate, or the vendor, made it', () => {
  test('a quote naming ACME without a key, with a sales or billing key, or with NORTHWIND’s key is refused 403 and nothing is stored', async () => {
    const keys = [
      undefined,
      'qk_admin_unknown',
      (await createStaffKey(h.db, { name: 'Rep', role: 'sales' })).key,
      (await createStaffKey(h.db, { name: 'Billing', role: 'billing' })).key,
      (await createStaffKey(h.db, { name: 'NW', role: 'partner', partner: 'NORTHWIND' })).key,
    ];
    for (const key of keys) {
      for (const extra of [{}, { clickToken: await h.clickToken('ACME') }]) {
        const res = await h.post(
          '/v1/saved-quotes',
          { quote: { lines: SEED_LINES }, affiliate: 'acme', ...extra },
          key === undefined ? {} : bearer(key),
        );
        const error = await expectError(res, 403, 'forbidden');
        assert.deepEqual(error.details, { affiliate: 'ACME' });
      }
    }
    // A quote saved without an affiliate still works for anyone: nothing above was stored.
    const plain = await saveQuote({});
    assert.equal(plain.affiliate, undefined);
  });

  test("a quote saved with ACME's partner key, or an admin key, credits ACME as saved_quote, ahead of another affiliate's click", async () => {
    const partner = (await createStaffKey(h.db, { name: 'ACME', role: 'partner', partner: 'ACME' }))
      .key;
    const admin = (await createStaffKey(h.db, { name: 'Ops', role: 'admin' })).key;
    const byPartner = await saveQuote({ affiliate: 'acme' }, bearer(partner));
    const byAdmin = await saveQuote({ affiliate: 'ACME' }, bearer(admin));
    for (const saved of [byPartner, byAdmin]) {
      assert.equal(saved.affiliate, 'ACME');
      const read = await (await h.app.request(`/v1/saved-quotes/${saved.id}`)).json();
      assert.equal(read.affiliate, 'ACME');
      const { order } = await (await h.order(webOrder({ savedQuoteId: saved.id }))).json();
      assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'saved_quote' });
    }
  });

  test('a closed partner’s own key saves no quote naming it', async () => {
    const partner = (await createStaffKey(h.db, { name: 'ACME', role: 'partner', partner: 'ACME' }))
      .key;
    await h.db.updatePartner('ACME', { status: 'closed', closedAt: START.toISOString() });
    await expectError(
      await h.post(
        '/v1/saved-quotes',
        { quote: { lines: SEED_LINES }, affiliate: 'ACME' },
        bearer(partner),
      ),
      403,
      'forbidden',
    );
  });

  test("a text link's affiliate claimed as saved_quote without a token credits nobody; the visitor's signed cookie wins", async () => {
    const cookie = await h.clickToken('NORTHWIND');
    const claim = { attribution: { affiliate: 'ACME', method: 'saved_quote' } };
    const withCookie = await h.order(webOrder({}, claim), { cookie: `qk_ref_s=${cookie}` });
    assert.deepEqual((await withCookie.json()).order.attribution, {
      affiliate: 'NORTHWIND',
      method: 'affiliate_url',
    });
    const alone = (await (await h.order(webOrder({}, claim))).json()).order;
    assert.equal(alone.attribution, null);
    assert.deepEqual(alone.attributionRefused, { affiliate: 'ACME', reason: 'unsigned_claim' });
  });

  test("a text link's offer code still credits its affiliate, though its affiliate name does not", async () => {
    const claim = { attribution: { affiliate: 'NORTHWIND', method: 'saved_quote' } };
    const { order } = await (await h.order(webOrder({ offerCode: 'ACME5' }, claim))).json();
    assert.deepEqual(order.attribution, { affiliate: 'ACME', method: 'offer_code' });
  });

  test('a quote saved before keys were needed keeps crediting by its signed click, and one naming ACME without one credits nobody', async () => {
    const stored = (id: string, clickId: string | null) =>
      h.db.createSavedQuote({
        id,
        quote: { lines: SEED_LINES },
        affiliate: 'ACME',
        offerCode: null,
        createdAt: START.toISOString(),
        expiresAt: '2027-01-01T00:00:00.000Z',
        clickId,
        staffKeyId: null,
      });
    await stored('OldClicked1', (await h.clickToken('ACME')).split(':')[2]!);
    await stored('OldNamed01', null);
    const clicked = (await (await h.order(webOrder({ savedQuoteId: 'OldClicked1' }))).json()).order;
    assert.deepEqual(clicked.attribution, { affiliate: 'ACME', method: 'saved_quote' });
    const named = (await (await h.order(webOrder({ savedQuoteId: 'OldNamed01' }))).json()).order;
    assert.equal(named.attribution, null);
  });
});

/**
 * One app on `open()`'s database with the demo data and an admin key; each
 * test plays the clicks and orders it counts, from addresses of its own.
 */
function signalTests(open: () => Promise<Database>) {
  let db: Database;
  let app: App;
  let admin = '';
  let orders = 0;
  const unexpected: unknown[] = [];
  before(async () => {
    db = await open();
    await seedDemoData(db);
    app = testApp(db, () => START, unexpected);
    admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
  });
  after(() => db.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** A click through `affiliate`'s link from `from`: its token. */
  const click = async (affiliate: string, from: string) => {
    const res = await post('/v1/attribution', { affiliate }, { 'x-test-client': from });
    assert.equal(res.status, 200);
    return (await res.json()).token as string;
  };
  /** A web order from `from` claiming `token`'s click; answers the order. */
  const order = async (
    from: string,
    rest: Record<string, unknown> = {},
    quote = {},
    headers: Record<string, string> = {},
  ) => {
    const n = ++orders;
    const res = await post(
      '/v1/orders',
      webOrder(quote, { customer: { name: `Customer ${n}`, email: `c${n}@example.com` }, ...rest }),
      { 'x-test-client': from, 'idempotency-key': `minted-${run}-${n}`, ...headers },
    );
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).order as Order;
  };
  const claim = (affiliate: string, token: string) => ({
    attribution: { affiliate, method: 'affiliate_url', token },
  });
  /** The admin list's orders by id (the newest 200). */
  const listed = async (key = admin) => {
    const res = await app.request('/v1/orders?limit=200', { headers: bearer(key) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { orders: Order[] };
    return new Map(body.orders.map((o) => [o.id, o]));
  };

  test('one click token on 20 orders from 20 addresses: each order names the click and its 20 orders', async () => {
    const token = await click('ACME', address());
    const placed: Order[] = [];
    for (let i = 0; i < 20; i++) placed.push(await order(address(), claim('ACME', token)));
    const list = await listed();
    const clickId = token.split(':')[2];
    for (const one of placed) {
      const signals = list.get(one.id)?.attributionSignals;
      assert.equal(AttributionSignalsSchema.safeParse(signals).success, true);
      assert.deepEqual(signals, {
        click: clickId,
        ordersByClick: 20,
        clicksFromAddress: 1,
        ownNetwork: false,
      });
    }
    // The order itself, as its customer reads it, does not show them.
    assert.equal(placed[0]!.attributionSignals, undefined);
    assert.deepEqual(unexpected, []);
  });

  test('six clicks from one address: the order one of them credits counts six, one from elsewhere counts one', async () => {
    const busy = address();
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) tokens.push(await click('NORTHWIND', busy));
    // A click for another affiliate from that address is not NORTHWIND's.
    await click('ACME', busy);
    const fromBusy = await order(address(), claim('NORTHWIND', tokens[3]!));
    const fromElsewhere = await order(
      address(),
      claim('NORTHWIND', await click('NORTHWIND', address())),
    );
    const list = await listed();
    assert.equal(list.get(fromBusy.id)?.attributionSignals?.clicksFromAddress, 6);
    assert.equal(list.get(fromBusy.id)?.attributionSignals?.ordersByClick, 1);
    assert.equal(list.get(fromElsewhere.id)?.attributionSignals?.clicksFromAddress, 1);
  });

  test("orders from the affiliate's own network: one address placing two customers' orders, or ordering where its click was made", async () => {
    const office = address();
    // Two "customers", each with a click of their own, both ordering from the office.
    const first = await order(office, claim('ACME', await click('ACME', address())));
    const second = await order(office, claim('ACME', await click('ACME', address())));
    // A third orders from the address where an earlier credited order's click was made.
    const clickedAt = address();
    const earlier = await order(address(), claim('ACME', await click('ACME', clickedAt)));
    const third = await order(clickedAt, { attribution: undefined }, { offerCode: 'ACME5' });
    // The same address, but another affiliate's order: not ACME's network.
    const other = await order(office, claim('NORTHWIND', await click('NORTHWIND', address())));
    const list = await listed();
    const own = (o: Order) => list.get(o.id)?.attributionSignals?.ownNetwork;
    assert.equal(own(first), true);
    assert.equal(own(second), true);
    assert.equal(own(third), true);
    assert.equal(own(earlier), false);
    assert.equal(own(other), false);
    // An offer code credits the third: no click, so no counts by click.
    assert.deepEqual(
      { ...list.get(third.id)?.attributionSignals, ownNetwork: undefined },
      { click: null, ordersByClick: null, clicksFromAddress: null, ownNetwork: undefined },
    );
  });

  test('the click named is the one that won: the cookie’s alone, the claim’s over the cookie’s', async () => {
    const cookieToken = await click('ACME', address());
    const claimToken = await click('NORTHWIND', address());
    const cookie = { cookie: `qk_ref_s=${cookieToken}` };
    const byCookie = await order(address(), {}, {}, cookie);
    const byClaim = await order(address(), claim('NORTHWIND', claimToken), {}, cookie);
    const list = await listed();
    assert.deepEqual(byCookie.attribution, { affiliate: 'ACME', method: 'affiliate_url' });
    assert.equal(list.get(byCookie.id)?.attributionSignals?.click, cookieToken.split(':')[2]);
    assert.deepEqual(byClaim.attribution, { affiliate: 'NORTHWIND', method: 'affiliate_url' });
    assert.equal(list.get(byClaim.id)?.attributionSignals?.click, claimToken.split(':')[2]);
  });

  test("an order credited by a saved quote names the saved quote's click", async () => {
    // A quote saved with a signed click, before a partner's key was needed.
    const token = await click('ACME', address());
    const id = `Sig${run}`.replace(/[^A-Za-z0-9]/g, '');
    await db.createSavedQuote({
      id,
      quote: { lines: SEED_LINES },
      affiliate: 'ACME',
      offerCode: null,
      createdAt: START.toISOString(),
      expiresAt: '2027-01-01T00:00:00.000Z',
      clickId: token.split(':')[2]!,
      staffKeyId: null,
    });
    const a = await order(address(), {}, { savedQuoteId: id });
    const b = await order(address(), {}, { savedQuoteId: id });
    const list = await listed();
    for (const one of [a, b]) {
      assert.deepEqual(one.attribution, { affiliate: 'ACME', method: 'saved_quote' });
      assert.equal(list.get(one.id)?.attributionSignals?.click, token.split(':')[2]);
      assert.equal(list.get(one.id)?.attributionSignals?.ordersByClick, 2);
    }
  });

  test('an unattributed order carries no signals, and a sales key sees none', async () => {
    const plain = await order(address());
    const sales = (await createStaffKey(db, { name: 'Rep', role: 'sales' })).key;
    const credited = await order(address(), claim('ACME', await click('ACME', address())));
    const list = await listed();
    assert.equal(list.has(plain.id), true);
    assert.equal(list.get(plain.id)?.attributionSignals, undefined);
    assert.notEqual(list.get(credited.id)?.attributionSignals, undefined);
    const res = await app.request('/v1/orders', { headers: bearer(sales) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { orders: Order[] };
    assert.ok(body.orders.every((o) => o.attributionSignals === undefined));
  });
}

describe('attribution signals in the admin order list, on memory', () => {
  signalTests(async () => createMemoryDatabase());
});

describe('attribution signals in the admin order list, on PostgreSQL', { skip }, () => {
  signalTests(() => openPostgresDatabase({ connectionString: url!, schema }));
  after(() => dropSchemas(schema));
});
