import { toQuotekitError } from '../errors.js';
import {
  priceQuote,
  QuotekitError,
  type Catalog,
  type Customer,
  type Order,
  type OrderChannel,
  type OrderRequest,
  type PricedQuote,
  type QuoteLineInput,
  type SavedQuoteCreated,
  type SavedQuoteLink,
  type StoredSavedQuote,
} from '@quotekit/core';
import { atom, computed, onMount, type ReadableAtom } from 'nanostores';
import type { AttributionTracker, AttributionRecord } from '../attribution/attribution.js';
import { newIdempotencyKey, type CallOptions, type QuoteClient } from '../api/client.js';
import { answeredOffer, failedOffer, NO_OFFER, type OfferState } from '../offer/offer-check.js';

/** `$catalog`: loading until the client answers, unless a catalog was given. */
export interface CatalogState {
  status: 'loading' | 'ready' | 'error';
  catalog: Catalog | null;
  error: QuotekitError | null;
}

/** `$config`: what the visitor chose. */
export interface QuoteConfigState {
  lines: QuoteLineInput[];
  /** A currency of the catalog's price books; default the catalog's own. */
  currency?: string;
  /** The server-stored quote this configuration came from, sent with the order. */
  savedQuoteId?: string;
}

export type { OfferState };

/** `$quote`: core's `priceQuote` of the configuration, with the valid offer's discount. */
export interface QuoteState {
  /** `loading` until the catalog is in; `error` when the catalog failed or the configuration cannot be priced. */
  status: 'loading' | 'ready' | 'error';
  quote: PricedQuote | null;
  /** Why there is no quote (`network_error`, `invalid_quantity`, `unknown_product`, …). */
  error: QuotekitError | null;
}

/** `$order`: where the last order stands. */
export interface OrderState {
  /**
   * `queued`: saved on this device, sent when the connection is back.
   * `price_changed`: the server prices the quote differently; `serverQuote`
   * is its quote, and `confirmPriceChange()` orders at that price.
   */
  status: 'idle' | 'submitting' | 'queued' | 'done' | 'price_changed' | 'error';
  order: Order | null;
  error: QuotekitError | null;
  /** The order's `Idempotency-Key` once submitted. */
  key: string | null;
  /** The server's priced quote when `price_changed`. */
  serverQuote: PricedQuote | null;
}

export interface QuoteSessionOptions {
  client: QuoteClient;
  /** Supplies `$attribution` and the order's `attribution`. Default: none. */
  attribution?: AttributionTracker;
  /** A catalog to price with; when given, `$catalog` never fetches. Default: fetched from the client on mount. */
  catalog?: Catalog;
  /** The clock, in ms since the epoch (for `retryAt`). Default `Date.now`. */
  now?: () => number;
}

export interface SubmitOrderInput extends CallOptions {
  customer: Customer;
  /** Default `'web'`. Phone orders need an offer code and `salesRep`. */
  channel?: OrderChannel;
  salesRep?: string;
  /** A sales rep's staff key, sent as `Authorization: Bearer`; kept in memory only. */
  salesKey?: string;
}

/**
 * One quote being configured and ordered: small stores that start nothing
 * until something listens, and the actions that change them.
 */
