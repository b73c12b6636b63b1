// The one suite every database passes: memory, PGlite and PostgreSQL. Each
// test file opens one database and hands it here; tests use their own keys and
// ids so that they can share it.
import assert from 'node:assert/strict';
import { after, before, describe, test as nodeTest } from 'node:test';
import { priceQuote, catalogs } from '@quotekit/core';
import {
  CLICK_RETENTION_DAYS,
  createApp,
  OfferCodeInactiveError,
  seedDemoData,
  type NewOrder,
  type Database,
} from '@quotekit/server';
import { opportunityTableTests } from './db-suite.opportunities.js';
import { ledgerSuite } from './ledger-suite.js';

let sequence = 0;
const unique = (prefix: string) =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

/** An order as the app would build it. */
export function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    id: unique('ord_t').replace(/-/g, ''),
    status: 'received',
    createdAt: '2026-03-01T12:00:00.000Z',
    channel: 'web',
    customer: { name: 'Ann Lee', email: 'ann@example.com' },
    quote: priceQuote(catalogs.luxsci, {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
    }),
    attribution: null,
    ...overrides,
  };
}

export const ORDER_BODY = {
  quote: {
    lines: [
      { product: 'starter-plus-user', quantity: 25 },
      { product: 'dedicated-px2', quantity: 1 },
    ],
    offerCode: 'ACME5',
  },
  expectedMonthlyPayment: '285.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};

/**
 * Registers the suite for one database. `skip` (a reason) marks every test
 * of it skipped without opening the database.
 */
export function databaseSuite(
  name: string,
  open: () => Promise<Database>,
  options: { sql: boolean; skip?: string | false },
) {
  const skip = options.skip ?? false;
  // Skipped test by test, not as a suite: Node 20's closing line counts
  // skipped tests only, and a skipped suite registers none.
  const test = (title: string, fn: () => Promise<void>) => nodeTest(title, { skip }, fn);
  describe(`${name} database`, () => {
    let db: Database;
    before(async () => {
      if (skip === false) db = await open();
    });
    after(async () => {
      await db?.close();
    });

    test('start empty, and seed the demo partners once however often seeding runs', async () => {
      assert.equal(await db.isEmpty(), true);
      await seedDemoData(db);
      await seedDemoData(db);
      assert.equal(await db.isEmpty(), false);
      assert.deepEqual(await db.getAffiliate('acme'), {
        id: 'ACME',
        name: 'Acme Hosting Partners',
        email: 'partner@acme.example',
      });
      assert.deepEqual(await db.getOfferCode('nw10'), {
        code: 'NW10',
        affiliate: 'NORTHWIND',
        discountRate: '0.10',
        active: true,
      });
      assert.equal(await db.getAffiliate('NOBODY'), null);
      assert.equal(await db.getOfferCode('NOPE'), null);
    });

    test('replace an affiliate and an offer code in place', async () => {
      await db.putAffiliate({ id: 'Tmp-1', name: 'Temp', email: 'a@tmp.example' });
      await db.putAffiliate({ id: 'TMP-1', name: 'Temp two', email: 'b@tmp.example' });
      await db.putOfferCode({
        code: 'tmp1',
        affiliate: 'tmp-1',
        discountRate: '0.03',
        active: true,
      });
      await db.putOfferCode({
        code: 'TMP1',
        affiliate: 'TMP-1',
        discountRate: '0.04',
        active: false,
      });
      assert.equal((await db.getAffiliate('tmp-1'))?.name, 'Temp two');
      assert.deepEqual(await db.getOfferCode('Tmp1'), {
        code: 'TMP1',
        affiliate: 'TMP-1',
        discountRate: '0.04',
        active: false,
      });
    });

    test('refuse an offer code whose affiliate does not exist', async () => {
      await assert.rejects(
        db.putOfferCode({
          code: 'ORPHAN',
          affiliate: 'NOBODY',
          discountRate: '0.05',
          active: true,
        }),
      );
      assert.equal(await db.getOfferCode('ORPHAN'), null);
    });

    test('keep saved quotes exactly as written', async () => {
      const full = {
        id: unique('sq').replace(/-/g, '').slice(0, 40),
        quote: { lines: [{ product: 'starter-plus-user', quantity: '2.5' }], currency: 'USD' },
        affiliate: 'ACME',
        offerCode: 'ACME5',
        createdAt: '2026-03-01T12:00:00.000Z',
        expiresAt: '2027-03-01T12:00:00.000Z',
        clickId: 'clk-saved-with',
        staffKeyId: null,
      };
      const bare = {
        ...full,
        id: `${full.id}b`,
        affiliate: null,
        offerCode: null,
        clickId: null,
        staffKeyId: 'key-1',
      };
      await db.createSavedQuote(full);
      await db.createSavedQuote(bare);
      assert.deepEqual(await db.getSavedQuote(full.id), full);
      assert.deepEqual(await db.getSavedQuote(bare.id), bare);
      assert.equal(await db.getSavedQuote('missing'), null);
    });

    test('purge saved quotes past expiry, rate-limit windows before the cutoff and clicks past 396 days, keeping the rest', async () => {
      const now = '2026-06-01T00:00:00.000Z';
      const daysBefore = (days: number) =>
        new Date(Date.parse(now) - days * 86_400_000).toISOString();
      assert.equal(CLICK_RETENTION_DAYS, 396);
      const click = (id: string, at: string) => ({
        id,
        affiliate: 'ACME',
        at,
        landingPage: null,
        addressHash: 'h',
      });
      const oldClick = unique('clk');
      const keptClick = unique('clk');
      await db.recordClick(click(oldClick, daysBefore(397)));
      await db.recordClick(click(keptClick, daysBefore(395)));
      const quote = (id: string, expiresAt: string) => ({
        id,
        quote: { lines: [{ product: 'starter-plus-user', quantity: '1' }], currency: 'USD' },
        affiliate: null,
        offerCode: null,
        createdAt: daysBefore(30),
        expiresAt,
        clickId: null,
        staffKeyId: null,
      });
      const expired = unique('sqx').replace(/-/g, '').slice(0, 40);
      const valid = unique('sqv').replace(/-/g, '').slice(0, 40);
      await db.createSavedQuote(quote(expired, daysBefore(1)));
      await db.createSavedQuote(quote(valid, daysBefore(-1)));
      const oldBucket = unique('purge-old');
      const openBucket = unique('purge-open');
      await db.hit(oldBucket, daysBefore(1), 60_000);
      await db.hit(openBucket, now, 3_600_000);

      assert.ok((await db.purgeExpired(now, daysBefore(1 / 24))) >= 1);

      assert.equal(await db.getClick(oldClick), null);
      assert.equal((await db.getClick(keptClick))?.id, keptClick);
      assert.equal(await db.getSavedQuote(expired), null);
      assert.equal((await db.getSavedQuote(valid))?.id, valid);
      assert.equal(await db.hits(oldBucket, daysBefore(1), 60_000), null);
      assert.equal((await db.hits(openBucket, now, 3_600_000))?.hits, 1);
    });

    test('keep clicks exactly as recorded, and refuse one for an affiliate that does not exist', async () => {
      const landed = {
        id: unique('clk'),
        affiliate: 'NORTHWIND',
        at: '2026-03-01T12:00:00.000Z',
        landingPage: 'https://shop.example/pricing',
        addressHash: unique('hash'),
      };
      const bare = { ...landed, id: unique('clk'), affiliate: 'ACME', landingPage: null };
      await db.recordClick(landed);
      await db.recordClick(bare);
      assert.deepEqual(await db.getClick(landed.id), landed);
      assert.deepEqual(await db.getClick(bare.id), bare);
      assert.equal(await db.getClick('no-such-click'), null);
      const orphan = { ...bare, id: unique('clk'), affiliate: 'NOBODY' };
      await assert.rejects(db.recordClick(orphan));
      assert.equal(await db.getClick(orphan.id), null);
    });

    test('keep staff keys: find one by hash, list it, revoke it once', async () => {
      const key = {
        id: unique('key'),
        name: 'Ann Lee',
        role: 'sales' as const,
        keyHash: unique('hash'),
        createdAt: '2026-03-01T12:00:00.000Z',
        revokedAt: null,
        partnerId: null,
      };
      await db.putStaffKey(key);
      assert.deepEqual(await db.getStaffKeyByHash(key.keyHash), key);
      assert.equal(await db.getStaffKeyByHash('no-such-hash'), null);
      assert.deepEqual(
        (await db.listStaffKeys()).find((k) => k.id === key.id),
        key,
      );
      assert.equal(await db.revokeStaffKey(key.id, '2026-03-02T12:00:00.000Z'), true);
      assert.equal(await db.revokeStaffKey(key.id, '2026-03-03T12:00:00.000Z'), false);
      assert.equal(await db.revokeStaffKey('no-such-key', '2026-03-03T12:00:00.000Z'), false);
      assert.equal(
        (await db.getStaffKeyByHash(key.keyHash))?.revokedAt,
        '2026-03-02T12:00:00.000Z',
      );
    });

    test('list staff keys oldest first, and refuse a second key with an id or hash already kept', async () => {
      const key = (createdAt: string) => ({
        id: unique('key'),
        name: 'Bo Chen',
        role: 'admin' as const,
        keyHash: unique('hash'),
        createdAt,
        revokedAt: null,
        partnerId: null,
      });
      const later = key('2025-01-02T00:00:00.000Z');
      const earlier = key('2025-01-01T00:00:00.000Z');
      await db.putStaffKey(later);
      await db.putStaffKey(earlier);
      const listed = (await db.listStaffKeys()).map((k) => k.id);
      assert.ok(
        listed.indexOf(earlier.id) < listed.indexOf(later.id),
        `${earlier.id} before ${later.id} in ${listed.join(', ')}`,
      );
      await assert.rejects(db.putStaffKey({ ...key(later.createdAt), id: later.id }));
      await assert.rejects(db.putStaffKey({ ...key(later.createdAt), keyHash: later.keyHash }));
      assert.equal((await db.listStaffKeys()).length, listed.length);
      assert.deepEqual(await db.getStaffKeyByHash(later.keyHash), later);
    });

    test('keep a partner key bound to its partner, and refuse one bound to no partner or to a missing one', async () => {
      await seedDemoData(db);
      const key = {
        id: unique('key'),
        name: 'ACME portal',
        role: 'partner' as const,
        keyHash: unique('hash'),
        createdAt: '2026-03-01T12:00:00.000Z',
        revokedAt: null,
        partnerId: 'ACME',
      };
      await db.putStaffKey(key);
      assert.deepEqual(await db.getStaffKeyByHash(key.keyHash), key);
      const billing = {
        ...key,
        id: unique('key'),
        keyHash: unique('hash'),
        role: 'billing' as const,
        partnerId: null,
      };
      await db.putStaffKey(billing);
      assert.equal((await db.getStaffKeyByHash(billing.keyHash))?.role, 'billing');
      for (const bad of [
        { ...key, id: unique('key'), keyHash: unique('hash'), partnerId: null },
        { ...key, id: unique('key'), keyHash: unique('hash'), partnerId: 'NOBODY' },
        { ...key, id: unique('key'), keyHash: unique('hash'), role: 'sales' as const },
      ]) {
        await assert.rejects(db.putStaffKey(bad));
        assert.equal(await db.getStaffKeyByHash(bad.keyHash), null);
      }
    });

    test('create a partner once, read it back whole, and list partners a page at a time in id order', async () => {
      const prefix = unique('P')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-12);
      const partner = (n: number, kind: 'affiliate' | 'reseller') => ({
        id: `${prefix}${n}`,
        kind,
        name: `Partner ${n}`,
        email: `p${n}@partner.example`,
        website: n === 1 ? 'https://one.example/' : null,
        country: 'US',
        payout:
          n === 1
            ? { method: 'paypal' as const, paypalEmail: 'pay@one.example' }
            : { method: 'check' as const, paypalEmail: null },
        negotiatedRate: n === 1 ? '0.12' : null,
        linkedPartner: null,
        status: 'active' as const,
        closedAt: null,
        createdAt: '2026-03-01T12:00:00.000Z',
      });
      const one = partner(1, 'affiliate');
      assert.equal(await db.createPartner(one), true);
      assert.equal(
        await db.createPartner({ ...one, id: one.id.toLowerCase(), name: 'Again' }),
        false,
      );
      assert.deepEqual(await db.getPartner(one.id.toLowerCase()), one);
      const two = { ...partner(2, 'reseller'), linkedPartner: one.id };
      const three = partner(3, 'affiliate');
      assert.equal(await db.createPartner(two), true);
      assert.equal(await db.createPartner(three), true);
      const ids = (partners: { id: string }[]) =>
        partners.map((p) => p.id).filter((id) => id.startsWith(prefix));
      const first = await db.listPartners({ after: prefix, limit: 2 });
      assert.deepEqual(ids(first), [one.id, two.id]);
      assert.deepEqual(ids(await db.listPartners({ after: two.id, limit: 2 })), [three.id]);
      assert.deepEqual(ids(await db.listPartners({ after: prefix, kind: 'reseller', limit: 10 })), [
        two.id,
      ]);
      assert.deepEqual(await db.getPartner(two.id), two);
      await assert.rejects(
        db.createPartner({ ...partner(4, 'affiliate'), linkedPartner: 'NOBODY' }),
      );
      assert.equal(await db.getPartner(`${prefix}4`), null);
    });

    test('update the fields a change names and leave the others, and answer null for no such partner', async () => {
      const id = unique('U')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-16);
      const made = {
        id,
        kind: 'affiliate' as const,
        name: 'Before',
        email: 'before@partner.example',
        website: 'https://before.example/',
        country: 'US',
        payout: { method: 'check' as const, paypalEmail: null },
        negotiatedRate: '0.15',
        linkedPartner: null,
        status: 'active' as const,
        closedAt: null,
        createdAt: '2026-03-01T12:00:00.000Z',
      };
      await db.createPartner(made);
      const changed = await db.updatePartner(id.toLowerCase(), {
        name: 'After',
        website: null,
        country: 'ca',
        payout: { method: 'paypal', paypalEmail: 'pay@after.example' },
        negotiatedRate: null,
      });
      const expected = {
        ...made,
        name: 'After',
        website: null,
        country: 'CA',
        payout: { method: 'paypal' as const, paypalEmail: 'pay@after.example' },
        negotiatedRate: null,
      };
      assert.deepEqual(changed, expected);
      assert.deepEqual(await db.getPartner(id), expected);
      assert.deepEqual(await db.updatePartner(id, {}), expected);
      assert.equal(await db.updatePartner('NOBODY', { name: 'x' }), null);
    });

    test('link a partner back to one that links to it, again to the same, but never over another link', async () => {
      const partner = (suffix: string, kind: 'affiliate' | 'reseller') => ({
        id: `${unique('L')
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
          .slice(-12)}${suffix}`,
        kind,
        name: suffix,
        email: `${suffix.toLowerCase()}@partner.example`,
        website: null,
        country: 'US',
        payout: { method: 'check' as const, paypalEmail: null },
        negotiatedRate: null,
        linkedPartner: null,
        status: 'active' as const,
        closedAt: null,
        createdAt: '2026-03-01T12:00:00.000Z',
      });
      const hub = partner('HUB', 'reseller');
      const first = partner('ONE', 'affiliate');
      const second = partner('TWO', 'affiliate');
      for (const p of [hub, first, second]) assert.equal(await db.createPartner(p), true);
      assert.equal(await db.linkPartner(hub.id.toLowerCase(), first.id), true);
      assert.equal((await db.getPartner(hub.id))?.linkedPartner, first.id);
      assert.equal(await db.linkPartner(hub.id, first.id), true);
      assert.equal(await db.linkPartner(hub.id, second.id), false);
      assert.equal((await db.getPartner(hub.id))?.linkedPartner, first.id);
      assert.equal(await db.linkPartner('NOBODY', first.id), false);
    });

    test('keep offer codes unique across partners, list a partner’s own, and disable one at its first time', async () => {
      await seedDemoData(db);
      const code = unique('OC')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-16);
      const offer = {
        code: code.toLowerCase(),
        partner: 'acme',
        discountRate: '0.07',
        createdAt: '2026-03-01T12:00:00.000Z',
        disabledAt: null,
      };
      assert.equal(await db.createOfferCode(offer), true);
      assert.equal(await db.createOfferCode({ ...offer, code, partner: 'NORTHWIND' }), false);
      const stored = { ...offer, code, partner: 'ACME' };
      assert.deepEqual(
        (await db.listOfferCodes('acme')).find((o) => o.code === code),
        stored,
      );
      assert.equal(
        (await db.listOfferCodes('NORTHWIND')).some((o) => o.code === code),
        false,
      );
      assert.deepEqual(await db.getOfferCode(code), {
        code,
        affiliate: 'ACME',
        discountRate: '0.07',
        active: true,
      });
      assert.equal(await db.disableOfferCode('NORTHWIND', code, '2026-03-02T00:00:00.000Z'), null);
      const disabled = { ...stored, disabledAt: '2026-03-02T00:00:00.000Z' };
      assert.deepEqual(
        await db.disableOfferCode('ACME', code, '2026-03-02T00:00:00.000Z'),
        disabled,
      );
      assert.deepEqual(
        await db.disableOfferCode('ACME', code, '2026-03-05T00:00:00.000Z'),
        disabled,
      );
      assert.equal((await db.getOfferCode(code))?.active, false);
      assert.equal(
        await db.disableOfferCode('ACME', 'NO-SUCH-CODE', '2026-03-02T00:00:00.000Z'),
        null,
      );
      await assert.rejects(db.createOfferCode({ ...offer, code: `${code}X`, partner: 'NOBODY' }));
    });

    test('write no new order with a code disabled or of a closed partner, and still replay one placed before', async () => {
      await seedDemoData(db);
      const code = unique('IO')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-16);
      await db.createOfferCode({
        code,
        partner: 'NORTHWIND',
        discountRate: '0.05',
        createdAt: '2026-03-01T12:00:00.000Z',
        disabledAt: null,
      });
      const key = unique('key');
      const placed = await db.insertOrder(newOrder({ offerCode: code }), key, 'fp');
      assert.equal(placed.created, true);
      await db.disableOfferCode('NORTHWIND', code, '2026-03-02T00:00:00.000Z');
      const late = newOrder({ offerCode: code });
      await assert.rejects(db.insertOrder(late, unique('key'), 'fp'), (error: unknown) => {
        assert.ok(error instanceof OfferCodeInactiveError);
        assert.equal(error.code, code);
        return true;
      });
      assert.equal(await db.getOrder(late.id), null);
      const replay = await db.insertOrder(newOrder({ offerCode: code }), key, 'fp');
      assert.equal(replay.created, false);
      assert.equal(replay.order.id, placed.order.id);
    });

    test('answer a closed partner’s offer codes inactive, and active again once it reopens', async () => {
      const id = unique('C')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-16);
      await db.createPartner({
        id,
        kind: 'affiliate',
        name: 'Closing',
        email: 'close@partner.example',
        website: null,
        country: 'US',
        payout: { method: 'check', paypalEmail: null },
        negotiatedRate: null,
        linkedPartner: null,
        status: 'active',
        closedAt: null,
        createdAt: '2026-03-01T12:00:00.000Z',
      });
      await db.createOfferCode({
        code: `${id}C`,
        partner: id,
        discountRate: '0.05',
        createdAt: '2026-03-01T12:00:00.000Z',
        disabledAt: null,
      });
      assert.equal((await db.getOfferCode(`${id}C`))?.active, true);
      const closed = await db.updatePartner(id, {
        status: 'closed',
        closedAt: '2026-04-01T00:00:00.000Z',
      });
      assert.equal(closed?.status, 'closed');
      assert.equal(closed?.closedAt, '2026-04-01T00:00:00.000Z');
      assert.equal((await db.getOfferCode(`${id}C`))?.active, false);
      await db.updatePartner(id, { status: 'active', closedAt: null });
      assert.equal((await db.getOfferCode(`${id}C`))?.active, true);
    });

    test('report ready once every migration is applied', async () => {
      assert.equal(await db.ready(), true);
    });

    test('list orders newest first by rep, channel, affiliate and time, a page at a time', async () => {
      const rep = unique('rep');
      const made = [];
      for (const i of [0, 1, 2]) {
        const order = newOrder({
          channel: i === 1 ? 'web' : 'phone',
          salesRep: rep,
          offerCode: 'ACME5',
          createdAt: `2026-04-0${i + 1}T12:00:00.000Z`,
          attribution: i === 2 ? { affiliate: 'ACME', method: 'offer_code' } : null,
        });
        made.push((await db.insertOrder(order, unique('key'), 'fp')).order);
      }
      const ids = (orders: { id: string }[]) => orders.map((o) => o.id);
      const [first, second, third] = made.map((o) => o.id);
      assert.deepEqual(ids(await db.listOrders({ salesRep: rep, limit: 10 })), [
        third,
        second,
        first,
      ]);
      const page = await db.listOrders({ salesRep: rep, limit: 2 });
      assert.deepEqual(ids(page), [third, second]);
      assert.deepEqual(
        ids(
          await db.listOrders({
            salesRep: rep,
            limit: 2,
            beforeNumber: Number(page[1]!.number.slice(3)),
          }),
        ),
        [first],
      );
      assert.deepEqual(ids(await db.listOrders({ salesRep: rep, channel: 'phone', limit: 10 })), [
        third,
        first,
      ]);
      assert.deepEqual(
        ids(await db.listOrders({ salesRep: rep, since: '2026-04-02T00:00:00.000Z', limit: 10 })),
        [third, second],
      );
      assert.deepEqual(ids(await db.listOrders({ salesRep: rep, affiliate: 'ACME', limit: 10 })), [
        third,
      ]);
      // The same rep's name under another key: listed by that key alone, which is stored, not shown.
      const salesKeyId = unique('sk');
      const keyed = newOrder({ channel: 'phone', salesRep: rep, offerCode: 'ACME5', salesKeyId });
      await db.insertOrder(keyed, unique('key'), 'fp');
      assert.deepEqual(
        (await db.listOrders({ salesKeyId, limit: 10 })).map((o) => [o.id, 'salesKeyId' in o]),
        [[keyed.id, false]],
      );
    });

    test('keep the click and address behind attributed orders, and count their signals in the 30-day window', async () => {
      const at = (days: number) =>
        new Date(Date.parse('2031-01-01T00:00:00.000Z') + days * 86_400_000).toISOString();
      const [a, b, c] = [unique('addr-a'), unique('addr-b'), unique('addr-c')];
      const click = async (affiliate: string, addressHash: string, days: number) => {
        const id = unique('clk');
        await db.recordClick({ id, affiliate, at: at(days), landingPage: null, addressHash });
        return id;
      };
      const k1 = await click('NORTHWIND', a, 0);
      await click('NORTHWIND', a, 10);
      await click('NORTHWIND', a, 40); // outside k1's window
      await click('ACME', a, 0); // another affiliate's
      const place = async (overrides: Partial<NewOrder>) =>
        (await db.insertOrder(newOrder(overrides), unique('key'), 'fp')).order;
      const url = { affiliate: 'NORTHWIND', method: 'affiliate_url' } as const;
      const o1 = await place({
        createdAt: at(1),
        attribution: url,
        attributionClickId: k1,
        addressHash: b,
      });
      const o2 = await place({
        createdAt: at(2),
        attribution: url,
        attributionClickId: k1,
        addressHash: c,
      });
      // Placed where o1's click was made: NORTHWIND's own network.
      const o3 = await place({
        createdAt: at(3),
        attribution: { affiliate: 'NORTHWIND', method: 'offer_code' },
        addressHash: a,
      });
      const o4 = await place({ createdAt: at(4) });
      assert.equal('attributionClickId' in o1 || 'addressHash' in o1, false);
      assert.equal((await db.getOrder(o1.id))?.attributionSignals, undefined);

      const signals = await db.attributionSignals({ ids: [o1.id, o2.id, o3.id, o4.id] });
      assert.deepEqual(Object.fromEntries(signals), {
        [o1.id]: { click: k1, ordersByClick: 2, clicksFromAddress: 2, ownNetwork: false },
        [o2.id]: { click: k1, ordersByClick: 2, clicksFromAddress: 2, ownNetwork: false },
        [o3.id]: { click: null, ordersByClick: null, clicksFromAddress: null, ownNetwork: true },
      });
      const recent = await db.attributionSignals({ since: at(1.5), limit: 10 });
      assert.deepEqual([...recent.keys()].sort(), [o2.id, o3.id].sort());
      assert.equal((await db.attributionSignals({ since: at(1.5), limit: 1 })).size, 1);
      assert.equal((await db.attributionSignals({ ids: [] })).size, 0);
    });

    test('write an order with its lines and read back exactly what was written', async () => {
      const order = newOrder({
        channel: 'phone',
        salesRep: 'rep-7',
        customer: { name: 'Bo Chen', email: 'bo@example.org', company: 'Chen & Co' },
        offerCode: 'NW10',
        savedQuoteId: 'abc123',
        quote: priceQuote(catalogs.resellerPlan, {
          lines: [
            { product: 'units', quantity: 1500 },
            { product: 'instances', quantity: 3 },
          ],
          discountRate: '0.10',
          currency: 'GBP',
        }),
        attribution: null,
        attributionRefused: { affiliate: 'NORTHWIND', reason: 'self_referral' },
      });
      const key = unique('key');
      const written = await db.insertOrder(order, key, 'fp-1');
      assert.equal(written.created, true);
      assert.match(written.order.number, /^QK-\d+$/);
      assert.deepEqual(written.order, { ...order, number: written.order.number });
      assert.deepEqual(await db.getOrder(order.id), written.order);
      const byKey = await db.getOrderByIdempotencyKey(key);
      assert.deepEqual(byKey, { order: written.order, idempotencyKey: key, fingerprint: 'fp-1' });
      assert.equal(await db.getOrder('ord_missing'), null);
      assert.equal(await db.getOrderByIdempotencyKey(unique('unused')), null);
    });

    test('read back the commissionable value of one-time fees', async () => {
      const order = newOrder({
        quote: priceQuote(catalogs.luxsci, {
          lines: [
            { product: 'starter-plus-user', quantity: 25 },
            { product: 'managed-email-migration', quantity: 25 },
            { product: 'consulting', quantity: 1 },
          ],
        }),
      });
      const written = await db.insertOrder(order, unique('key'), 'fp-1');
      // 25 × 10.00 migration at class 1; consulting is class 0 in both programs.
      assert.deepEqual((await db.getOrder(order.id))?.quote.totals.oneTimeValue, {
        affiliate: '250.00',
        reseller: '250.00',
      });
      assert.deepEqual(await db.getOrder(order.id), written.order);
    });

    test('count rate-limit hits in a window that opens at the first hit and closes a window later', async () => {
      const bucket = unique('bucket');
      const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, seconds)).toISOString();
      assert.equal(await db.hits(bucket, at(0), 60_000), null);
      assert.deepEqual(await db.hit(bucket, at(10), 60_000), { hits: 1, windowStart: at(10) });
      assert.deepEqual(await db.hit(bucket, at(50), 60_000), { hits: 2, windowStart: at(10) });
      assert.deepEqual(await db.hit(bucket, at(55), 60_000, -1), { hits: 1, windowStart: at(10) });
      assert.deepEqual(await db.hits(bucket, at(69), 60_000), { hits: 1, windowStart: at(10) });
      // A minute after it opened, the window is closed: the next hit opens another.
      assert.equal(await db.hits(bucket, at(70), 60_000), null);
      assert.deepEqual(await db.hit(bucket, at(70), 60_000), { hits: 1, windowStart: at(70) });
      // 50 hits at once are counted one by one.
      const counts = await Promise.all(
        Array.from({ length: 50 }, () => db.hit(bucket, at(71), 60_000)),
      );
      assert.deepEqual(
        counts.map((c) => c.hits).sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 2),
      );
    });

    test('give orders increasing numbers', async () => {
      const a = await db.insertOrder(newOrder(), unique('key'), 'fp');
      const b = await db.insertOrder(newOrder(), unique('key'), 'fp');
      const n = (o: { order: { number: string } }) => Number(o.order.number.slice(3));
      assert.ok(n(b) > n(a), `${b.order.number} after ${a.order.number}`);
      assert.ok(n(a) >= 1001);
    });

    test('make no second order for a key already used', async () => {
      const key = unique('key');
      const before = await db.countOrders();
      const first = await db.insertOrder(newOrder(), key, 'fp-a');
      const again = await db.insertOrder(newOrder(), key, 'fp-b');
      assert.equal(again.created, false);
      assert.equal(again.fingerprint, 'fp-a');
      assert.deepEqual(again.order, first.order);
      assert.equal(await db.countOrders(), before + 1);
    });

    test('make exactly one order from 50 simultaneous inserts with one key', async () => {
      const key = unique('key');
      const before = await db.countOrders();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => db.insertOrder(newOrder(), key, 'fp')),
      );
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.order.id)).size, 1);
      assert.equal(await db.countOrders(), before + 1);
    });

    test('make exactly one order from 50 simultaneous POST /v1/orders with one key', async () => {
      // 50 lookups of a valid code at once outrun the per-address allowance
      // before any is given back: raise it, this test is about the key.
      const app = createApp({ db, limits: { offerCodeAttemptsPerMinute: 1000 } });
      const key = unique('key');
      const before = await db.countOrders();
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          app.request('/v1/orders', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(ORDER_BODY),
          }),
        ),
      );
      const bodies = await Promise.all(responses.map((r) => r.json()));
      assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([201]));
      assert.equal(new Set(bodies.map((b) => b.order.id)).size, 1);
      assert.equal(
        responses.filter((r) => r.headers.get('idempotent-replayed') === null).length,
        1,
      );
      assert.equal(await db.countOrders(), before + 1);
    });

    opportunityTableTests(test, () => db, newOrder, unique);
    ledgerSuite(() => db, test);

    if (options.sql) {
      test('write nothing of an order whose lines fail (one transaction)', async () => {
        const order = newOrder();
        const bad = {
          ...order,
          quote: {
            ...order.quote,
            lines: [
              order.quote.lines[0]!,
              { ...order.quote.lines[1]!, billing: 'yearly' as 'monthly' },
            ],
          },
        };
        const key = unique('key');
        const before = await db.countOrders();
        await assert.rejects(db.insertOrder(bad, key, 'fp'));
        assert.equal(await db.countOrders(), before);
        assert.equal(await db.getOrder(order.id), null);
        // The key is still free: a corrected retry goes through.
        assert.equal((await db.insertOrder(order, key, 'fp')).created, true);
      });
    }
  });
}
