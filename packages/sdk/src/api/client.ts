import {
  isQuotekitError,
  OfferCodeValidationSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  parseCatalog,
  parseWith,
  QuotekitError,
  SavedQuoteCreatedSchema,
  StoredSavedQuoteSchema,
  type Catalog,
  type OfferCodeValidation,
  type Order,
  type OrderRequest,
  type SavedQuoteCreated,
  type SavedQuoteCreateRequest,
  type StoredSavedQuote,
} from '@quotekit/core';
import {
  createOutboxStore,
  defaultStorage,
  withEntryLock,
  type OutboxEntry,
  type OutboxStorage,
} from '../outbox/outbox.js';
import { isRetryable, request, type RequestPolicy, type ResponseSchema } from './request.js';

export interface ClientOptions {
  /** The Order API's base URL, e.g. `https://api.example.com` (a trailing `/` is ignored). */
  baseUrl: string;
  /** The `fetch` used for every call. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time allowed for one attempt, body included, in ms. Default `10000`. */
  timeoutMs?: number;
  /** Further attempts after a network error, timeout, 5xx or 429. Default `3`. */
  retries?: number;
  /** Where pending orders wait. Default `localStorage` (in memory when the page may not use it). */
  storage?: OutboxStorage;
  /** First backoff in ms; each retry doubles it, with jitter. Default `500`. */
  retryDelayMs?: number;
  /** Longest backoff in ms; a `Retry-After` longer than this is not waited for. Default `30000`. */
  maxRetryDelayMs?: number;
  /** `fetch` credentials, so the server's `qk_ref_s` cookie travels. Default `'include'`. */
  credentials?: RequestCredentials;
  /** Send pending orders when the client is created and when the browser comes back `online`. Default `true`. */
  autoFlush?: boolean;
}

/** Options every call takes. */
export interface CallOptions {
  /** Aborting rejects the call with the signal's reason and stops its retries. */
  signal?: AbortSignal;
}

export interface SubmitOrderOptions extends CallOptions {
  /** The `Idempotency-Key`; default a fresh random UUID. Reuse one only to resend the same order. */
  idempotencyKey?: string;
  /**
   * A staff key (a sales rep's), sent as `Authorization: Bearer <key>`. Held
   * in this page's memory only, never in the outbox's storage: a queued order
   * carries it only while this page is open.
   */
  salesKey?: string;
}

export interface SavedQuoteOptions extends CallOptions {
  /**
   * A partner's key (or an admin key), sent as `Authorization: Bearer <key>`:
   * needed when the quote names an `affiliate`, since only that partner's own
   * key may save a quote that credits it (`403 forbidden` otherwise). Used
   * for this call only; never stored.
   */
  partnerKey?: string;
}

/** What `flushOutbox` did. */
export interface FlushResult {
  /** Orders the API accepted. */
  sent: number;
  /** Orders the API refused for good (a 4xx answer); they left the outbox. */
  failed: number;
  /** Orders still waiting. */
  pending: number;
}

/** An order from the outbox that reached a final answer: `order` on success, `error` on refusal. */
export interface OrderSettled {
  key: string;
  order?: Order;
  error?: QuotekitError;
}

export interface QuoteClient {
  readonly baseUrl: string;
  /** `GET /v1/catalog`, validated with core's catalog schema. */
  catalog(options?: CallOptions): Promise<Catalog>;
  /** `POST /v1/offer-codes/validate`: `{ valid: true, code, discountRate } | { valid: false, reason }`. */
  validateOfferCode(code: string, options?: CallOptions): Promise<OfferCodeValidation>;
  /**
   * `POST /v1/saved-quotes`: stores a quote server-side under a short id. A
   * quote naming `affiliate` needs that partner's key (`options.partnerKey`).
   */
  createSavedQuote(
    quote: SavedQuoteCreateRequest,
    options?: SavedQuoteOptions,
  ): Promise<SavedQuoteCreated>;
  /** `GET /v1/saved-quotes/:id`. */
  savedQuote(id: string, options?: CallOptions): Promise<StoredSavedQuote>;
  /**
   * `POST /v1/orders` through the outbox: the order and its `Idempotency-Key`
   * are stored before the first send and removed only after a 2xx or a final
   * 4xx. When the API cannot be reached, rejects with `network_error` and
   * `details.queued: true` (and `details.key`); the order is sent again later.
   */
  submitOrder(order: OrderRequest, options?: SubmitOrderOptions): Promise<Order>;
  /** Sends every pending order now, one at a time, skipping those another tab is sending. */
  flushOutbox(options?: CallOptions): Promise<FlushResult>;
  /** The pending orders, oldest first. */
  outbox(): OutboxEntry[];
  /** Calls `listener` when an outbox order gets its final answer; returns the unsubscribe function. */
  onOrderSettled(listener: (event: OrderSettled) => void): () => void;
  /** Stops listening for `online`. */
  close(): void;
}

