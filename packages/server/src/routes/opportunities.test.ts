// Opportunities, their matches and post facto (seed 001 §6e, §6f), through
// the real app on PGlite and on PostgreSQL: partners register, new orders are
// matched in the background, admins decide, and the order's referrer follows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  OpportunityCreatedSchema,
  OpportunityMatchListSchema,
  opportunityExpiry,
  PostFactoReviewListSchema,
  type Order,
} from '@quotekit/core';
import {
  createMemoryDatabase,
  openPGliteDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, START, type App } from '../../test/harness.js';
import { matchingApp } from '../../test/matching.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

const DAY = 86_400_000;
let sequence = 0;
/** A name no other test of the run uses, so that tests sharing a database do not meet. */
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++sequence}`;

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Every route of the group on `open()`'s database, with the demo partners and their keys. */
function opportunitySuite(open: () => Promise<Database>) {
  let db: Database;
  let now = new Date(START);
  let h: ReturnType<typeof matchingApp>;
  let app: App;
  const keys = { admin: '', acme: '', northwind: '', sales: '' };
  before(async () => {
    db = await open();
    await seedDemoData(db);
    h = matchingApp(db, () => now);
    app = h.app;
    keys.admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
    keys.sales = (await createStaffKey(db, { name: 'Rep', role: 'sales' })).key;
    keys.acme = (
      await createStaffKey(db, { name: 'ACME portal', role: 'partner', partner: 'ACME' })
    ).key;
    keys.northwind = (
      await createStaffKey(db, { name: 'NW portal', role: 'partner', partner: 'NORTHWIND' })
    ).key;
  });
  after(() => db.close());

  const register = async (key: string, body: Record<string, unknown>) => {
    const res = await app.request('/v1/partner/opportunities', json('POST', body, bearer(key)));
    assert.equal(res.status, 201, await res.clone().text());
    return OpportunityCreatedSchema.parse(await res.json());
  };
  /** A web order for 25 Starter Plus users, answered; `extra` adds to the body. */
  const order = async (customer: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const res = await app.request(
      '/v1/orders',
      json(
        'POST',
        {
          quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }] },
          expectedMonthlyPayment: '100.00',
          customer: { name: 'Ann Lee', ...customer },
          channel: 'web',
          ...extra,
        },
        { 'idempotency-key': unique('key') },
      ),
    );
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).order as Order;
  };
  const openMatches = async (orderId: string) => {
    const res = await app.request('/v1/opportunity-matches?status=open&limit=200', {
      headers: bearer(keys.admin),
    });
    assert.equal(res.status, 200);
    const list = OpportunityMatchListSchema.parse(await res.json());
    return list.matches.filter((m) => m.order.id === orderId);
  };
  const attributionOf = async (orderId: string) => (await db.getOrder(orderId))?.attribution;

  describe('registering opportunities', () => {
    test('POST answers 201 with the id and an expiry 180 New York days on, and GET lists the partner’s own only', async () => {
      now = new Date(START);
      const company = unique('Initech');
      const created = await register(keys.acme, { company, email: 'boss@initech.example' });
      assert.equal(created.expiresAt, opportunityExpiry(START));
      assert.equal(created.opportunity.status, 'active');
      assert.equal(created.opportunity.partner, 'ACME');
      const other = await register(keys.northwind, { company: unique('Other') });
      const mine = await app.request('/v1/partner/opportunities', { headers: bearer(keys.acme) });
      const ids = (await mine.json()).opportunities.map((o: { id: string }) => o.id);
      assert.ok(ids.includes(created.id));
      assert.ok(!ids.includes(other.id));
    });

    test('PATCH edits, clears a field with null and renews for 180 days from the edit', async () => {
      now = new Date(START);
      const created = await register(keys.acme, {
        company: unique('Hooli'),
        phone: '+1 617 555 0100',
      });
      now = new Date(START.getTime() + 100 * DAY);
      const res = await app.request(
        `/v1/partner/opportunities/${created.id}`,
        json('PATCH', { phone: null, contactName: 'Gavin' }, bearer(keys.acme)),
      );
      assert.equal(res.status, 200, await res.clone().text());
      const { opportunity } = await res.json();
      assert.equal(opportunity.phone, undefined);
      assert.equal(opportunity.contactName, 'Gavin');
      assert.equal(opportunity.updatedAt, now.toISOString());
      assert.equal(opportunity.expiresAt, opportunityExpiry(now));
      // An empty edit renews only.
      now = new Date(START.getTime() + 150 * DAY);
      const renewed = await app.request(
        `/v1/partner/opportunities/${created.id}`,
        json('PATCH', {}, bearer(keys.acme)),
      );
      assert.equal((await renewed.json()).opportunity.expiresAt, opportunityExpiry(now));
    });

    test('another partner’s opportunity, or none, is 404 and unchanged', async () => {
      now = new Date(START);
      const created = await register(keys.acme, { company: unique('Umbrella') });
      for (const id of [created.id, 'opp_nosuch', '%00']) {
        const res = await app.request(
          `/v1/partner/opportunities/${id}`,
          json('PATCH', { company: 'Stolen' }, bearer(keys.northwind)),
        );
        await expectError(res, 404, 'not_found');
      }
      assert.equal((await db.getOpportunity(created.id))?.company, created.opportunity.company);
    });

    test('a bad body is 400 invalid_request and stores nothing', async () => {
      const before = (await db.listOpportunities('ACME', 1000)).length;
      for (const body of [
        {},
        { company: '' },
        { company: 'X', email: 'nope' },
        { company: 'X', website: 'javascript:alert(1)' },
        { company: 'X', extra: true },
      ]) {
        const res = await app.request(
          '/v1/partner/opportunities',
          json('POST', body, bearer(keys.acme)),
        );
        await expectError(res, 400, 'invalid_request');
      }
      assert.equal((await db.listOpportunities('ACME', 1000)).length, before);
    });

    test('no key is 401; an admin or sales key, which acts for no partner, is 403', async () => {
      await expectError(
        await app.request('/v1/partner/opportunities', json('POST', { company: 'X' })),
        401,
        'unauthorized',
      );
      for (const key of [keys.admin, keys.sales]) {
        await expectError(
          await app.request('/v1/partner/opportunities', { headers: bearer(key) }),
          403,
          'forbidden',
        );
      }
    });
  });

  describe('matching new orders', () => {
    test('an order with neither code nor click whose customer shares the domain and company is matched, and listed for an admin', async () => {
      now = new Date(START);
      const domain = `${unique('globex')}.example`;
      const created = await register(keys.acme, {
        company: 'Globex Corporation',
        email: `hank@${domain}`,
      });
      const placed = await order({ email: `it@mail.${domain}`, company: 'GLOBEX, Inc.' });
      assert.deepEqual(await h.matched(placed.id), {
        orderId: placed.id,
        outcome: 'matched',
        matches: 1,
      });
      const [match] = await openMatches(placed.id);
      assert.equal(match?.opportunity.id, created.id);
      assert.deepEqual(match?.matchedOn, ['domain', 'company']);
      assert.equal(match?.order.customer.email, `it@mail.${domain}`);
      assert.equal(placed.attribution, null);
    });

    test('an order with an offer code is never matched, nor one with a verified click', async () => {
      now = new Date(START);
      const domain = `${unique('soylent')}.example`;
      await register(keys.northwind, { company: unique('Soylent'), website: domain });
      const coded = await order(
        { email: `a@${domain}` },
        {
          quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
          expectedMonthlyPayment: '95.00',
        },
      );
      const click = await app.request('/v1/attribution', json('POST', { affiliate: 'ACME' }));
      const { token } = await click.json();
      const clicked = await order(
        { email: `b@${domain}` },
        { attribution: { affiliate: 'ACME', method: 'affiliate_url', token } },
      );
      // The server's own qk_ref_s cookie, as the browser sends it back.
      const visit = await app.request('/v1/attribution', json('POST', { affiliate: 'NORTHWIND' }));
      const cookie = /^(qk_ref_s=[^;]+);/.exec(visit.headers.get('set-cookie') ?? '')![1]!;
      const cookied = await app.request(
        '/v1/orders',
        json(
          'POST',
          {
            quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }] },
            expectedMonthlyPayment: '100.00',
            customer: { name: 'Ann Lee', email: `d@${domain}` },
            channel: 'web',
          },
          { 'idempotency-key': unique('key'), cookie },
        ),
      );
      assert.equal(cookied.status, 201);
      const cookiedOrder = (await cookied.json()).order as Order;
      assert.deepEqual(cookiedOrder.attribution, {
        affiliate: 'NORTHWIND',
        method: 'affiliate_url',
      });
      // ACME's own code used by ACME's own domain credits nobody (a self-referral), and still is no opportunity.
      const selfCoded = await order(
        { email: `boss@acme.example`, company: 'Soylent' },
        {
          quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
          expectedMonthlyPayment: '95.00',
        },
      );
      assert.equal(selfCoded.attribution, null);
      const plain = await order({ email: `c@${domain}` });
      assert.equal((await h.matched(plain.id)).outcome, 'matched');
      // The plain order's matching ran after the others were answered: they were never compared.
      for (const other of [coded, clicked, cookiedOrder, selfCoded]) {
        assert.equal(h.outcomeOf(other.id), undefined);
        assert.deepEqual(await openMatches(other.id), []);
      }
    });

    test('two gmail.com addresses do not match by domain, and an expired opportunity matches nothing', async () => {
      now = new Date(START);
      const company = unique('Massive Dynamic');
      await register(keys.acme, { company, email: 'walter.bishop@gmail.com' });
      const gmail = await order({ email: `${unique('nina')}@gmail.com` });
      assert.equal((await h.matched(gmail.id)).outcome, 'unmatched');
      now = new Date(START.getTime() + 181 * DAY);
      const late = await order({ email: 'x@elsewhere.example', company });
      assert.equal((await h.matched(late.id)).outcome, 'unmatched');
      now = new Date(START);
    });

    test('the same mailbox as the opportunity matches even on gmail.com (dots and tags ignored)', async () => {
      now = new Date(START);
      const name = unique('peter');
      await register(keys.acme, { company: unique('Fringe'), email: `${name}@gmail.com` });
      const placed = await order({ email: `${name.slice(0, 2)}.${name.slice(2)}+quote@gmail.com` });
      assert.equal((await h.matched(placed.id)).outcome, 'matched');
      assert.deepEqual(
        (await openMatches(placed.id)).map((m) => m.matchedOn),
        [['email']],
      );
    });
  });

  describe('deciding matches', () => {
    /** An order matched by an ACME and a NORTHWIND opportunity; its two open matches. */
    const twoMatches = async () => {
      now = new Date(START);
      const domain = `${unique('cyberdyne')}.example`;
      await register(keys.acme, { company: unique('A'), website: `https://www.${domain}` });
      await register(keys.northwind, { company: unique('B'), email: `sales@${domain}` });
      const placed = await order({ email: `miles@${domain}` });
      assert.equal((await h.matched(placed.id)).matches, 2);
      const matches = await openMatches(placed.id);
      return {
        placed,
        acme: matches.find((m) => m.opportunity.partner === 'ACME')!,
        northwind: matches.find((m) => m.opportunity.partner === 'NORTHWIND')!,
      };
    };

    test('confirm links the order’s account to the partner with method opportunity and closes the other match', async () => {
      const { placed, acme, northwind } = await twoMatches();
      const res = await app.request(`/v1/opportunity-matches/${acme.id}/confirm`, {
        method: 'POST',
        headers: bearer(keys.admin),
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await res.json()).match.status, 'confirmed');
      assert.deepEqual(await attributionOf(placed.id), {
        affiliate: 'ACME',
        method: 'opportunity',
      });
      const read = await app.request(`/v1/orders/${placed.id}`, { headers: bearer(keys.admin) });
      assert.deepEqual((await read.json()).order.attribution, {
        affiliate: 'ACME',
        method: 'opportunity',
      });
      assert.equal((await db.getOpportunityMatch(northwind.id))?.status, 'closed');
      await expectError(
        await app.request(`/v1/opportunity-matches/${northwind.id}/confirm`, {
          method: 'POST',
          headers: bearer(keys.admin),
        }),
        409,
        'already_decided',
      );
      assert.deepEqual(await openMatches(placed.id), []);
    });

    test('reject leaves the order without a referrer; deciding twice is 409 already_decided', async () => {
      const { placed, acme } = await twoMatches();
      const reject = () =>
        app.request(`/v1/opportunity-matches/${acme.id}/reject`, {
          method: 'POST',
          headers: bearer(keys.admin),
        });
      assert.equal((await reject()).status, 200);
      assert.equal(await attributionOf(placed.id), null);
      await expectError(await reject(), 409, 'already_decided');
    });

    test('only an admin decides or lists matches; an unknown match is 404', async () => {
      const { acme } = await twoMatches();
      for (const key of [keys.acme, keys.sales]) {
        await expectError(
          await app.request(`/v1/opportunity-matches/${acme.id}/confirm`, {
            method: 'POST',
            headers: bearer(key),
          }),
          403,
          'forbidden',
        );
        await expectError(
          await app.request('/v1/opportunity-matches', { headers: bearer(key) }),
          403,
          'forbidden',
        );
      }
      await expectError(
        await app.request('/v1/opportunity-matches/match_nosuch/confirm', {
          method: 'POST',
          headers: bearer(keys.admin),
        }),
        404,
        'not_found',
      );
      assert.equal((await db.getOpportunityMatch(acme.id))?.status, 'open');
    });

    test('the match list refuses a bad status, limit or cursor with 400 naming it', async () => {
      for (const [query, field] of [
        ['status=maybe', 'status'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['cursor=%00', 'cursor'],
      ]) {
        const error = await expectError(
          await app.request(`/v1/opportunity-matches?${query}`, { headers: bearer(keys.admin) }),
          400,
          'invalid_request',
        );
        assert.deepEqual(
          (error.details?.problems as { path: string }[]).map((p) => p.path),
          [field],
        );
      }
    });

    test('the match list pages with nextCursor', async () => {
      await twoMatches();
      const first = OpportunityMatchListSchema.parse(
        await (
          await app.request('/v1/opportunity-matches?limit=1', { headers: bearer(keys.admin) })
        ).json(),
      );
      assert.equal(first.matches.length, 1);
      assert.ok(first.nextCursor);
      const second = OpportunityMatchListSchema.parse(
        await (
          await app.request(`/v1/opportunity-matches?limit=1&cursor=${first.nextCursor}`, {
            headers: bearer(keys.admin),
          })
        ).json(),
      );
      assert.notEqual(second.matches[0]?.id, first.matches[0]!.id);
    });
  });

  describe('post facto', () => {
    const ask = (key: string, body: unknown) =>
      app.request('/v1/partner/post-facto', json('POST', body, bearer(key)));
    const decide = (id: string, action: 'approve' | 'reject', key = keys.admin) =>
      app.request(`/v1/post-facto/${id}/${action}`, { method: 'POST', headers: bearer(key) });

    test('a partner asks, asking again returns the same pending request, and an admin approves: method post_facto', async () => {
      now = new Date(START);
      const placed = await order({ email: `${unique('ann')}@example.com` });
      now = new Date(START.getTime() + 5 * DAY);
      const evidence = 'The customer’s sign-up form says "referred by ACME".';
      const first = await ask(keys.acme, { orderId: placed.id, evidence });
      assert.equal(first.status, 201, await first.clone().text());
      const { request } = await first.json();
      assert.equal(request.status, 'pending');
      assert.equal(request.evidence, evidence);
      const again = await ask(keys.acme, { orderId: placed.id, evidence: 'again' });
      assert.equal(again.status, 200);
      assert.equal((await again.json()).request.id, request.id);

      const pending = PostFactoReviewListSchema.parse(
        await (
          await app.request('/v1/post-facto?status=pending&limit=200', {
            headers: bearer(keys.admin),
          })
        ).json(),
      );
      const review = pending.requests.find((r) => r.id === request.id);
      assert.equal(review?.order.customer.email, placed.customer.email);

      const approved = await decide(request.id, 'approve');
      assert.equal(approved.status, 200, await approved.clone().text());
      assert.equal((await approved.json()).request.status, 'approved');
      assert.deepEqual(await attributionOf(placed.id), { affiliate: 'ACME', method: 'post_facto' });
      // The order's price is what it was: post facto brings no discount.
      assert.equal((await db.getOrder(placed.id))?.quote.totals.monthlyPayment, '100.00');
      await expectError(await decide(request.id, 'reject'), 409, 'already_decided');
    });

    test('the 30th New York day after the sign-up is in time; the day after is 409 post_facto_too_late', async () => {
      // Signed up 2026-03-02 05:00 New York: in time up to 2026-04-01 24:00 New York (04:00Z on 04-02, EDT).
      now = new Date(START);
      const placed = await order({ email: `${unique('late')}@example.com` });
      now = new Date('2026-04-02T03:59:59.000Z');
      const res = await ask(keys.acme, { orderId: placed.id, evidence: 'Met at a fair.' });
      assert.equal(res.status, 201);
      const { request } = await res.json();
      assert.equal(request.deadline, '2026-04-02T04:00:00.000Z');
      now = new Date('2026-04-02T04:00:00.000Z');
      const error = await expectError(
        await decide(request.id, 'approve'),
        409,
        'post_facto_too_late',
      );
      assert.equal(error.details?.deadline, '2026-04-02T04:00:00.000Z');
      assert.equal(await attributionOf(placed.id), null);
      assert.equal((await db.getPostFacto(request.id))?.status, 'pending');
      await expectError(
        await ask(keys.northwind, { orderId: placed.id, evidence: 'Too late.' }),
        409,
        'post_facto_too_late',
      );
      // Rejecting is still possible.
      assert.equal((await decide(request.id, 'reject')).status, 200);
    });

    test('an order with a referrer is 409 already_attributed, asked or approved', async () => {
      now = new Date(START);
      const coded = await order(
        { email: `${unique('coded')}@example.com` },
        {
          quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'NW10' },
          expectedMonthlyPayment: '90.00',
        },
      );
      await expectError(
        await ask(keys.acme, { orderId: coded.id, evidence: 'Mine.' }),
        409,
        'already_attributed',
      );
      const placed = await order({ email: `${unique('two')}@example.com` });
      const a = (await (await ask(keys.acme, { orderId: placed.id, evidence: 'A' })).json())
        .request;
      const b = (await (await ask(keys.northwind, { orderId: placed.id, evidence: 'B' })).json())
        .request;
      assert.equal((await decide(a.id, 'approve')).status, 200);
      await expectError(await decide(b.id, 'approve'), 409, 'already_attributed');
      assert.deepEqual(await attributionOf(placed.id), { affiliate: 'ACME', method: 'post_facto' });
    });

    test('an order its partner placed itself is 422 self_referral, asked or approved, and stays without a referrer', async () => {
      now = new Date(START);
      const own = await order({ email: `${unique('boss')}@acme.example` });
      const refused = await expectError(
        await ask(keys.acme, { orderId: own.id, evidence: 'Our own account.' }),
        422,
        'self_referral',
      );
      assert.deepEqual(refused.details, { orderId: own.id, partner: 'ACME' });
      const mine = await app.request('/v1/partner/post-facto', { headers: bearer(keys.acme) });
      assert.equal(
        (await mine.json()).requests.some((r: { orderId: string }) => r.orderId === own.id),
        false,
      );

      // A partner whose email becomes the customer's domain after asking.
      const id = unique('SELF').toUpperCase();
      const domain = `${unique('shop')}.example`;
      const created = await app.request(
        '/v1/partners',
        json(
          'POST',
          {
            id,
            kind: 'affiliate',
            name: 'Shop',
            email: `partners@elsewhere-${domain}`,
            country: 'US',
            payout: { method: 'check' },
          },
          bearer(keys.admin),
        ),
      );
      assert.equal(created.status, 201, await created.clone().text());
      const key = (await createStaffKey(db, { name: 'Shop portal', role: 'partner', partner: id }))
        .key;
      const placed = await order({ email: `ann@${domain}` });
      const asked = await ask(key, { orderId: placed.id, evidence: 'Referred.' });
      assert.equal(asked.status, 201, await asked.clone().text());
      const { request } = await asked.json();
      const patched = await app.request(
        `/v1/partners/${id}`,
        json('PATCH', { email: `partners@${domain}` }, bearer(keys.admin)),
      );
      assert.equal(patched.status, 200, await patched.clone().text());
      await expectError(await decide(request.id, 'approve'), 422, 'self_referral');
      assert.equal(await attributionOf(placed.id), null);
      assert.equal((await db.getPostFacto(request.id))?.status, 'pending');
    });

    test('a partner lists its own requests only; an unknown order is 404; a bad body 400', async () => {
      now = new Date(START);
      const placed = await order({ email: `${unique('own')}@example.com` });
      const mine = (await (await ask(keys.northwind, { orderId: placed.id, evidence: 'N' })).json())
        .request;
      const listed = async (key: string) =>
        (
          await (await app.request('/v1/partner/post-facto', { headers: bearer(key) })).json()
        ).requests.map((r: { id: string }) => r.id);
      assert.ok((await listed(keys.northwind)).includes(mine.id));
      assert.ok(!(await listed(keys.acme)).includes(mine.id));
      await expectError(
        await ask(keys.acme, { orderId: 'ord_nosuch', evidence: 'x' }),
        404,
        'not_found',
      );
      for (const body of [
        { orderId: placed.id },
        { orderId: placed.id, evidence: '  ' },
        { orderId: '../x', evidence: 'x' },
      ]) {
        await expectError(await ask(keys.acme, body), 400, 'invalid_request');
      }
      await expectError(await decide(mine.id, 'approve', keys.northwind), 403, 'forbidden');
      await expectError(await decide('pf_nosuch', 'approve'), 404, 'not_found');
    });

    test('approving post facto closes the order’s open opportunity matches', async () => {
      now = new Date(START);
      const domain = `${unique('tyrell')}.example`;
      await register(keys.northwind, { company: unique('T'), website: domain });
      const placed = await order({ email: `roy@${domain}` });
      assert.equal((await h.matched(placed.id)).outcome, 'matched');
      const request = (await (await ask(keys.acme, { orderId: placed.id, evidence: 'A' })).json())
        .request;
      assert.equal((await decide(request.id, 'approve')).status, 200);
      assert.deepEqual(await openMatches(placed.id), []);
    });
  });

  describe('the partner’s clicks and payout method', () => {
    test('GET /v1/partner/clicks counts the partner’s own clicks per UTC day, every day of the range listed', async () => {
      const visit = async (at: string, affiliate: string) => {
        now = new Date(at);
        const res = await app.request(
          '/v1/attribution',
          json('POST', { affiliate }, { 'x-test-client': unique('10.0.') }),
        );
        assert.equal(res.status, 200, await res.clone().text());
      };
      await visit('2025-01-10T00:00:00.000Z', 'ACME');
      await visit('2025-01-10T23:59:59.000Z', 'ACME');
      await visit('2025-01-12T12:00:00.000Z', 'ACME');
      await visit('2025-01-11T12:00:00.000Z', 'NORTHWIND');
      now = new Date(START);
      const res = await app.request('/v1/partner/clicks?from=2025-01-10&to=2025-01-12', {
        headers: bearer(keys.acme),
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(await res.json(), {
        from: '2025-01-10',
        to: '2025-01-12',
        total: 3,
        days: [
          { date: '2025-01-10', clicks: 2 },
          { date: '2025-01-11', clicks: 0 },
          { date: '2025-01-12', clicks: 1 },
        ],
      });
    });

    test('without a range it is the 30 days up to today', async () => {
      now = new Date(START);
      const body = await (
        await app.request('/v1/partner/clicks', { headers: bearer(keys.northwind) })
      ).json();
      assert.equal(body.days.length, 30);
      assert.equal(body.to, '2026-03-02');
      assert.equal(body.from, '2026-02-01');
    });

    for (const [query, field] of [
      ['from=2025-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2025-01-12&to=2025-01-10', 'from'],
      ['from=2024-01-01&to=2025-01-02', 'from'],
      ['from=1999-12-31&to=2000-01-01', 'from'],
    ]) {
      test(`clicks ?${query} is 400 naming ${field}`, async () => {
        const error = await expectError(
          await app.request(`/v1/partner/clicks?${query}`, { headers: bearer(keys.acme) }),
          400,
          'invalid_request',
        );
        assert.deepEqual(
          (error.details?.problems as { path: string }[]).map((p) => p.path),
          [field],
        );
      });
    }

    test('PATCH /v1/partner/payout: a check outside the US is 422 invalid_method and changes nothing; PayPal needs its email', async () => {
      await db.updatePartner('NORTHWIND', { country: 'CA' });
      const patch = (key: string, body: unknown) =>
        app.request('/v1/partner/payout', json('PATCH', body, bearer(key)));
      const before = (await db.getPartner('NORTHWIND'))?.payout;
      const refused = await expectError(
        await patch(keys.northwind, { method: 'check' }),
        422,
        'invalid_method',
      );
      assert.equal(refused.details?.country, 'CA');
      assert.deepEqual((await db.getPartner('NORTHWIND'))?.payout, before);
      await expectError(await patch(keys.northwind, { method: 'paypal' }), 400, 'invalid_request');
      const paypal = await patch(keys.northwind, {
        method: 'paypal',
        paypalEmail: 'pay@northwind.example',
      });
      assert.equal(paypal.status, 200, await paypal.clone().text());
      assert.deepEqual((await paypal.json()).payout, {
        method: 'paypal',
        paypalEmail: 'pay@northwind.example',
      });
      assert.deepEqual((await db.getPartner('NORTHWIND'))?.payout, {
        method: 'paypal',
        paypalEmail: 'pay@northwind.example',
      });
    });

    test('PATCH /v1/partner/payout: a US partner may choose checks', async () => {
      await db.updatePartner('ACME', { country: 'US' });
      const res = await app.request(
        '/v1/partner/payout',
        json('PATCH', { method: 'check' }, bearer(keys.acme)),
      );
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await db.getPartner('ACME'))?.payout.method, 'check');
      await expectError(
        await app.request(
          '/v1/partner/payout',
          json('PATCH', { method: 'check' }, bearer(keys.admin)),
        ),
        403,
        'forbidden',
      );
    });
  });

  test('no request of the suite was answered with a 500', () => {
    assert.deepEqual(h.unexpected, []);
  });
}

