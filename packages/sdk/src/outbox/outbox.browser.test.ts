import { expect } from '@open-wc/testing';
import {
  API,
  clearOutboxes,
  clientFor,
  createHarness,
  fast,
  rejection,
  seedOrder,
} from '../../test/api-harness.js';
import { createClient, type ClientOptions, type QuoteClient } from '../api/client.js';
import { memoryStorage } from './outbox.js';

type Harness = ReturnType<typeof createHarness>;

async function until(check: () => boolean | Promise<boolean>, ms = 5000) {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Order POSTs per Idempotency-Key. */
function postsByKey(harness: Harness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of harness.log)
    if (r.path === '/v1/orders') counts.set(r.key!, (counts.get(r.key!) ?? 0) + 1);
  return counts;
}

describe('outbox: an order is stored before it is sent', () => {
  beforeEach(() => clearOutboxes());
  afterEach(() => clearOutboxes());

  it('the first send finds the order and its Idempotency-Key in storage; a 2xx removes it', async () => {
    const harness = createHarness();
    const seen: (string | null)[] = [];
    const client = clientFor(harness, {
      fetch: (input, init) => {
        const key = new Headers(init?.headers).get('idempotency-key');
        const stored = client.outbox().find((entry) => entry.key === key);
        seen.push(stored ? stored.key : null);
        return harness.fetch(input, init);
      },
    });
    const order = await client.submitOrder(seedOrder());
    expect(order.quote.totals.monthlyPayment).to.equal('300.00');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.a('string');
    expect(client.outbox()).to.have.length(0);
    expect(await harness.store.getOrderByIdempotencyKey(seen[0]!)).to.not.equal(null);
  });

  it('unreachable: rejects network_error with details.queued, keeps the order, and flushOutbox sends it once', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    const client = clientFor(harness);
    const error = await rejection(client.submitOrder(seedOrder()));
    expect(error.code).to.equal('network_error');
    expect(error.details?.queued).to.equal(true);
    const [entry] = client.outbox();
    expect(entry?.key).to.equal(error.details?.key);
    expect(entry?.attempts).to.equal(1);
    expect(entry?.lastError).to.equal('network_error');
    expect(await harness.orders()).to.equal(0);

    const settled: string[] = [];
    client.onOrderSettled(({ key, order }) => settled.push(`${key}:${order?.number}`));
    expect(await client.flushOutbox()).to.deep.equal({ sent: 1, failed: 0, pending: 0 });
    expect(await harness.orders()).to.equal(1);
    expect(settled).to.have.length(1);
    expect(new Set(harness.log.map((r) => r.key))).to.have.property('size', 1);
  });

  it('a lost answer is resent under the same key: still one order', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', 'lost', 'lost', 'lost', 'lost');
    const client = clientFor(harness);
    const error = await rejection(client.submitOrder(seedOrder()));
    expect(error.details?.queued).to.equal(true);
    expect(await harness.orders()).to.equal(1);
    await client.flushOutbox();
    expect(await harness.orders()).to.equal(1);
    expect([...postsByKey(harness).entries()]).to.deep.equal([[error.details?.key, 5]]);
    expect(client.outbox()).to.have.length(0);
  });

  it('500s then success within one submit: one order, one key', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', { status: 500 }, { status: 502 }, 'lost');
    const order = await clientFor(harness).submitOrder(seedOrder());
    expect(order.number).to.match(/^QK-/);
    expect(await harness.orders()).to.equal(1);
    expect(postsByKey(harness).size).to.equal(1);
    expect([...postsByKey(harness).values()]).to.deep.equal([4]);
  });

  it('429 with Retry-After on an order waits, then sends', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', { status: 429, retryAfter: 1 });
    const started = performance.now();
    await clientFor(harness).submitOrder(seedOrder());
    expect(performance.now() - started).to.be.at.least(990);
    expect(await harness.orders()).to.equal(1);
  });

  it('a final 4xx while flushing removes the entry and reports it', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    const client = clientFor(harness);
    await rejection(client.submitOrder(seedOrder({ expectedMonthlyPayment: '299.99' })));
    const settled: string[] = [];
    client.onOrderSettled(({ error }) => settled.push(error?.code ?? 'ok'));
    expect(await client.flushOutbox()).to.deep.equal({ sent: 0, failed: 1, pending: 0 });
    expect(settled).to.deep.equal(['price_changed']);
    expect(client.outbox()).to.have.length(0);
  });

  it('a flush stops at the first unreachable order and keeps the rest', async () => {
    const harness = createHarness();
    const client = clientFor(harness, { retries: 0 });
    harness.inject('/v1/orders', 'network', 'network', 'network');
    for (let i = 0; i < 3; i += 1) await rejection(client.submitOrder(seedOrder()));
    harness.inject('/v1/orders', 'network');
    expect(await client.flushOutbox()).to.deep.equal({ sent: 0, failed: 0, pending: 3 });
    expect(harness.log).to.have.length(4);
    expect(await client.flushOutbox()).to.deep.equal({ sent: 3, failed: 0, pending: 0 });
    expect(await harness.orders()).to.equal(3);
  });

  it('a new client sends what an earlier page left, and again on `online`', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    await rejection(clientFor(harness).submitOrder(seedOrder()));
    const later = clientFor(harness, { autoFlush: true });
    await until(() => later.outbox().length === 0);
    expect(await harness.orders()).to.equal(1);

    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    await rejection(later.submitOrder(seedOrder()));
    dispatchEvent(new Event('online'));
    await until(() => later.outbox().length === 0);
    expect(await harness.orders()).to.equal(2);
    later.close();
  });

  it('keeps orders in memory when storage refuses writes', async () => {
    const harness = createHarness();
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const client = clientFor(harness, { storage: full });
    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    await rejection(client.submitOrder(seedOrder()));
    expect(client.outbox()).to.have.length(1);
    await client.flushOutbox();
    expect(await harness.orders()).to.equal(1);
  });

  it('outboxes of different APIs do not mix', async () => {
    const harness = createHarness();
    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    await rejection(clientFor(harness).submitOrder(seedOrder()));
    const other = createClient({ baseUrl: 'https://other.example', fetch: harness.fetch, ...fast });
    expect(other.outbox()).to.have.length(0);
  });
});