/**
 * The Order API client. Errors are `QuotekitError`s: `network_error`,
 * `timeout`, `rate_limited` (`details.retryAfter`, seconds),
 * `price_changed` (`details.quote`, the server's quote), `invalid_response`,
 * the server's own code for any other error answer (`unknown_product`,
 * `invalid_offer_code`, `not_found`, …; `details.status` and the server's
 * details), `api_error` only when the answer carries no code of ours, and
 * `invalid_order` before sending an order that could never be accepted.
 */
export function createClient(options: ClientOptions): QuoteClient {
  if (options === null || typeof options !== 'object' || typeof options.baseUrl !== 'string') {
    throw new QuotekitError(
      'invalid_options',
      'createClient needs { baseUrl }, the Order API address, e.g. "https://api.example.com".',
      {},
    );
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const policy: RequestPolicy = {
    baseUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: Math.max(0, options.retries ?? 3),
    retryDelayMs: options.retryDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    credentials: options.credentials ?? 'include',
  };
  // Long enough for every attempt and wait of one delivery.
  const leaseMs = (policy.timeoutMs + policy.maxRetryDelayMs) * (policy.retries + 1);
  const store = createOutboxStore(options.storage ?? defaultStorage(), baseUrl);
  const listeners = new Set<(event: OrderSettled) => void>();
  // Staff keys by Idempotency-Key: memory only, so no key is ever written to storage.
  const salesKeys = new Map<string, string>();
  const emit = (event: OrderSettled) => {
    salesKeys.delete(event.key);
    for (const listener of listeners) listener(event);
  };

  const call = <T>(
    method: 'GET' | 'POST',
    path: string,
    schema: ResponseSchema<T>,
    body: unknown,
    signal: AbortSignal | undefined,
  ) => request(policy, { method, path, schema, body, signal });

  /** One delivery of an outbox entry, with retries; settles the entry on a final answer. */
  const deliver = async (key: string, order: OrderRequest, signal?: AbortSignal) => {
    const entry = store.get(key);
    if (entry) store.put({ ...entry, attempts: entry.attempts + 1 });
    try {
      const { order: accepted } = await request(policy, {
        method: 'POST',
        path: '/v1/orders',
        body: order,
        headers: {
          'idempotency-key': key,
          ...(salesKeys.has(key) ? { authorization: `Bearer ${salesKeys.get(key)}` } : {}),
        },
        schema: OrderResponseSchema,
        signal,
      });
      store.remove(key);
      emit({ key, order: accepted });
      return accepted;
    } catch (error) {
      if (signal?.aborted || !isQuotekitError(error)) throw error;
      if (isRetryable(error)) {
        const latest = store.get(key);
        if (latest) store.put({ ...latest, lastError: error.code });
        throw new QuotekitError(
          'network_error',
          'The order could not be sent yet. It is saved on this device and will be sent when the connection is back.',
          {
            queued: true,
            key,
            cause: error.code,
            ...(error.details?.status === undefined ? {} : { status: error.details.status }),
            ...(error.details?.retryAfter === undefined
              ? {}
              : { retryAfter: error.details.retryAfter }),
          },
        );
      }
      // A 2xx we cannot read (invalid_response) still means the order exists; a 4xx is final.
      store.remove(key);
      emit({ key, error });
      throw error;
    }
  };

  let flushing: Promise<FlushResult> | undefined;
  const flush = async (signal?: AbortSignal): Promise<FlushResult> => {
    let sent = 0;
    let failed = 0;
    for (const { key } of store.list()) {
      const outcome = await withEntryLock(
        store,
        key,
        { wait: false, leaseMs, signal },
        async () => {
          // Read again under the lock: another tab may have sent it meanwhile.
          const entry = store.get(key);
          if (entry === null) return 'gone';
          try {
            await deliver(key, entry.order, signal);
            return 'sent';
          } catch (error) {
            if (signal?.aborted) throw error;
            return isQuotekitError(error) && error.details?.queued === true ? 'pending' : 'failed';
          }
        },
      );
      if (outcome.busy) continue;
      if (outcome.value === 'sent') sent += 1;
      if (outcome.value === 'failed') failed += 1;
      // The API is out of reach: the rest would only wait for the same timeouts.
      if (outcome.value === 'pending') break;
    }
    return { sent, failed, pending: store.list().length };
  };

  const flushOutbox = (callOptions: CallOptions = {}) =>
    (flushing ??= flush(callOptions.signal).finally(() => (flushing = undefined)));

  const onOnline = () => void flushOutbox().catch(() => {});
  const autoFlush = options.autoFlush ?? true;
  if (autoFlush && typeof addEventListener === 'function') {
    addEventListener('online', onOnline);
    // A later page sends what an earlier one left behind.
    if (store.list().length > 0) setTimeout(onOnline, 0);
  }

  return {
    baseUrl,
    catalog: async ({ signal } = {}) => {
      const json = await call('GET', '/v1/catalog', anything, undefined, signal);
      try {
        return parseCatalog(json);
      } catch (error) {
        throw new QuotekitError(
          'invalid_response',
          'The quote service sent a catalog this page cannot read.',
          { problems: isQuotekitError(error) ? error.details?.problems : undefined },
        );
      }
    },
    validateOfferCode: (code, { signal } = {}) =>
      call('POST', '/v1/offer-codes/validate', OfferCodeValidationSchema, { code }, signal),
    createSavedQuote: (quote, { signal, partnerKey } = {}) =>
      request(policy, {
        method: 'POST',
        path: '/v1/saved-quotes',
        schema: SavedQuoteCreatedSchema,
        body: quote,
        signal,
        ...(partnerKey ? { headers: { authorization: `Bearer ${partnerKey}` } } : {}),
      }),
    savedQuote: (id, { signal } = {}) =>
      call(
        'GET',
        `/v1/saved-quotes/${encodeURIComponent(id)}`,
        StoredSavedQuoteSchema,
        undefined,
        signal,
      ),
    async submitOrder(order, { signal, idempotencyKey, salesKey } = {}) {
      signal?.throwIfAborted();
      const valid = parseWith(OrderRequestSchema, order, 'invalid_order', 'order');
      const key = idempotencyKey ?? newIdempotencyKey();
      if (salesKey) salesKeys.set(key, salesKey);
      if (store.get(key) === null) {
        store.put({ key, order: valid, createdAt: new Date().toISOString(), attempts: 0 });
      }
      const outcome = await withEntryLock(store, key, { wait: true, leaseMs, signal }, () =>
        // Sent even when another tab delivered it while we waited for the lock:
        // the same key answers with the same order, and this caller needs it.
        deliver(key, store.get(key)?.order ?? valid, signal),
      );
      if (outcome.busy) throw new Error('unreachable: a waiting lock is never busy');
      return outcome.value;
    },
    flushOutbox,
    outbox: () => store.list().map(({ leaseUntil: _lease, ...entry }) => entry),
    onOrderSettled(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (typeof removeEventListener === 'function') removeEventListener('online', onOnline);
    },
  };
}

/** Accepts any JSON: the catalog is checked by `parseCatalog` afterwards. */
const anything: ResponseSchema<unknown> = {
  safeParse: (input) => ({ success: true, data: input }),
};

/** A random UUID v4 for an `Idempotency-Key`, also on plain-http pages where `crypto.randomUUID` is absent. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