describe('opportunities and post facto on PGlite', () => {
  opportunitySuite(() => openPGliteDatabase());
});

const schema = freshSchema('qk_opp');
describe('opportunities and post facto on PostgreSQL', { skip: pgSkip }, () => {
  opportunitySuite(() => openPostgresDatabase({ connectionString: pgUrl!, schema }));
  after(() => dropSchemas(schema));
});

describe('matching never holds or fails an order', () => {
  /** A memory database whose opportunity lookup is `find`. */
  const withFind = async (find: Database['findOpportunities']) => {
    const db = createMemoryDatabase();
    await seedDemoData(db);
    return { ...db, findOpportunities: find } satisfies Database;
  };
  const body = {
    quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }] },
    expectedMonthlyPayment: '100.00',
    customer: { name: 'Ann Lee', email: 'ann@initech.example' },
    channel: 'web',
  };

  test('a failing lookup is reported as failed and the order is 201', async () => {
    const db = await withFind(async () => {
      throw new Error('database gone');
    });
    const h = matchingApp(db, () => START);
    const res = await h.app.request('/v1/orders', json('POST', body, { 'idempotency-key': 'k1' }));
    assert.equal(res.status, 201);
    const { order } = await res.json();
    const outcome = await h.matched(order.id);
    assert.equal(outcome.outcome, 'failed');
    assert.match(String(outcome.error), /database gone/);
    assert.ok(await db.getOrder(order.id));
  });

  test('a lookup that never answers does not hold the order', async () => {
    const db = await withFind(() => new Promise(() => {}));
    const h = matchingApp(db, () => START);
    const res = await h.app.request('/v1/orders', json('POST', body, { 'idempotency-key': 'k2' }));
    assert.equal(res.status, 201);
    assert.equal(h.outcomeOf((await res.json()).order.id), undefined);
  });
});
