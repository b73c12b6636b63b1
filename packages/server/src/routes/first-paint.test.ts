// The first-paint route: the catalog with the priced, formatted opening quote in one cacheable answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FirstPaintSchema } from './first-paint.js';
import { catalogs, encodeSavedQuote, priceQuote } from '@quotekit/core';
import { createApp } from '../app.js';
import { expectError, SEED_LINES, useApp } from '../../test/harness.js';

const h = useApp();
const SEED = 'products=starter-plus-user:25,dedicated-px2:1';

describe('GET /v1/catalog/first-paint', () => {
  test('answers the catalog and the seed quote exactly as priceQuote prices it, formatted en-US', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&locale=en-US&currency=USD`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.catalog.id, 'luxsci');
    assert.deepEqual(body.products, ['starter-plus-user', 'dedicated-px2']);
    assert.deepEqual(body.quote, priceQuote(catalogs.luxsci, { lines: SEED_LINES }));
    assert.equal(body.formatted.monthlyPayment, '$300.00');
    assert.equal(body.formatted.oneTime, '$0.00');
    assert.deepEqual(
      body.formatted.lines.map((l: { quantity: string }) => l.quantity),
      ['25', '1'],
    );
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  test('formats for de-DE with a comma and the currency after the amount', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&locale=de-DE`);
    const body = await res.json();
    assert.equal(body.formatted.locale, 'de-DE');
    assert.equal(body.formatted.monthlyPayment, '300,00\u00a0$');
  });

  test("prices in a price book's currency when asked (the Reseller Plan in GBP)", async () => {
    const reseller = createApp({ db: h.db, catalog: catalogs.resellerPlan });
    const res = await reseller.request(
      '/v1/catalog/first-paint?products=units:1200&currency=gbp&locale=en-GB',
    );
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.quote.currency, 'GBP');
    assert.deepEqual(
      body.quote,
      priceQuote(catalogs.resellerPlan, {
        lines: [{ product: 'units', quantity: '1200' }],
        currency: 'GBP',
      }),
    );
    assert.match(body.formatted.monthlyPayment, /^£\d/);
  });

  test('applies an active offer code (NW10: 10 % off, 270.00) and shows the discount', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&offer=nw10&locale=de-DE`);
    const body = await res.json();
    assert.equal(body.offerCode, 'NW10');
    assert.equal(body.quote.totals.monthlyPayment, '270.00');
    assert.equal(body.formatted.monthlyPayment, '270,00\u00a0$');
    assert.equal(body.formatted.discount, '30,00\u00a0$');
    assert.equal(body.formatted.discountRate, '10\u00a0%');
  });

  test('prices an unknown offer code without a discount', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&offer=NOPE99`);
    const body = await res.json();
    assert.equal(body.offerCode, undefined);
    assert.equal(body.quote.totals.monthlyPayment, '300.00');
  });

  test("opens a saved-quote link's text with its offer code in place of products", async () => {
    const saved = encodeSavedQuote({ lines: SEED_LINES, offerCode: 'NW10' });
    const res = await h.app.request(
      `/v1/catalog/first-paint?products=dedicated-px2:3&saved=${encodeURIComponent(saved)}`,
    );
    const body = await res.json();
    assert.deepEqual(body.products, ['starter-plus-user', 'dedicated-px2']);
    assert.equal(body.quote.totals.monthlyPayment, '270.00');
  });

  test('opens a stored quote by its id', async () => {
    const created = await h.post('/v1/saved-quotes', {
      quote: { lines: SEED_LINES },
    });
    const { id } = await created.json();
    const res = await h.app.request(`/v1/catalog/first-paint?qid=${id}&locale=en-US`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.products, ['starter-plus-user', 'dedicated-px2']);
    assert.equal(body.formatted.monthlyPayment, '$300.00');
  });

  test('an unknown stored quote id is 404 not_found', async () => {
    await expectError(
      await h.app.request('/v1/catalog/first-paint?qid=nothere1'),
      404,
      'not_found',
    );
  });

  test('an unknown product is 422 unknown_product', async () => {
    const res = await h.app.request('/v1/catalog/first-paint?products=no-such-thing:1');
    await expectError(res, 422, 'unknown_product');
  });

  test('products that are not product:quantity are 400 invalid_request', async () => {
    for (const products of ['starter-plus-user:ten', 'a:1:2', ':3', 'starter-plus-user:-1']) {
      const res = await h.app.request(
        `/v1/catalog/first-paint?products=${encodeURIComponent(products)}`,
      );
      await expectError(res, 400, 'invalid_request');
    }
  });

  test('a currency the catalog has no prices in is 422 invalid_currency', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&currency=XYZ`);
    await expectError(res, 422, 'invalid_currency');
  });

  test('a locale that is not a language tag is 400 invalid_request', async () => {
    const res = await h.app.request(`/v1/catalog/first-paint?${SEED}&locale=not_a_locale!`);
    await expectError(res, 400, 'invalid_request');
  });

  test('sends an ETag and answers 304 to If-None-Match while the answer is unchanged', async () => {
    const url = `/v1/catalog/first-paint?${SEED}&locale=en-US`;
    const etag = (await h.app.request(url)).headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const again = await h.app.request(url, { headers: { 'if-none-match': `W/${etag}` } });
    assert.equal(again.status, 304);
    const german = await h.app.request(`/v1/catalog/first-paint?${SEED}&locale=de-DE`, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(german.status, 200);
    assert.notEqual(german.headers.get('etag'), etag);
  });

  test('is listed in the OpenAPI document with its query parameters and answer schema', async () => {
    const doc = await (await h.app.request('/v1/openapi.json')).json();
    const operation = doc.paths['/v1/catalog/first-paint'].get;
    assert.equal(operation.operationId, 'getFirstPaint');
    assert.deepEqual(
      operation.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name),
      ['products', 'saved', 'qid', 'offer', 'locale', 'currency'],
    );
    const schema = operation.responses['200'].content['application/json'].schema;
    assert.deepEqual([...schema.required].sort(), ['catalog', 'formatted', 'products', 'quote']);
    assert.equal(schema.properties.catalog.$ref, '#/components/schemas/Catalog');
  });

  test('answers what FirstPaintSchema accepts, with an offer code and without', async () => {
    for (const url of [
      `/v1/catalog/first-paint?${SEED}&locale=de-DE`,
      `/v1/catalog/first-paint?${SEED}&offer=ACME5`,
    ]) {
      const parsed = FirstPaintSchema.safeParse(await (await h.app.request(url)).json());
      assert.ok(parsed.success, url);
    }
    assert.equal(FirstPaintSchema.safeParse({ products: [] }).success, false);
  });
});

describe('GET /v1/catalog/first-paint: the catalog’s required products', () => {
  test('a page that lists no products opens with the required base account fee: $10.00', async () => {
    const res = await h.app.request('/v1/catalog/first-paint?locale=en-US');
    const body = await res.json();
    assert.deepEqual(
      body.quote.lines.map((l: { product: string; quantity: number }) => [l.product, l.quantity]),
      [['base-account-fee', 1]],
    );
    assert.equal(body.formatted.monthlyPayment, '$10.00');
  });

  test('a page that lists the base account fee at 0 opens with it at 1; one that does not list it, without it', async () => {
    const listed = await h.app.request(
      '/v1/catalog/first-paint?products=base-account-fee,starter-plus-user:25',
    );
    assert.equal((await listed.json()).quote.totals.monthlyPayment, '110.00');
    const unlisted = await h.app.request('/v1/catalog/first-paint?products=starter-plus-user:25');
    assert.equal((await unlisted.json()).quote.totals.monthlyPayment, '100.00');
  });

  test('100,000,000 users are refused: 422 invalid_quantity', async () => {
    await expectError(
      await h.app.request('/v1/catalog/first-paint?products=starter-plus-user:100000000'),
      422,
      'invalid_quantity',
    );
  });
});