export interface QuoteSession {
  readonly client: QuoteClient;
  /** The tracker that supplies `$attribution`, when the session has one. */
  readonly attribution: AttributionTracker | null;
  $catalog: ReadableAtom<CatalogState>;
  $config: ReadableAtom<QuoteConfigState>;
  $offer: ReadableAtom<OfferState>;
  $quote: ReadableAtom<QuoteState>;
  $attribution: ReadableAtom<AttributionRecord | null>;
  $order: ReadableAtom<OrderState>;
  /** Replaces every line. */
  setLines(lines: QuoteLineInput[]): void;
  /** Sets one product's quantity, adding the line if needed; `0` or `null` removes it. */
  setQuantity(product: string, quantity: number | string | null): void;
  /** A currency of the catalog's price books; `undefined` for the catalog's own. */
  setCurrency(currency: string | undefined): void;
  /** Checks `code` with the server; an empty code clears the offer. Resolves to the new `$offer`. */
  applyOfferCode(code: string, options?: CallOptions): Promise<OfferState>;
  clearOfferCode(): void;
  /**
   * Restores a saved quote (from `openSavedQuote` or `openStoredQuote`):
   * lines, currency, the stored id, and its offer code, which is checked.
   */
  loadSavedQuote(
    quote: SavedQuoteLink | StoredSavedQuote,
    options?: CallOptions,
  ): Promise<OfferState>;
  /**
   * Stores the configuration on the server (`client.createSavedQuote`) with
   * the offer code. With `affiliate` and that partner's `partnerKey` (a
   * property of the affiliate's own page, never stored) the quote credits
   * the affiliate; `affiliate` without `partnerKey` rejects with
   * `invalid_options`. A quote saved without them credits nobody — a
   * visitor sharing a quote never passes their referrer on; their own visit
   * still credits their own order.
   */
  saveQuote(
    options?: CallOptions & { affiliate?: string; partnerKey?: string },
  ): Promise<SavedQuoteCreated>;
  /**
   * Orders the priced quote through the client's outbox. Only from `idle`,
   * `error` or `price_changed`: a second click while `submitting` or
   * `queued` returns the current state instead of making a second order.
   */
  submitOrder(input: SubmitOrderInput): Promise<OrderState>;
  /** After `price_changed`: orders again at the server's price, and reloads the catalog. */
  confirmPriceChange(options?: CallOptions): Promise<OrderState>;
  /** Back to `idle`, to start another order. */
  resetOrder(): void;
  /** Tries again what failed: the catalog after an `error`, the offer code after a network error. */
  retry(): void;
  /** Stops every request, timer and listener; the session does nothing afterwards. */
  dispose(): void;
}

const IDLE: OrderState = { status: 'idle', order: null, error: null, key: null, serverQuote: null };

/**
 * Makes a quote session. Elements share state only when they share a
 * session; `quoteSessionFor` gives one per API base on a page.
 *
 * @example
 * const session = createQuoteSession({ client: createClient({ baseUrl: 'https://api.example.com' }) });
 * session.$quote.subscribe(({ quote }) => console.log(quote?.totals.monthlyPayment));
 * session.setQuantity('starter-plus-user', 25);
 */
