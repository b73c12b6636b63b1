// The Order API for element tests: the real app over an in-memory database,
// answered by Mock Service Worker in the page (`@quotekit/server/msw`).
import { quoteSessionFor, type QuoteSessionForOptions } from '@quotekit/sdk';
import { createHandlers, createMemoryDatabase, type Database } from '@quotekit/server/msw';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupWorker } from 'msw/browser';

export const db = createMemoryDatabase();
const worker = setupWorker();
let started: Promise<unknown> | undefined;
let count = 0;

/**
 * Starts the worker once per test file and gives a fresh API base each call,
 * so each test gets its own quote session from the page's registry. With
 * `client`, that session is made now with those client options (`retries: 0`
 * to see a failure at once).
 */
export async function api(
  options: {
    limits?: { offerCodeAttemptsPerMinute?: number };
    client?: QuoteSessionForOptions;
    /** A database of the test's own instead of the file's. */
    db?: Database;
    /** The server's clock instead of the real one. */
    clock?: () => Date;
  } = {},
): Promise<string> {
  started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  await started;
  count += 1;
  const base = `https://api-${count}.quotekit.test`;
  worker.use(
    ...createHandlers({
      baseUrl: base,
      db: options.db ?? db,
      ...(options.clock ? { clock: options.clock } : {}),
      limits: { offerCodeAttemptsPerMinute: 1000, ...options.limits },
    }),
  );
  if (options.client) quoteSessionFor(base, { autoFlush: false, ...options.client });
  return base;
}

/**
 * Makes requests under `path` of `base` fail as a dropped network would,
 * until the returned function is called.
 */
export function cutNetwork(base: string, path = '/v1/*'): () => void {
  let cut = true;
  // Returning nothing lets the request through to the API's handlers.
  worker.use(http.all(`${base}${path}`, () => (cut ? HttpResponse.error() : undefined)));
  return () => (cut = false);
}

/** Answers requests under `path` of `base` with `handler` instead. */
export function override(...handlers: HttpHandler[]): void {
  worker.use(...handlers);
}

/** Forgets orders queued by earlier tests. */
export function clearOutboxes(): void {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('qk-outbox:')) localStorage.removeItem(key);
  }
}
