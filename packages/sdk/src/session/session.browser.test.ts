// The quote session end to end: real fetch, through Mock Service Worker, to the
// real Order API app over a memory store (`@quotekit/server/msw`).
import { expect } from '@open-wc/testing';
import {
  createHandlers,
  createMemoryStore,
  createStaffKey,
  seedDemoData,
} from '@quotekit/server/msw';
import { setupWorker } from 'msw/browser';
import type { ReadableAtom } from 'nanostores';
import { API, clearOutboxes } from '../../test/api-harness.js';
import { isQuotekitError } from '@quotekit/core';
import { createAttribution } from '../attribution/attribution.js';
import { createClient, type ClientOptions } from '../api/client.js';
import { savedQuoteUrl, openSavedQuote, openStoredQuote } from '../links/links.js';
import { quoteSessionFor } from './registry.js';
import { createQuoteSession, type QuoteSessionOptions } from './session.js';

const server = createMemoryStore();
const worker = setupWorker(
  ...createHandlers({ baseUrl: API, store: server, limits: { offerCodeAttemptsPerMinute: 1000 } }),
);
const requests: string[] = [];
worker.events.on('request:start', ({ request }) => {
  if (request.url.startsWith(API))
    requests.push(`${request.method} ${request.url.slice(API.length)}`);
});

const customer = { name: 'Grace Hopper', email: 'grace@example.com' };
const fast = { retryDelayMs: 5, autoFlush: false } as const;

function setup(options: Partial<ClientOptions> = {}, stores: Partial<QuoteSessionOptions> = {}) {
  const client = createClient({ baseUrl: API, ...fast, ...options });
  // With the API, each captured visit gets a signed click token that orders carry.
  const attribution = createAttribution({ apiBase: API });
  return { ...createQuoteSession({ client, attribution, ...stores }), attribution };
}

