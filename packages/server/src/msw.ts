import type { Catalog } from '@quotekit/core';
import { http, type HttpHandler } from 'msw';
import { createApp, type AppLimits } from './app.js';
import { createMemoryDatabase } from './db/memory.js';
import { seedDemoData } from './db/seed.js';
import type { Database } from './db/database.js';
import { createDeliveryWorker, fetchSend, signedHeadersWeb } from './webhooks/delivery.js';

export interface HandlersOptions {
  /**
   * Where the API is mounted: `'*'` (any origin, the default),
   * `'http://localhost:8787'`, or with a path prefix (`'https://shop.example/api'`).
   */
  baseUrl?: string;
  /** Default: a new in-memory database (`createMemoryDatabase()`). */
  db?: Database;
  /** @deprecated Renamed `db`; kept until the SDK's tests move over. */
  store?: Database;
  /** Default: `catalogs.luxsci`. */
  catalog?: Catalog;
  clock?: () => Date;
  /** Default: the server's (30 offer-code attempts a minute, 64 KB bodies). */
  limits?: AppLimits;
  /** Seed the demo affiliates and offer codes (ACME/ACME5, NORTHWIND/NW10) into an empty database. Default true. */
  seed?: boolean;
  /**
   * Webhook deliveries. After each request the handlers answer, the events
   * waiting in the outbox are delivered to the endpoints registered through
   * `POST /v1/webhook-endpoints`, signed as the server signs them (Standard
   * Webhooks, with Web Crypto), with `fetch` — so another handler may
   * answer them. There are no address checks (a browser resolves no
   * names); a failed delivery is retried, at its time, after a later
   * request. `deliver: false` leaves the events in the outbox. Default
   * `{ deliver: true, fetch: globalThis.fetch }`.
   */
  webhooks?: { deliver?: boolean; fetch?: typeof fetch };
}

/**
 * Mock Service Worker handlers that answer `<baseUrl>/v1/*` with the real
 * Order API app over an in-memory database: the contract is implemented once.
 * Works with `setupWorker` in browsers and `setupServer` in Node.
 *
 * @example
 * const db = createMemoryDatabase();
 * const worker = setupWorker(...createHandlers({ baseUrl: 'https://api.test', db }));
 */
export function createHandlers(options: HandlersOptions = {}): HttpHandler[] {
  const db = options.db ?? options.store ?? createMemoryDatabase();
  const app = createApp({
    db,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  let ready: Promise<void> | undefined;
  const seed = () =>
    (ready ??=
      options.seed === false
        ? Promise.resolve()
        : db
            .isEmpty()
            .then((empty) =>
              empty ? seedDemoData(db, options.clock?.() ?? new Date()) : undefined,
            ));
  const worker =
    options.webhooks?.deliver === false
      ? undefined
      : createDeliveryWorker({
          db,
          ...(options.clock ? { now: options.clock } : {}),
          sign: signedHeadersWeb,
          send: (url, headers, body, timeoutMs) =>
            fetchSend(url, headers, body, timeoutMs, options.webhooks?.fetch ?? fetch),
        });
  // Rounds one after another, each until nothing is left to dispatch or due.
  let rounds: Promise<unknown> = Promise.resolve();
  const deliver = () => {
    if (worker === undefined) return;
    rounds = rounds.then(async () => {
      for (;;) {
        const round = await worker.runOnce().catch(() => ({ dispatched: 0, attempted: 0 }));
        if (round.dispatched === 0 && round.attempted === 0) return;
      }
    });
  };
  const answered = (response: Response) => {
    deliver();
    return response;
  };

  const base = (options.baseUrl ?? '*').replace(/\/+$/, '');
  // The app's routes start at /v1; a path in front of it is cut off first.
  const prefix =
    base === '*' || base === ''
      ? ''
      : new URL(base, 'http://base.invalid').pathname.replace(/\/+$/, '');

  return [
    http.all(`${base}/v1/*`, async ({ request }) => {
      await seed();
      if (prefix === '') return answered(await app.fetch(request));
      const url = new URL(request.url);
      url.pathname = url.pathname.slice(prefix.length);
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      return answered(
        await app.fetch(
          new Request(url, {
            method: request.method,
            headers: request.headers,
            ...(hasBody ? { body: await request.arrayBuffer() } : {}),
          }),
        ),
      );
    }),
  ];
}

export { createMemoryDatabase } from './db/memory.js';
export { createStaffKey } from './staff.js';
export { seedDemoData, DEMO_PARTNERS, DEMO_OFFER_CODES } from './db/seed.js';
export type { Database } from './db/database.js';

/** @deprecated Renamed `createMemoryDatabase`; kept until the SDK's tests move over. */
export { createMemoryDatabase as createMemoryStore } from './db/memory.js';
/** @deprecated Renamed `Database`; kept until the SDK's tests move over. */
export type { Database as Store } from './db/database.js';