/** Opens a same-origin frame holding its own copy of the client module: another page of the site. */
async function openFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = new URL('../../test/fixtures/client-frame.html', import.meta.url).href;
  document.body.append(frame);
  await until(() => Boolean(clientModule(frame)));
  return frame;
}

function clientModule(frame: HTMLIFrameElement) {
  return (
    frame.contentWindow as (Window & { quotekit?: { createClient: typeof createClient } }) | null
  )?.quotekit;
}

async function reload(frame: HTMLIFrameElement) {
  const old = frame.contentWindow!;
  old.location.reload();
  await until(() => frame.contentWindow !== old || !('quotekit' in old));
  await until(() => Boolean(clientModule(frame)));
}

describe('outbox: pages and tabs', () => {
  let frames: HTMLIFrameElement[] = [];
  beforeEach(() => clearOutboxes());
  afterEach(() => {
    for (const frame of frames) frame.remove();
    frames = [];
    clearOutboxes();
  });

  it('survives reloads between attempts and is sent once, under its first key', async () => {
    const harness = createHarness();
    const [frame] = (frames = [await openFrame()]);
    const make = (options: Partial<ClientOptions>): QuoteClient =>
      clientModule(frame!)!.createClient({
        baseUrl: API,
        fetch: harness.fetch,
        ...fast,
        ...options,
      });

    harness.inject('/v1/orders', 'network', 'network', 'network', 'network');
    const error = await rejection(make({}).submitOrder(seedOrder()));
    expect(error.details?.queued).to.equal(true);
    const key = error.details?.key as string;

    await reload(frame!);
    harness.inject('/v1/orders', { status: 500 }, 'lost', 'network', 'network');
    await rejection(
      make({})
        .flushOutbox()
        .then((r) => (r.pending ? Promise.reject(r) : r)),
    );

    await reload(frame!);
    const last = make({ autoFlush: true });
    await until(() => last.outbox().length === 0);
    expect(await harness.orders()).to.equal(1);
    expect([...postsByKey(harness).keys()]).to.deep.equal([key]);
    expect(await harness.store.getOrderByIdempotencyKey(key)).to.not.equal(null);
  });

  it('two frames flushing at once never send one entry at the same time', async () => {
    const harness = createHarness();
    const here = clientFor(harness, { retries: 0 });
    harness.inject('/v1/orders', ...Array.from({ length: 6 }, () => 'network' as const));
    for (let i = 0; i < 6; i += 1) await rejection(here.submitOrder(seedOrder()));
    expect(here.outbox()).to.have.length(6);

    // Every send is slow, so that the two flushes overlap.
    harness.inject('/v1/orders', ...Array.from({ length: 12 }, () => ({ delay: 40 })));
    frames = [await openFrame(), await openFrame()];
    const clients = frames.map((frame) =>
      clientModule(frame)!.createClient({ baseUrl: API, fetch: harness.fetch, ...fast }),
    );
    const results = await Promise.all(clients.map((client) => client.flushOutbox()));

    expect(harness.maxConcurrentPerKey(), 'one entry in flight at a time').to.equal(1);
    expect(results[0]!.sent + results[1]!.sent).to.equal(6);
    expect(results[0]!.sent, 'both frames took a share').to.be.above(0);
    expect(results[1]!.sent, 'both frames took a share').to.be.above(0);
    expect(await harness.orders()).to.equal(6);
    const counts = postsByKey(harness);
    expect(counts.size).to.equal(6);
    for (const key of counts.keys()) {
      expect(await harness.store.getOrderByIdempotencyKey(key)).to.not.equal(null);
    }
    expect(here.outbox()).to.have.length(0);
  });

  it('a submit in one frame and a flush in another do not overlap', async () => {
    const harness = createHarness();
    frames = [await openFrame()];
    const other = clientModule(frames[0]!)!.createClient({
      baseUrl: API,
      fetch: harness.fetch,
      ...fast,
    });
    harness.inject('/v1/orders', { delay: 80 }, { delay: 80 });
    const submitted = clientFor(harness).submitOrder(seedOrder());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const flushed = await other.flushOutbox();
    const order = await submitted;
    expect(order.number).to.match(/^QK-/);
    expect(flushed.sent).to.equal(0);
    expect(harness.maxConcurrentPerKey()).to.equal(1);
    expect(await harness.orders()).to.equal(1);
  });

  it('without Web Locks, a lease in the entry keeps two frames apart', async () => {
    const harness = createHarness();
    const here = clientFor(harness, { retries: 0 });
    harness.inject('/v1/orders', ...Array.from({ length: 4 }, () => 'network' as const));
    for (let i = 0; i < 4; i += 1) await rejection(here.submitOrder(seedOrder()));
    harness.inject('/v1/orders', ...Array.from({ length: 8 }, () => ({ delay: 40 })));
    frames = [await openFrame(), await openFrame()];
    const clients = frames.map((frame) => {
      const view = frame.contentWindow as Window & typeof globalThis;
      Object.defineProperty(view.Navigator.prototype, 'locks', { get: () => undefined });
      expect(view.navigator.locks).to.equal(undefined);
      return clientModule(frame)!.createClient({ baseUrl: API, fetch: harness.fetch, ...fast });
    });
    await Promise.all(clients.map((client) => client.flushOutbox()));
    expect(harness.maxConcurrentPerKey()).to.equal(1);
    expect(await harness.orders()).to.equal(4);
    expect(postsByKey(harness).size).to.equal(4);
    expect(here.outbox()).to.have.length(0);
  });
});
