// A fetch for browser tests that forwards to the real Order API app (the
// server's Mock Service Worker handlers over a memory store), with faults
// injected on demand and every request logged.
import {
  createHandlers,
  createMemoryStore,
  type HandlersOptions,
  type Store,
} from '@quotekit/server/msw';
import type { QuotekitError } from '@quotekit/core';
import { getResponse } from 'msw';
import { createClient, type ClientOptions, type QuoteClient } from '../src/api/client.js';

/** Where the harness's API lives; also what `setupWorker` tests mount the handlers at. */
export const API = `${location.origin}/qk-api`;

export type Fault =
  /** Fails before the server sees the request. */
  | 'network'
  /** The server handles the request, then the answer is lost. */
  | 'lost'
  /** Never answers (until the request is aborted). */
  | 'hang'
  /** A 200 whose body is not the contract's. */
  | 'garbage'
  | { status: 500 | 502 | 503 }
  | { status: 429; retryAfter: number }
  | { delay: number };

export interface LoggedRequest {
  method: string;
  path: string;
  key: string | null;
  fault: Fault | null;
  at: number;
}

export interface Harness {
  store: Store;
  fetch: typeof fetch;
  /** Queues faults for the next requests whose path starts with `path`, in order. */
  inject(path: string, ...faults: Fault[]): void;
  /** Every request, in arrival order. */
  log: LoggedRequest[];
  /** The most requests with one `Idempotency-Key` that were in flight at the same time. */
  maxConcurrentPerKey(): number;
  /** Orders the server stored. */
  orders(): Promise<number>;
}

export function createHarness(options: Pick<HandlersOptions, 'limits'> = {}): Harness {
  const store = createMemoryStore();
  const handlers = createHandlers({
    baseUrl: API,
    store,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const queues: { path: string; faults: Fault[] }[] = [];
  const log: LoggedRequest[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;

  const forward = async (request: Request) =>
    (await getResponse(handlers, request)) ??
    new Response(JSON.stringify({ error: { code: 'not_found', message: 'no handler' } }), {
      status: 404,
    });

  const harnessFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.slice(new URL(API).pathname.length);
    const queue = queues.find((q) => path.startsWith(q.path) && q.faults.length > 0);
    const fault = queue?.faults.shift() ?? null;
    const key = request.headers.get('idempotency-key');
    log.push({ method: request.method, path, key, fault, at: performance.now() });
    if (key) {
      const now = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, now);
      maxConcurrent = Math.max(maxConcurrent, now);
    }
    try {
      if (fault === 'network') throw new TypeError('Failed to fetch');
      if (fault === 'hang') {
        return await new Promise<Response>((_, reject) => {
          const signal = init?.signal;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      if (fault === 'garbage') return new Response('<html>oops</html>', { status: 200 });
      if (fault !== null && typeof fault === 'object' && 'status' in fault) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.status === 429) headers['retry-after'] = String(fault.retryAfter);
        const code = fault.status === 429 ? 'rate_limited' : 'internal_error';
        return new Response(JSON.stringify({ error: { code, message: 'injected' } }), {
          status: fault.status,
          headers,
        });
      }
      if (fault !== null && typeof fault === 'object' && 'delay' in fault) {
        await new Promise((resolve) => setTimeout(resolve, fault.delay));
      }
      const response = await forward(request);
      if (fault === 'lost') throw new TypeError('Failed to fetch');
      return response;
    } finally {
      if (key) inFlight.set(key, inFlight.get(key)! - 1);
    }
  };

  return {
    store,
    fetch: harnessFetch,
    inject(path, ...faults) {
      let queue = queues.find((q) => q.path === path);
      if (!queue) queues.push((queue = { path, faults: [] }));
      queue.faults.push(...faults);
    },
    log,
    maxConcurrentPerKey: () => maxConcurrent,
    orders: () => store.countOrders(),
  };
}

/** An order the demo catalog prices at 300.00 a month (SPEC's seed check). */
export function seedOrder(overrides: Record<string, unknown> = {}) {
  return {
    quote: {
      lines: [
        { product: 'starter-plus-user', quantity: 25 },
        { product: 'dedicated-px2', quantity: 1 },
      ],
    },
    expectedMonthlyPayment: '300.00',
    customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    channel: 'web' as const,
    ...overrides,
  };
}

/** Clears every outbox entry this origin's localStorage holds. */
export function clearOutboxes(storage: Storage = localStorage) {
  for (let i = storage.length - 1; i >= 0; i -= 1) {
    const name = storage.key(i);
    if (name?.startsWith('qk-outbox:')) storage.removeItem(name);
  }
}

/** Client options for tests: quick retries, no automatic flush. */
export const fast = { retryDelayMs: 5, maxRetryDelayMs: 2000, autoFlush: false } as const;

/** A client on the harness's API with quick retries and no automatic flush. */
export function clientFor(harness: Harness, options: Partial<ClientOptions> = {}): QuoteClient {
  return createClient({ baseUrl: API, fetch: harness.fetch, ...fast, ...options });
}

/** The rejection of `promise`, which must reject. */
export async function rejection(promise: Promise<unknown>): Promise<QuotekitError> {
  try {
    await promise;
  } catch (error) {
    return error as QuotekitError;
  }
  throw new Error('expected a rejection');
}
