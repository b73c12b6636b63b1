// Saved quotes: storing, reading, expiry, and their limits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SavedQuoteCreatedSchema, StoredSavedQuoteSchema } from '@quotekit/core';
import { createApp } from '../app.js';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, SEED_LINES, START, testClient, useApp } from '../../test/harness.js';

const h = useApp();

describe('POST /v1/saved-quotes and GET /v1/saved-quotes/:id', () => {
  test('store a quote for a year and give it back with its affiliate and offer code', async () => {
    const partner = await createStaffKey(h.db, { name: 'ACME', role: 'partner', partner: 'ACME' });
    const res = await h.post(
      '/v1/saved-quotes',
      { quote: { lines: SEED_LINES }, affiliate: 'acme', offerCode: 'acme5' },
      bearer(partner.key),
    );
    assert.equal(res.status, 201);
    const created = await res.json();
    assert.equal(SavedQuoteCreatedSchema.safeParse(created).success, true);
    assert.match(created.id, /^[A-Za-z0-9]{10}$/);
    assert.equal(created.expiresAt, '2027-03-02T10:00:00.000Z');
    assert.equal(created.affiliate, 'ACME');
    assert.equal(res.headers.get('location'), `/v1/saved-quotes/${created.id}`);

    const got = await h.app.request(`/v1/saved-quotes/${created.id}`);
    assert.equal(got.status, 200);
    const saved = await got.json();
    assert.equal(StoredSavedQuoteSchema.safeParse(saved).success, true);
    assert.deepEqual(saved, {
      id: created.id,
      quote: { lines: SEED_LINES },
      affiliate: 'ACME',
      offerCode: 'ACME5',
      createdAt: START.toISOString(),
      expiresAt: created.expiresAt,
    });
  });

  test('answer 410 saved_quote_expired after expiry and 404 not_found for an unknown id', async () => {
    const { id } = await (
      await h.post('/v1/saved-quotes', { quote: { lines: SEED_LINES } })
    ).json();
    h.now = new Date('2027-03-02T10:00:00.001Z');
    await expectError(await h.app.request(`/v1/saved-quotes/${id}`), 410, 'saved_quote_expired');
    await expectError(await h.app.request('/v1/saved-quotes/NoSuchId1'), 404, 'not_found');
    await expectError(await h.app.request('/v1/saved-quotes/%3Cscript%3E'), 404, 'not_found');
  });

  test("refuse quotes core cannot price, with core's code: 422", async () => {
    await expectError(
      await h.post('/v1/saved-quotes', {
        quote: { lines: [{ product: 'warp-drive', quantity: 1 }] },
      }),
      422,
      'unknown_product',
    );
    await expectError(
      await h.post('/v1/saved-quotes', {
        quote: { lines: [{ product: 'starter-plus-user', quantity: 1.5 }] },
      }),
      422,
      'invalid_quantity',
    );
  });

  test('refuse an unknown affiliate (422, to an admin key) and a quote without lines (400 with the path)', async () => {
    const admin = await createStaffKey(h.db, { name: 'Ops', role: 'admin' });
    await expectError(
      await h.post(
        '/v1/saved-quotes',
        { quote: { lines: SEED_LINES }, affiliate: 'NOBODY' },
        bearer(admin.key),
      ),
      422,
      'unknown_affiliate',
    );
    const error = await expectError(
      await h.post('/v1/saved-quotes', { quote: {} }),
      400,
      'invalid_request',
    );
    assert.deepEqual(
      (error.details?.problems as Array<{ path: string }>).map((p) => p.path),
      ['quote.lines'],
    );
    assert.match(error.message, /^Invalid saved quote: quote\.lines /);
  });
});

describe('limits kept in the database, shared by every instance on it', () => {
  test('saved quotes: 60 an hour per address by default, at most 8 KB, and purged once expired', async () => {
    const a = createApp({
      db: h.db,
      clock: () => h.now,
      limits: { savedQuotesPerHour: 2 },
      clientAddress: testClient,
    });
    const save = (client: string, lines = SEED_LINES) =>
      a.request('/v1/saved-quotes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-client': client },
        body: JSON.stringify({ quote: { lines } }),
      });
    const first = await (await save('10.4.4.4')).json();
    assert.equal((await save('10.4.4.4')).status, 201);
    await expectError(await save('10.4.4.4'), 429, 'rate_limited');
    assert.equal((await save('10.4.4.5')).status, 201);
    const huge = Array.from({ length: 190 }, () => ({ product: 'starter-plus-user', quantity: 1 }));
    await expectError(await save('10.4.4.6', huge), 413, 'payload_too_large');
    assert.equal(
      await h.db.purgeExpired(new Date('2027-03-03T00:00:00Z').toISOString(), START.toISOString()),
      3,
    );
    assert.equal(await h.db.getSavedQuote(first.id), null);
  });
});
