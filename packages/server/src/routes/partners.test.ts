// The partner program's admin routes: partners and offer codes, on memory,
// PGlite and PostgreSQL, and a code disabled through one instance of two.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createMemoryDatabase,
  openPGliteDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, START, testApp, webOrder, type App } from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

const schema = freshSchema('qk_partners');
let sequence = 0;
/** A partner id no other test or run uses. */
const freshId = (prefix: string) =>
  `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${++sequence}`
    .toUpperCase()
    .slice(0, 32);

const affiliateBody = (id: string, rest: Record<string, unknown> = {}) => ({
  id,
  kind: 'affiliate',
  name: 'Blue Sky Hosting',
  email: 'partners@bluesky.example',
  website: 'https://bluesky.example/',
  country: 'us',
  payout: { method: 'paypal', paypalEmail: 'pay@bluesky.example' },
  ...rest,
});

function partnerRouteTests(open: () => Promise<Database>) {
  let db: Database;
  let app: App;
  const keys: Record<'admin' | 'sales' | 'billing' | 'partner', string> = {
    admin: '',
    sales: '',
    billing: '',
    partner: '',
  };
  const unexpected: unknown[] = [];
  let orders = 0;
  before(async () => {
    db = await open();
    await seedDemoData(db);
    app = testApp(db, () => START, unexpected);
    keys.admin = (await createStaffKey(db, { name: 'Ops', role: 'admin' })).key;
    keys.sales = (await createStaffKey(db, { name: 'Rep', role: 'sales' })).key;
    keys.billing = (await createStaffKey(db, { name: 'Billing', role: 'billing' })).key;
    keys.partner = (await createStaffKey(db, { name: 'P', role: 'partner', partner: 'ACME' })).key;
  });
  after(async () => {
    assert.deepEqual(unexpected, []);
    await db.close();
  });

  const send = (method: string, path: string, body?: unknown, key: string | null = keys.admin) =>
    app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === null ? {} : bearer(key)),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = async (id: string, rest: Record<string, unknown> = {}) => {
    const res = await send('POST', '/v1/partners', affiliateBody(id, rest));
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).partner;
  };
  const validate = async (code: string, target = app) => {
    const res = await target.request('/v1/offer-codes/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': `v-${code}` },
      body: JSON.stringify({ code }),
    });
    assert.equal(res.status, 200);
    return res.json();
  };
  const order = (offerCode: string, target = app) =>
    target.request('/v1/orders', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `partners-${schema}-${++orders}`,
      },
      body: JSON.stringify(
        webOrder(
          { offerCode },
          { customer: { name: 'Cy Doe', email: `cy${orders}@customer.example` } },
        ),
      ),
    });

  test('create a partner: 201 with the partner upper case, its Location, and the same partner read back', async () => {
    const id = freshId('new');
    const res = await send('POST', '/v1/partners', affiliateBody(id.toLowerCase()));
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), `/v1/partners/${id}`);
    const { partner } = await res.json();
    assert.deepEqual(partner, {
      id,
      kind: 'affiliate',
      name: 'Blue Sky Hosting',
      email: 'partners@bluesky.example',
      website: 'https://bluesky.example/',
      country: 'US',
      payout: { method: 'paypal', paypalEmail: 'pay@bluesky.example' },
      negotiatedRate: null,
      linkedPartner: null,
      status: 'active',
      closedAt: null,
      createdAt: START.toISOString(),
    });
    const read = await send('GET', `/v1/partners/${id.toLowerCase()}`);
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), { partner });
  });

  test('answer an id taken, in any case, with 409 partner_exists and leave the partner as it was', async () => {
    const id = freshId('dup');
    await created(id);
    const again = await send(
      'POST',
      '/v1/partners',
      affiliateBody(id.toLowerCase(), { name: 'Someone Else' }),
    );
    const error = await expectError(again, 409, 'partner_exists');
    assert.deepEqual(error.details, { id });
    const { partner } = await (await send('GET', `/v1/partners/${id}`)).json();
    assert.equal(partner.name, 'Blue Sky Hosting');
  });

  test('refuse every admin route without a key (401) and with a sales, billing or partner key (403)', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/v1/partners', affiliateBody(freshId('auth'))],
      ['GET', '/v1/partners'],
      ['GET', '/v1/partners/ACME'],
      ['PATCH', '/v1/partners/ACME', { name: 'Taken Over' }],
      ['POST', '/v1/partners/ACME/offer-codes', { code: 'STOLEN1', discountRate: '0.10' }],
      ['GET', '/v1/partners/ACME/offer-codes'],
      ['DELETE', '/v1/partners/ACME/offer-codes/ACME5'],
    ];
    for (const [method, path, body] of routes) {
      await expectError(await send(method, path, body, null), 401, 'unauthorized');
      await expectError(await send(method, path, body, 'qk_admin_unknown'), 401, 'unauthorized');
      for (const role of ['sales', 'billing', 'partner'] as const) {
        const error = await expectError(
          await send(method, path, body, keys[role]),
          403,
          'forbidden',
        );
        assert.equal(error.details?.role, role, `${method} ${path}`);
      }
    }
    // Nothing any of them asked for happened.
    assert.equal((await db.getPartner('ACME'))?.name, 'Acme Hosting Partners');
    assert.equal(await db.getOfferCode('STOLEN1'), null);
    assert.equal((await db.getOfferCode('ACME5'))?.active, true);
  });

  test('refuse a bad partner with 400 invalid_request naming each field, and store nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not an email' }, 'email'],
      [{ kind: 'distributor' }, 'kind'],
      [{ country: 'USA' }, 'country'],
      [{ payout: { method: 'paypal' } }, 'payout.paypalEmail'],
      [{ payout: { method: 'wire' } }, 'payout.method'],
      [{ negotiatedRate: '1.5' }, 'negotiatedRate'],
      [{ negotiatedRate: '0' }, 'negotiatedRate'],
      [{ website: 'javascript:alert(1)' }, 'website'],
      [{ name: 'Evil\u0000Corp' }, 'name'],
      [{ status: 'closed' }, '(root)'],
    ];
    for (const [change, path] of cases) {
      const id = freshId('bad');
      const error = await expectError(
        await send('POST', '/v1/partners', affiliateBody(id, change)),
        400,
        'invalid_request',
      );
      const problems = error.details?.problems as Array<{ path: string }>;
      assert.ok(
        problems.some((problem) => problem.path === path),
        `${JSON.stringify(change)}: ${JSON.stringify(problems)}`,
      );
      assert.equal(await db.getPartner(id), null);
    }
    const badId = await send('POST', '/v1/partners', affiliateBody('a b'));
    await expectError(badId, 400, 'invalid_request');
  });

  test('refuse a check payout outside the US with 422 invalid_method, and store nothing', async () => {
    const id = freshId('chk');
    const error = await expectError(
      await send(
        'POST',
        '/v1/partners',
        affiliateBody(id, { country: 'CA', payout: { method: 'check' } }),
      ),
      422,
      'invalid_method',
    );
    assert.deepEqual(error.details, { method: 'check', country: 'CA' });
    assert.equal(await db.getPartner(id), null);
    const us = await created(id, { payout: { method: 'check' } });
    assert.deepEqual(us.payout, { method: 'check', paypalEmail: null });
  });

  test('link a reseller and an affiliate both ways, and refuse a missing, same-kind or taken link', async () => {
    const affiliate = await created(freshId('aff'));
    const missing = freshId('res');
    await expectError(
      await send(
        'POST',
        '/v1/partners',
        affiliateBody(missing, { kind: 'reseller', linkedPartner: 'NOBODY' }),
      ),
      422,
      'unknown_affiliate',
    );
    assert.equal(await db.getPartner(missing), null);
    const same = freshId('aff');
    await expectError(
      await send('POST', '/v1/partners', affiliateBody(same, { linkedPartner: affiliate.id })),
      422,
      'invalid_input',
    );
    assert.equal(await db.getPartner(same), null);
    const reseller = await created(freshId('res'), {
      kind: 'reseller',
      linkedPartner: affiliate.id.toLowerCase(),
      negotiatedRate: '0.12',
    });
    assert.equal(reseller.linkedPartner, affiliate.id);
    assert.equal(reseller.negotiatedRate, '0.12');
    assert.equal((await db.getPartner(affiliate.id))?.linkedPartner, reseller.id);
    const second = freshId('res');
    await expectError(
      await send(
        'POST',
        '/v1/partners',
        affiliateBody(second, { kind: 'reseller', linkedPartner: affiliate.id }),
      ),
      422,
      'invalid_input',
    );
    assert.equal(await db.getPartner(second), null);
    // Unlinking clears both sides.
    const res = await send('PATCH', `/v1/partners/${reseller.id}`, { linkedPartner: null });
    assert.equal((await res.json()).partner.linkedPartner, null);
    assert.equal((await db.getPartner(affiliate.id))?.linkedPartner, null);
  });

  test('list partners a page at a time in id order, by kind, and refuse a bad cursor, limit or kind', async () => {
    const prefix = freshId('LST').slice(0, 20);
    for (const n of [1, 2, 3]) {
      await created(`${prefix}${n}`, n === 2 ? { kind: 'reseller' } : {});
    }
    const page = async (query: string) => {
      const res = await send('GET', `/v1/partners?${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      return res.json() as Promise<{ partners: Array<{ id: string }>; nextCursor: string | null }>;
    };
    const ids = (list: { partners: Array<{ id: string }> }) =>
      list.partners.map((p) => p.id).filter((id) => id.startsWith(prefix));
    // The page before ours ends just before our ids.
    const first = await page(`cursor=${prefix}0&limit=2`);
    assert.deepEqual(ids(first), [`${prefix}1`, `${prefix}2`]);
    assert.equal(first.nextCursor, `${prefix}2`);
    const second = await page(`cursor=${first.nextCursor}&limit=2`);
    assert.deepEqual(ids(second)[0], `${prefix}3`);
    assert.deepEqual(ids(await page(`cursor=${prefix}0&kind=reseller&limit=200`)), [`${prefix}2`]);
    const all = await page('limit=200');
    assert.ok(all.partners.some((p) => p.id === 'ACME'));
    assert.deepEqual(
      all.partners.map((p) => p.id),
      [...all.partners.map((p) => p.id)].sort(),
    );
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1.5', 'limit'],
      ['cursor=%00', 'cursor'],
      ['kind=vendor', 'kind'],
    ]) {
      const error = await expectError(
        await send('GET', `/v1/partners?${query}`),
        400,
        'invalid_request',
      );
      assert.equal((error.details?.problems as Array<{ path: string }>)[0]?.path, field);
    }
  });

  test('change only the fields a PATCH names, clear with null, and answer the partner as it now is', async () => {
    const id = freshId('pat');
    const before = await created(id, { negotiatedRate: '0.15' });
    const res = await send('PATCH', `/v1/partners/${id.toLowerCase()}`, {
      name: 'Blue Sky Hosting LLC',
      website: null,
      negotiatedRate: null,
      payout: { method: 'account_credit' },
    });
    assert.equal(res.status, 200);
    const expected = {
      ...before,
      name: 'Blue Sky Hosting LLC',
      website: null,
      negotiatedRate: null,
      payout: { method: 'account_credit', paypalEmail: null },
    };
    assert.deepEqual((await res.json()).partner, expected);
    assert.deepEqual((await (await send('GET', `/v1/partners/${id}`)).json()).partner, expected);
  });

  test('refuse a PATCH of the id, kind or status, a bad field, or a check abroad, and change nothing', async () => {
    const id = freshId('pbd');
    const before = await created(id);
    for (const change of [
      { id: 'OTHER' },
      { kind: 'reseller' },
      { status: 'closed' },
      { email: 'x' },
    ]) {
      await expectError(await send('PATCH', `/v1/partners/${id}`, change), 400, 'invalid_request');
    }
    await expectError(
      await send('PATCH', `/v1/partners/${id}`, { country: 'DE', payout: { method: 'check' } }),
      422,
      'invalid_method',
    );
    assert.deepEqual((await (await send('GET', `/v1/partners/${id}`)).json()).partner, before);
    await expectError(await send('PATCH', '/v1/partners/NOBODY', { name: 'x' }), 404, 'not_found');
    await expectError(await send('GET', '/v1/partners/NOBODY'), 404, 'not_found');
    await expectError(await send('GET', '/v1/partners/%00'), 404, 'not_found');
  });

  test('give a partner offer codes, unique across partners in any case, and list them', async () => {
    const id = freshId('oc');
    await created(id);
    const code = freshId('C').slice(0, 20);
    const res = await send('POST', `/v1/partners/${id}/offer-codes`, {
      code: code.toLowerCase(),
      discountRate: '0.07',
    });
    assert.equal(res.status, 201);
    const offerCode = {
      code,
      partner: id,
      discountRate: '0.07',
      createdAt: START.toISOString(),
      disabledAt: null,
    };
    assert.deepEqual(await res.json(), { offerCode });
    assert.equal(res.headers.get('location'), `/v1/partners/${id}/offer-codes/${code}`);
    const taken = await send('POST', '/v1/partners/NORTHWIND/offer-codes', {
      code: code.toLowerCase(),
      discountRate: '0.05',
    });
    await expectError(taken, 409, 'offer_code_exists');
    await expectError(
      await send('POST', `/v1/partners/${id}/offer-codes`, { code: 'ACME5', discountRate: '0.05' }),
      409,
      'offer_code_exists',
    );
    const listed = await send('GET', `/v1/partners/${id}/offer-codes`);
    assert.deepEqual(await listed.json(), { offerCodes: [offerCode] });
    assert.deepEqual(await validate(code), { valid: true, code, discountRate: '0.07' });
  });

  test('refuse a discount outside core’s bounds or a bad code with 400, an unknown partner with 404, and store nothing', async () => {
    for (const discountRate of ['0', '0.11', '-0.05', 'abc', '0.1000001', 1]) {
      const code = freshId('D').slice(0, 20);
      await expectError(
        await send('POST', '/v1/partners/ACME/offer-codes', { code, discountRate }),
        400,
        'invalid_request',
      );
      assert.equal(await db.getOfferCode(code), null);
    }
    for (const code of ['A', 'has space', 'X'.repeat(33)]) {
      await expectError(
        await send('POST', '/v1/partners/ACME/offer-codes', { code, discountRate: '0.05' }),
        400,
        'invalid_request',
      );
    }
    const code = freshId('N').slice(0, 20);
    await expectError(
      await send('POST', '/v1/partners/NOBODY/offer-codes', { code, discountRate: '0.05' }),
      404,
      'not_found',
    );
    assert.equal(await db.getOfferCode(code), null);
    await expectError(await send('GET', '/v1/partners/NOBODY/offer-codes'), 404, 'not_found');
  });

  test('disable a code: it validates inactive and orders with it are refused at once, while orders placed before keep their discount', async () => {
    const id = freshId('dis');
    await created(id);
    const code = freshId('X').slice(0, 20);
    await send('POST', `/v1/partners/${id}/offer-codes`, { code, discountRate: '0.05' });
    assert.equal((await validate(code)).valid, true);
    const before = await order(code);
    assert.equal(before.status, 201, await before.clone().text());
    const placed = (await before.json()).order;

    const res = await send('DELETE', `/v1/partners/${id}/offer-codes/${code.toLowerCase()}`);
    assert.equal(res.status, 200);
    const disabled = (await res.json()).offerCode;
    assert.equal(disabled.disabledAt, START.toISOString());
    assert.deepEqual(await validate(code), { valid: false, reason: 'inactive' });
    await expectError(await order(code), 422, 'invalid_offer_code');
    const painted = await app.request(
      `/v1/catalog/first-paint?products=starter-plus-user:25&offer=${code}`,
    );
    assert.equal((await painted.json()).formatted.monthlyPayment, '$100.00');

    const kept = await db.getOrder(placed.id);
    assert.equal(kept?.offerCode, code);
    assert.equal(kept?.quote.discountRate, '0.05');
    assert.equal(kept?.quote.totals.monthlyPayment, '285.00');
    assert.deepEqual(kept?.attribution, { affiliate: id, method: 'offer_code' });
    // Again: the same answer, with the first time.
    const again = await send('DELETE', `/v1/partners/${id}/offer-codes/${code}`);
    assert.deepEqual((await again.json()).offerCode, disabled);
    // Still listed, and never given to anyone else.
    assert.deepEqual(
      (await (await send('GET', `/v1/partners/${id}/offer-codes`)).json()).offerCodes,
      [disabled],
    );
    await expectError(
      await send('POST', '/v1/partners/NORTHWIND/offer-codes', { code, discountRate: '0.05' }),
      409,
      'offer_code_exists',
    );
  });

  test('answer 404 for disabling a code the partner does not have, or one of another partner', async () => {
    await expectError(await send('DELETE', '/v1/partners/ACME/offer-codes/NW10'), 404, 'not_found');
    await expectError(
      await send('DELETE', '/v1/partners/ACME/offer-codes/NOPE99'),
      404,
      'not_found',
    );
    await expectError(
      await send('DELETE', '/v1/partners/NOBODY/offer-codes/ACME5'),
      404,
      'not_found',
    );
    assert.equal((await db.getOfferCode('NW10'))?.active, true);
  });

  test('stop a closed partner’s codes validating and give it no new code', async () => {
    const id = freshId('cls');
    await created(id);
    const code = freshId('K').slice(0, 20);
    await send('POST', `/v1/partners/${id}/offer-codes`, { code, discountRate: '0.05' });
    assert.equal((await validate(code)).valid, true);
    await db.updatePartner(id, { status: 'closed', closedAt: START.toISOString() });
    assert.deepEqual(await validate(code), { valid: false, reason: 'inactive' });
    await expectError(await order(code), 422, 'invalid_offer_code');
    await expectError(
      await send('POST', `/v1/partners/${id}/offer-codes`, {
        code: `${code}B`,
        discountRate: '0.05',
      }),
      422,
      'invalid_offer_code',
    );
  });
}

describe('partner routes on memory', () => {
  partnerRouteTests(async () => createMemoryDatabase());
});

describe('partner routes on PGlite', () => {
  partnerRouteTests(() => openPGliteDatabase());
});

describe('partner routes on PostgreSQL', { skip: pgSkip }, () => {
  after(() => dropSchemas(schema));
  partnerRouteTests(() => openPostgresDatabase({ connectionString: pgUrl!, schema }));
});

describe(
  'an offer code disabled through one of two instances on one PostgreSQL',
  { skip: pgSkip },
  () => {
    const shared = `${schema}_two`;
    let here: Database;
    let there: Database;
    let appHere: App;
    let appThere: App;
    let admin = '';
    const unexpected: unknown[] = [];
    before(async () => {
      // Each instance with its own pool and its own caches, as two servers have.
      here = await openPostgresDatabase({ connectionString: pgUrl!, schema: shared });
      there = await openPostgresDatabase({ connectionString: pgUrl!, schema: shared });
      await seedDemoData(here);
      appHere = testApp(here, () => START, unexpected);
      appThere = testApp(there, () => START, unexpected);
      admin = (await createStaffKey(here, { name: 'Ops', role: 'admin' })).key;
    });
    after(async () => {
      await Promise.all([here.close(), there.close()]);
      await dropSchemas(shared);
      assert.deepEqual(unexpected, []);
    });

    test('is answered invalid at once by the other instance, which had just found it valid', async () => {
      const post = (app: App, path: string, body: unknown, headers: Record<string, string> = {}) =>
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const code = freshId('TWO').slice(0, 20);
      const made = await post(
        appHere,
        '/v1/partners/NORTHWIND/offer-codes',
        { code, discountRate: '0.05' },
        bearer(admin),
      );
      assert.equal(made.status, 201);
      const check = async () => (await post(appThere, '/v1/offer-codes/validate', { code })).json();
      assert.equal((await check()).valid, true);
      const paint = async () => {
        const res = await appThere.request(
          `/v1/catalog/first-paint?products=starter-plus-user:25&offer=${code}`,
        );
        return (await res.json()).formatted.monthlyPayment;
      };
      assert.equal(await paint(), '$95.00');
      // Placed on the other instance with the code while it was valid.
      const first = await post(appThere, '/v1/orders', webOrder({ offerCode: code }), {
        'idempotency-key': `two-${shared}-1`,
      });
      assert.equal(first.status, 201);

      const disabled = await appHere.request(`/v1/partners/NORTHWIND/offer-codes/${code}`, {
        method: 'DELETE',
        headers: bearer(admin),
      });
      assert.equal(disabled.status, 200);
      // First paint before validate, which would forget the code it found disabled.
      assert.equal(await paint(), '$100.00');
      assert.deepEqual(await check(), { valid: false, reason: 'inactive' });
      const second = await post(appThere, '/v1/orders', webOrder({ offerCode: code }), {
        'idempotency-key': `two-${shared}-2`,
      });
      await expectError(second, 422, 'invalid_offer_code');
      assert.equal(await there.countOrders(), 1);
    });
  },
);