/** Resolves with the first value of `store` that passes `check`, listening meanwhile. */
function when<T>(store: ReadableAtom<T>, check: (value: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out; last value ${JSON.stringify(store.get())}`));
    }, ms);
    const stop = store.subscribe((value) => {
      if (!check(value)) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(value);
    });
  });
}

describe('quote session end to end (MSW)', () => {
  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(async () => {
    worker.stop();
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      await registration.unregister();
    }
  });
  beforeEach(async () => {
    requests.length = 0;
    clearOutboxes();
    await cookieStore.delete('qk_ref');
  });

  it('fetches nothing until $catalog is listened to, then loads it once', async () => {
    const stores = setup();
    await Promise.resolve();
    expect(requests).to.deep.equal([]);
    expect(stores.$catalog.get().status).to.equal('loading');
    const state = await when(stores.$catalog, (s) => s.status === 'ready');
    expect(state.catalog?.id).to.equal('luxsci');
    expect(requests).to.deep.equal(['GET /v1/catalog']);
  });

  it('a given catalog is used as is, without a request', async () => {
    const first = setup();
    const { catalog } = await when(first.$catalog, (s) => s.status === 'ready');
    requests.length = 0;
    const stores = setup({}, { catalog: catalog! });
    const stop = stores.$quote.listen(() => {});
    expect(stores.$catalog.get().status).to.equal('ready');
    stop();
    expect(requests).to.deep.equal([]);
  });

  it('prices the seed quote, applies ACME5, and orders it with attribution', async () => {
    const stores = setup();
    stores.attribution.capture(`${location.origin}/?aff=NORTHWIND`);
    const stop = stores.$attribution.listen(() => {});
    expect(stores.$attribution.get()?.affiliate).to.equal('NORTHWIND');
    stores.setQuantity('starter-plus-user', 25);
    stores.setQuantity('dedicated-px2', 1);
    const priced = await when(stores.$quote, (s) => s.quote !== null);
    expect(priced.quote!.totals.monthlyPayment).to.equal('300.00');
    expect(priced.quote!.totals.monthlyValue.affiliate).to.equal('250.00');

    const offer = await stores.applyOfferCode(' ACME5 ');
    expect(offer).to.include({ status: 'valid', code: 'ACME5', discountRate: '0.05' });
    expect(stores.$quote.get().quote!.totals.monthlyPayment).to.equal('285.00');

    const statuses: string[] = [];
    const unlisten = stores.$order.listen((s) => statuses.push(s.status));
    const result = await stores.submitOrder({ customer });
    unlisten();
    stop();
    expect(statuses).to.deep.equal(['submitting', 'done']);
    expect(result.status).to.equal('done');
    expect(result.order!.quote.totals.monthlyPayment).to.equal('285.00');
    expect(result.order!.offerCode).to.equal('ACME5');
    // The server's precedence: the offer code's affiliate over the cookie's.
    expect(result.order!.attribution).to.deep.equal({ affiliate: 'ACME', method: 'offer_code' });
    const stored = await server.getOrderByIdempotencyKey(result.key!);
    expect(stored).to.not.equal(null);
  });

  it('sends the cookie affiliate, with its signed click token, when there is no offer code', async () => {
    const stores = setup();
    stores.attribution.capture(`${location.origin}/?aff=NORTHWIND`);
    await when(stores.$attribution, (record) => record?.token !== undefined);
    stores.setLines([{ product: 'starter-plus-user', quantity: 2 }]);
    await when(stores.$quote, (s) => s.quote !== null);
    const result = await stores.submitOrder({ customer });
    expect(result.order!.attribution).to.deep.equal({
      affiliate: 'NORTHWIND',
      method: 'affiliate_url',
    });
  });

  it('an unknown code is invalid with its reason, and no discount applies', async () => {
    const stores = setup();
    stores.setLines([{ product: 'starter-plus-user', quantity: 10 }]);
    await when(stores.$quote, (s) => s.quote !== null);
    expect(await stores.applyOfferCode('NOPE99')).to.include({
      status: 'invalid',
      code: 'NOPE99',
      reason: 'unknown',
    });
    expect(stores.$quote.get().quote!.discountRate).to.equal('0.00');
    stores.clearOfferCode();
    expect(stores.$offer.get().status).to.equal('none');
    expect((await stores.applyOfferCode('')).status).to.equal('none');
  });

  it('a newer offer-code check wins over a slower older one', async () => {
    const stores = setup();
    const older = stores.applyOfferCode('NOPE99');
    const newer = stores.applyOfferCode('NW10');
    await Promise.all([older, newer]);
    expect(stores.$offer.get()).to.include({ status: 'valid', code: 'NW10' });
  });

  it('a quantity the catalog forbids is a pricing error, not a NaN', async () => {
    const stores = setup();
    stores.setQuantity('starter-plus-user', 2.5);
    const state = await when(stores.$quote, (s) => s.error !== null);
    expect(state.error!.code).to.equal('invalid_quantity');
    stores.setQuantity('starter-plus-user', 0);
    expect(stores.$config.get().lines).to.deep.equal([]);
  });

  it('a saved-quote link restores lines, currency and offer code, and the order carries it', async () => {
    const stores = setup();
    const url = savedQuoteUrl(location.origin, {
      lines: [{ product: 'starter-plus-user', quantity: 25 }],
      offerCode: 'NW10',
      affiliate: 'NORTHWIND',
    });
    const quote = openSavedQuote(url, { attribution: stores.attribution })!;
    const offer = await stores.loadSavedQuote(quote);
    expect(offer.status).to.equal('valid');
    expect(stores.$config.get().lines).to.deep.equal(quote.lines);
    const priced = await when(stores.$quote, (s) => s.quote !== null);
    expect(priced.quote!.totals.monthlyPayment).to.equal('90.00');
    expect(stores.attribution.current()?.method).to.equal('saved_quote');
  });

  it('saveQuote stores the configuration; its short link restores it with its id', async () => {
    const stores = setup();
    stores.setLines([{ product: 'starter-plus-user', quantity: 4 }]);
    await stores.applyOfferCode('ACME5');
    const { id } = await stores.saveQuote();
    const other = setup();
    const stored = await openStoredQuote(`${location.origin}/?qid=${id}`, {
      client: other.client,
      attribution: other.attribution,
    });
    await other.loadSavedQuote(stored!);
    expect(other.$config.get()).to.deep.equal({
      lines: [{ product: 'starter-plus-user', quantity: 4 }],
      savedQuoteId: id,
    });
    expect(other.$offer.get().code).to.equal('ACME5');
    await when(other.$quote, (s) => s.quote !== null);
    const result = await other.submitOrder({ customer });
    expect(result.order!.savedQuoteId).to.equal(id);
  });

  it("saveQuote credits an affiliate only with that partner's key, and never passes a visitor's referrer on", async () => {
    const visitor = setup();
    visitor.attribution.capture(`${location.origin}/?aff=northwind`);
    await when(visitor.$attribution, (record) => record?.token !== undefined);
    visitor.setLines([{ product: 'starter-plus-user', quantity: 4 }]);
    const shared = await visitor.saveQuote();
    expect(shared.affiliate).to.equal(undefined);
    const refused = await visitor.saveQuote({ affiliate: 'ACME' }).catch((error: unknown) => error);
    expect(isQuotekitError(refused) && refused.code).to.equal('invalid_options');
    visitor.attribution.clear();

    await seedDemoData(server);
    const acme = await createStaffKey(server, { name: 'ACME', role: 'partner', partner: 'ACME' });
    const northwind = await createStaffKey(server, {
      name: 'NW',
      role: 'partner',
      partner: 'NORTHWIND',
    });
    const affiliate = setup();
    affiliate.setLines([{ product: 'starter-plus-user', quantity: 4 }]);
    const wrong = await affiliate
      .saveQuote({ affiliate: 'ACME', partnerKey: northwind.key })
      .catch((error: unknown) => error);
    expect(isQuotekitError(wrong) && wrong.code).to.equal('forbidden');
    const credited = await affiliate.saveQuote({ affiliate: 'ACME', partnerKey: acme.key });
    expect(credited.affiliate).to.equal('ACME');

    const other = setup();
    const stored = await openStoredQuote(`${location.origin}/?qid=${credited.id}`, {
      client: other.client,
    });
    await other.loadSavedQuote(stored!);
    await when(other.$quote, (s) => s.quote !== null);
    const result = await other.submitOrder({ customer });
    expect(result.order!.attribution).to.deep.equal({ affiliate: 'ACME', method: 'saved_quote' });
  });

  it('offline: the order is queued, then done when the outbox is flushed', async () => {
    let offline = true;
    const stores = setup({
      retries: 1,
      fetch: (input, init) =>
        offline && String(input).endsWith('/v1/orders')
          ? Promise.reject(new TypeError('Failed to fetch'))
          : fetch(input, init),
    });
    stores.setLines([{ product: 'starter-plus-user', quantity: 1 }]);
    await when(stores.$quote, (s) => s.quote !== null);
    const queued = await stores.submitOrder({ customer });
    expect(queued.status).to.equal('queued');
    expect(queued.error!.details?.queued).to.equal(true);
    expect(stores.client.outbox()).to.have.length(1);
    // A second click while queued does not make a second order.
    expect((await stores.submitOrder({ customer })).key).to.equal(queued.key);
    expect(stores.client.outbox()).to.have.length(1);

    offline = false;
    await stores.client.flushOutbox();
    const done = stores.$order.get();
    expect(done.status).to.equal('done');
    expect(done.order!.number).to.match(/^QK-/);
    expect(await server.getOrderByIdempotencyKey(queued.key!)).to.not.equal(null);
  });

  it('a double click sends one order', async () => {
    const stores = setup();
    stores.setLines([{ product: 'starter-plus-user', quantity: 3 }]);
    await when(stores.$quote, (s) => s.quote !== null);
    const before = await server.countOrders();
    const [a, b] = await Promise.all([
      stores.submitOrder({ customer }),
      stores.submitOrder({ customer }),
    ]);
    expect(a.key).to.equal(b.key);
    expect(await server.countOrders()).to.equal(before + 1);
    stores.resetOrder();
    expect(stores.$order.get().status).to.equal('idle');
  });

  it('a price the server disagrees with shows its quote, and is ordered only once confirmed', async () => {
    const stores = setup();
    stores.setLines([{ product: 'starter-plus-user', quantity: 3 }]);
    await when(stores.$quote, (s) => s.quote !== null);
    // The page priced with a stale catalog: it expects 3 users to cost 1.00.
    const order = stores.client.submitOrder.bind(stores.client);
    let stale = true;
    stores.client.submitOrder = (request, options) =>
      order(stale ? { ...request, expectedMonthlyPayment: '1.00' } : request, options);
    const before = await server.countOrders();
    const changed = await stores.submitOrder({ customer });
    expect(changed.status).to.equal('price_changed');
    expect(changed.error!.code).to.equal('price_changed');
    expect(changed.serverQuote!.totals.monthlyPayment).to.equal('12.00');
    expect(await server.countOrders()).to.equal(before);
    stale = false;
    const done = await stores.confirmPriceChange();
    expect(done.status).to.equal('done');
    expect(done.order!.quote.totals.monthlyPayment).to.equal('12.00');
    expect(await server.countOrders()).to.equal(before + 1);
  });

  it('one session per API base on a page, a new one after dispose', () => {
    const a = quoteSessionFor(API);
    expect(quoteSessionFor(`${API}/`)).to.equal(a);
    expect(quoteSessionFor('https://other.example')).to.not.equal(a);
    a.setLines([{ product: 'starter-plus-user', quantity: 1 }]);
    expect(quoteSessionFor(API).$config.get().lines).to.have.length(1);
    a.dispose();
    const b = quoteSessionFor(API);
    expect(b).to.not.equal(a);
    expect(b.$config.get().lines).to.deep.equal([]);
    b.dispose();
    const bad = (() => {
      try {
        quoteSessionFor('javascript:alert(1)');
      } catch (error) {
        return error;
      }
    })();
    expect(isQuotekitError(bad) && bad.code).to.equal('invalid_options');
  });

  it('dispose stops the catalog request in flight and the listeners', async () => {
    let signal: AbortSignal | null | undefined;
    const stores = setup({
      fetch: (input, init) => {
        signal = init?.signal;
        return new Promise(() => {});
      },
    });
    const seen: string[] = [];
    stores.$quote.listen((s) => seen.push(s.status));
    await Promise.resolve();
    expect(signal?.aborted).to.equal(false);
    stores.dispose();
    expect(signal?.aborted).to.equal(true);
    expect(stores.$quote.get().status).to.equal('loading');
    expect((await stores.applyOfferCode('ACME5')).status).to.equal('none');
    expect((await stores.submitOrder({ customer })).error!.code).to.equal('aborted');
  });

  it('a rate-limited offer code says when to try again, from the clock given', async () => {
    const stores = setup(
      {
        retries: 0,
        fetch: async () =>
          Response.json(
            { error: { code: 'rate_limited', message: 'Too many attempts.' } },
            { status: 429, headers: { 'retry-after': '7' } },
          ),
      },
      { now: () => 1_000_000 },
    );
    const offer = await stores.applyOfferCode('ACME5');
    expect(offer).to.include({ status: 'rate_limited', code: 'ACME5', retryAt: 1_007_000 });
    expect(offer.error!.code).to.equal('rate_limited');
  });

  it('a sales key goes as Authorization on that order only, and never into storage', async () => {
    const seen: (string | null)[] = [];
    const stores = setup({
      fetch: (input, init) => {
        if (String(input).endsWith('/v1/orders')) {
          seen.push(new Headers(init?.headers).get('authorization'));
          expect(JSON.stringify({ ...localStorage })).to.not.include('qk_sales_');
        }
        return fetch(input, init);
      },
    });
    stores.setLines([{ product: 'starter-plus-user', quantity: 25 }]);
    await stores.applyOfferCode('NW10');
    await when(stores.$quote, (s) => s.quote !== null);
    const { key } = await createStaffKey(server, { name: 'Ann Lee', role: 'sales' });
    const placed = await stores.submitOrder({
      customer,
      channel: 'phone',
      salesKey: key,
    });
    expect(placed.status).to.equal('done');
    expect(placed.order!.salesRep).to.equal('Ann Lee');
    expect(JSON.stringify({ ...localStorage })).to.not.include(key);
    stores.resetOrder();
    await stores.submitOrder({ customer });
    expect(seen).to.deep.equal([`Bearer ${key}`, null]);
  });

  it('bad options are typed errors, not TypeErrors', () => {
    const codeOf = (make: () => unknown) => {
      try {
        make();
      } catch (error) {
        return isQuotekitError(error) ? error.code : String(error);
      }
      return 'no error';
    };
    // @ts-expect-error: the options are missing on purpose
    expect(codeOf(() => createQuoteSession({}))).to.equal('invalid_options');
    // @ts-expect-error: the options are missing on purpose
    expect(codeOf(() => createClient())).to.equal('invalid_options');
    // @ts-expect-error: not a consent state
    expect(codeOf(() => createAttribution({ consent: 'yes' }))).to.equal('invalid_options');
  });

  it('a catalog that cannot load is an error in $quote, and retry() tries again', async () => {
    let down = true;
    const stores = setup({
      retries: 0,
      fetch: (input, init) =>
        down ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init),
    });
    const failed = await when(stores.$quote, (s) => s.status === 'error');
    expect(failed.error!.code).to.equal('network_error');
    expect(stores.$catalog.get().status).to.equal('error');
    down = false;
    stores.retry();
    expect((await when(stores.$catalog, (s) => s.status === 'ready')).catalog?.id).to.equal(
      'luxsci',
    );
  });
});