export function createQuoteSession(options: QuoteSessionOptions): QuoteSession {
  if (options === null || typeof options !== 'object' || !isClient(options.client)) {
    throw new QuotekitError(
      'invalid_options',
      'createQuoteSession needs { client }, a client made by createClient.',
      {},
    );
  }
  const { client, attribution } = options;
  const now = options.now ?? Date.now;
  const given = options.catalog;
  const $catalog = atom<CatalogState>(
    given
      ? { status: 'ready', catalog: given, error: null }
      : { status: 'loading', catalog: null, error: null },
  );
  const $config = atom<QuoteConfigState>({ lines: [] });
  const $offer = atom<OfferState>(NO_OFFER);
  const $attribution = atom<AttributionRecord | null>(attribution?.current() ?? null);
  const $order = atom<OrderState>(IDLE);
  let disposed = false;
  // Listeners taken while mounted; dispose() drops them even if still mounted.
  const cleanups = new Set<() => void>();
  const track = (stop: () => void) => {
    cleanups.add(stop);
    return () => {
      cleanups.delete(stop);
      stop();
    };
  };

  let catalogLoad: AbortController | undefined;
  const loadCatalog = () => {
    if (disposed || given) return;
    catalogLoad?.abort();
    const controller = (catalogLoad = new AbortController());
    $catalog.set({ status: 'loading', catalog: null, error: null });
    client.catalog({ signal: controller.signal }).then(
      (catalog) => {
        if (!controller.signal.aborted) $catalog.set({ status: 'ready', catalog, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          $catalog.set({ status: 'error', catalog: null, error: toQuotekitError(error) });
        }
      },
    );
  };
  onMount($catalog, () => {
    if ($catalog.get().status !== 'ready') loadCatalog();
    return () => {
      if ($catalog.get().status === 'loading') catalogLoad?.abort();
    };
  });

  onMount($attribution, () => {
    if (!attribution || disposed) return;
    $attribution.set(attribution.current());
    return track(attribution.subscribe((record) => $attribution.set(record)));
  });

  // A queued order settles when the outbox delivers it, possibly much later.
  onMount($order, () => {
    if (disposed) return;
    return track(
      client.onOrderSettled(({ key, order, error }) => {
        const state = $order.get();
        if (state.key !== key || state.status !== 'queued') return;
        $order.set(
          order
            ? { ...IDLE, status: 'done', order, key }
            : { ...IDLE, status: 'error', error: error ?? null, key },
        );
      }),
    );
  });

  const $quote = computed(
    [$catalog, $config, $offer],
    (catalogState, config, offer): QuoteState => {
      if (catalogState.status === 'error') {
        return { status: 'error', quote: null, error: catalogState.error };
      }
      if (catalogState.catalog === null) return { status: 'loading', quote: null, error: null };
      try {
        const quote = priceQuote(catalogState.catalog, {
          lines: config.lines,
          ...(config.currency ? { currency: config.currency } : {}),
          ...(offer.status === 'valid' && offer.discountRate
            ? { discountRate: offer.discountRate }
            : {}),
        });
        return { status: 'ready', quote, error: null };
      } catch (error) {
        return { status: 'error', quote: null, error: toQuotekitError(error) };
      }
    },
  );

  let offerCheck: AbortController | undefined;
  const applyOfferCode = async (code: string, { signal }: CallOptions = {}) => {
    offerCheck?.abort();
    const text = typeof code === 'string' ? code.trim() : '';
    if (text === '' || disposed) {
      $offer.set(NO_OFFER);
      return NO_OFFER;
    }
    const controller = (offerCheck = new AbortController());
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    $offer.set({ ...NO_OFFER, status: 'checking', code: text });
    let next: OfferState;
    try {
      next = answeredOffer(
        text,
        await client.validateOfferCode(text, { signal: controller.signal }),
      );
    } catch (error) {
      // A newer check (or the caller, or dispose) took over: leave `$offer` to it.
      if (controller.signal.aborted) return $offer.get();
      next = failedOffer(text, error, now());
    }
    $offer.set(next);
    return next;
  };

  const setConfig = (change: Partial<QuoteConfigState>) => {
    const next = { ...$config.get(), ...change };
    for (const key of ['currency', 'savedQuoteId'] as const) {
      if (next[key] === undefined) delete next[key];
    }
    $config.set(next);
  };

  let lastOrder: { input: SubmitOrderInput; request: OrderRequest } | undefined;

  const send = async (
    request: OrderRequest,
    input: SubmitOrderInput,
    signal: AbortSignal | undefined,
  ): Promise<OrderState> => {
    const key = newIdempotencyKey();
    lastOrder = { input, request };
    $order.set({ ...IDLE, status: 'submitting', key });
    let state: OrderState;
    try {
      const accepted = await client.submitOrder(request, {
        idempotencyKey: key,
        ...(input.salesKey ? { salesKey: input.salesKey } : {}),
        ...(signal ? { signal } : {}),
      });
      state = { ...IDLE, status: 'done', order: accepted, key };
    } catch (error) {
      const failure = toQuotekitError(error);
      // Aborted after it was stored, the order still waits in the outbox: it is queued.
      const waiting =
        failure.details?.queued === true || client.outbox().some((entry) => entry.key === key);
      const serverQuote = failure.code === 'price_changed' ? quoteIn(failure) : null;
      state = waiting
        ? { ...IDLE, status: 'queued', error: failure, key }
        : serverQuote
          ? { ...IDLE, status: 'price_changed', error: failure, key, serverQuote }
          : { ...IDLE, status: 'error', error: failure, key };
    }
    // A settle event may already have finished a queued order.
    if ($order.get().status === 'submitting' && $order.get().key === key) $order.set(state);
    return $order.get();
  };

  const fail = (error: QuotekitError): OrderState => {
    const state: OrderState = { ...IDLE, status: 'error', error };
    $order.set(state);
    return state;
  };

  return {
    client,
    attribution: attribution ?? null,
    $catalog,
    $config,
    $offer,
    $quote,
    $attribution,
    $order,
    setLines: (lines) => setConfig({ lines: [...lines] }),
    setQuantity(product, quantity) {
      const lines = $config.get().lines.filter((line) => line.product !== product);
      const at = $config.get().lines.findIndex((line) => line.product === product);
      if (quantity !== null && Number(quantity) !== 0) {
        lines.splice(at === -1 ? lines.length : at, 0, { product, quantity });
      }
      setConfig({ lines });
    },
    setCurrency: (currency) => setConfig({ currency }),
    applyOfferCode,
    clearOfferCode() {
      offerCheck?.abort();
      $offer.set(NO_OFFER);
    },
    loadSavedQuote(saved, callOptions = {}) {
      const stored = 'id' in saved && 'quote' in saved;
      const content = stored ? (saved as StoredSavedQuote).quote : (saved as SavedQuoteLink);
      setConfig({
        lines: content.lines.map(({ product, quantity }) => ({ product, quantity })),
        currency: content.currency,
        savedQuoteId: stored ? (saved as StoredSavedQuote).id : undefined,
      });
      return saved.offerCode
        ? applyOfferCode(saved.offerCode, callOptions)
        : Promise.resolve($offer.get());
    },
    saveQuote({ signal, affiliate, partnerKey } = {}) {
      const { lines, currency } = $config.get();
      const offer = $offer.get();
      // Only the affiliate's own key makes a quote that credits it.
      if (affiliate && !partnerKey) {
        return Promise.reject(
          new QuotekitError(
            'invalid_options',
            `A saved quote that credits ${affiliate} needs that partner's key: pass partnerKey.`,
          ),
        );
      }
      return client.createSavedQuote(
        {
          quote: { lines, ...(currency ? { currency } : {}) },
          ...(offer.status === 'valid' && offer.code ? { offerCode: offer.code } : {}),
          ...(affiliate ? { affiliate } : {}),
        },
        { ...(signal ? { signal } : {}), ...(partnerKey ? { partnerKey } : {}) },
      );
    },
    async submitOrder(input) {
      const current = $order.get();
      if (current.status === 'submitting' || current.status === 'queued') return current;
      if (disposed) return fail(new QuotekitError('aborted', 'This quote session was closed.'));
      const priced = $quote.get();
      if (priced.quote === null) {
        return fail(
          priced.error ??
            new QuotekitError(
              'invalid_quote',
              'The quote is still loading; try again in a moment.',
            ),
        );
      }
      const { customer, channel = 'web', salesRep, signal } = input;
      const config = $config.get();
      const offer = $offer.get();
      const referrer = attribution?.current();
      const request: OrderRequest = {
        quote: {
          lines: config.lines,
          ...(offer.status === 'valid' && offer.code ? { offerCode: offer.code } : {}),
          ...(config.savedQuoteId ? { savedQuoteId: config.savedQuoteId } : {}),
          ...(config.currency ? { currency: config.currency } : {}),
        },
        expectedMonthlyPayment: priced.quote.totals.monthlyPayment,
        customer,
        channel,
        ...(salesRep ? { salesRep } : {}),
        ...(referrer
          ? {
              attribution: {
                affiliate: referrer.affiliate,
                method: referrer.method,
                ...(referrer.token ? { token: referrer.token } : {}),
              },
            }
          : {}),
      };
      return send(request, input, signal);
    },
    async confirmPriceChange({ signal } = {}) {
      const current = $order.get();
      if (current.status !== 'price_changed' || !current.serverQuote || !lastOrder) return current;
      loadCatalog();
      const request = {
        ...lastOrder.request,
        expectedMonthlyPayment: current.serverQuote.totals.monthlyPayment,
      };
      return send(request, lastOrder.input, signal);
    },
    resetOrder: () => {
      lastOrder = undefined;
      $order.set(IDLE);
    },
    retry() {
      if ($catalog.get().status === 'error') loadCatalog();
      const offer = $offer.get();
      if (offer.status === 'error' && offer.code) void applyOfferCode(offer.code);
    },
    dispose() {
      disposed = true;
      catalogLoad?.abort();
      offerCheck?.abort();
      lastOrder = undefined;
      for (const stop of [...cleanups]) stop();
      cleanups.clear();
    },
  };
}

function isClient(value: unknown): value is QuoteClient {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as QuoteClient).catalog === 'function' &&
    typeof (value as QuoteClient).submitOrder === 'function'
  );
}

/** The server's priced quote in a `price_changed` error, when it has the shape of one. */
function quoteIn(error: QuotekitError): PricedQuote | null {
  const quote = error.details?.quote as PricedQuote | undefined;
  return quote && typeof quote === 'object' && typeof quote.totals?.monthlyPayment === 'string'
    ? quote
    : null;
}
