import {
  isQuotekitError,
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

/** `$catalog`: loading until the client answers, unless a catalog was given. */
export interface CatalogState {
  status: 'loading' | 'ready' | 'error';
  catalog: Catalog | null;
  error: QuotekitError | null;
}

/** `$quoteConfig`: what the visitor chose. */
export interface QuoteConfigState {
  lines: QuoteLineInput[];
  /** A currency of the catalog's price books; default the catalog's own. */
  currency?: string;
  /** The server-stored quote this configuration came from, sent with the order. */
  savedQuoteId?: string;
}

/** `$offer`: the offer code and what the server said of it. */
export interface OfferState {
  status: 'none' | 'checking' | 'valid' | 'invalid' | 'error';
  code: string | null;
  /** The customer's discount (`"0.05"`) when `valid`. */
  discountRate: string | null;
  /** Why the server refused the code when `invalid` (`unknown`, `inactive`, `malformed`). */
  reason: string | null;
  /** Why the code could not be checked when `error` (`rate_limited`, `network_error`, …). */
  error: QuotekitError | null;
}

/** `$pricedQuote`: core's `priceQuote` of the configuration with the valid offer's discount. */
export interface PricedQuoteState {
  quote: PricedQuote | null;
  /** Why the configuration cannot be priced (`invalid_quantity`, `unknown_product`, …). */
  error: QuotekitError | null;
}

/** `$order`: where the last order stands. */
export interface OrderState {
  status: 'idle' | 'submitting' | 'queued' | 'done' | 'error';
  order: Order | null;
  error: QuotekitError | null;
  /** The order's `Idempotency-Key` once submitted. */
  key: string | null;
}

export interface QuoteStoresOptions {
  client: QuoteClient;
  /** Supplies `$attribution` and the order's `attribution`. Default: none. */
  attribution?: AttributionTracker;
  /** A catalog to price with; when given, `$catalog` never fetches. Default: fetched from the client on mount. */
  catalog?: Catalog;
}

export interface SubmitOrderInput extends CallOptions {
  customer: Customer;
  /** Default `'web'`. Phone orders need an offer code and `salesRep`. */
  channel?: OrderChannel;
  salesRep?: string;
}

export interface QuoteStores {
  $catalog: ReadableAtom<CatalogState>;
  $quoteConfig: ReadableAtom<QuoteConfigState>;
  $offer: ReadableAtom<OfferState>;
  $pricedQuote: ReadableAtom<PricedQuoteState>;
  $attribution: ReadableAtom<AttributionRecord | null>;
  $order: ReadableAtom<OrderState>;
  /** Replaces every line. */
  setLines(lines: QuoteLineInput[]): void;
  /** Sets one product's quantity, adding the line if needed; `0` or `null` removes it. */
  setQuantity(product: string, quantity: number | string | null): void;
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
  /** Stores the configuration on the server (`client.createSavedQuote`) with the offer code and affiliate. */
  saveQuote(options?: CallOptions): Promise<SavedQuoteCreated>;
  /**
   * Orders the priced quote through the client's outbox. Only from `idle` or
   * `error`: a second click while `submitting` or `queued` returns the
   * current state instead of making a second order.
   */
  submitOrder(input: SubmitOrderInput): Promise<OrderState>;
  /** Back to `idle`, to start another order. */
  resetOrder(): void;
  /** Fetches the catalog again (after an `error`). */
  reloadCatalog(): void;
}

const NO_OFFER: OfferState = {
  status: 'none',
  code: null,
  discountRate: null,
  reason: null,
  error: null,
};
const IDLE: OrderState = { status: 'idle', order: null, error: null, key: null };

/**
 * The nanostores a quote widget reads. A factory: widgets share state only
 * when they are given the same stores. Nothing is fetched until `$catalog`
 * (or `$pricedQuote`, which reads it) gets its first listener.
 */
export function createQuoteStores(options: QuoteStoresOptions): QuoteStores {
  const { client, attribution } = options;
  const $catalog = atom<CatalogState>(
    options.catalog
      ? { status: 'ready', catalog: options.catalog, error: null }
      : { status: 'loading', catalog: null, error: null },
  );
  const $quoteConfig = atom<QuoteConfigState>({ lines: [] });
  const $offer = atom<OfferState>(NO_OFFER);
  const $attribution = atom<AttributionRecord | null>(attribution?.current() ?? null);
  const $order = atom<OrderState>(IDLE);

  let catalogLoad: AbortController | undefined;
  const loadCatalog = () => {
    catalogLoad?.abort();
    const controller = (catalogLoad = new AbortController());
    $catalog.set({ status: 'loading', catalog: null, error: null });
    client.catalog({ signal: controller.signal }).then(
      (catalog) => {
        if (!controller.signal.aborted) $catalog.set({ status: 'ready', catalog, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          $catalog.set({ status: 'error', catalog: null, error: asError(error) });
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
    if (!attribution) return;
    $attribution.set(attribution.current());
    return attribution.subscribe((record) => $attribution.set(record));
  });

  const $pricedQuote = computed(
    [$catalog, $quoteConfig, $offer],
    (catalogState, config, offer): PricedQuoteState => {
      if (catalogState.catalog === null) return { quote: null, error: null };
      try {
        const quote = priceQuote(catalogState.catalog, {
          lines: config.lines,
          ...(config.currency ? { currency: config.currency } : {}),
          ...(offer.status === 'valid' && offer.discountRate
            ? { discountRate: offer.discountRate }
            : {}),
        });
        return { quote, error: null };
      } catch (error) {
        return { quote: null, error: asError(error) };
      }
    },
  );

  let offerCheck: AbortController | undefined;
  const applyOfferCode = async (code: string, { signal }: CallOptions = {}) => {
    offerCheck?.abort();
    const text = code.trim();
    if (text === '') {
      $offer.set(NO_OFFER);
      return NO_OFFER;
    }
    const controller = (offerCheck = new AbortController());
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    $offer.set({ ...NO_OFFER, status: 'checking', code: text });
    let next: OfferState;
    try {
      const answer = await client.validateOfferCode(text, { signal: controller.signal });
      next = answer.valid
        ? { ...NO_OFFER, status: 'valid', code: answer.code, discountRate: answer.discountRate }
        : { ...NO_OFFER, status: 'invalid', code: text, reason: answer.reason };
    } catch (error) {
      // A newer check (or the caller) took over: leave `$offer` to it.
      if (controller.signal.aborted) return $offer.get();
      next = { ...NO_OFFER, status: 'error', code: text, error: asError(error) };
    }
    $offer.set(next);
    return next;
  };

  const setConfig = (change: Partial<QuoteConfigState>) => {
    const next = { ...$quoteConfig.get(), ...change };
    for (const key of ['currency', 'savedQuoteId'] as const) {
      if (next[key] === undefined) delete next[key];
    }
    $quoteConfig.set(next);
  };

  client.onOrderSettled(({ key, order, error }) => {
    const state = $order.get();
    if (state.key !== key || state.status !== 'queued') return;
    $order.set(
      order
        ? { status: 'done', order, error: null, key }
        : { status: 'error', order: null, error: error ?? null, key },
    );
  });

  return {
    $catalog,
    $quoteConfig,
    $offer,
    $pricedQuote,
    $attribution,
    $order,
    setLines: (lines) => setConfig({ lines: [...lines] }),
    setQuantity(product, quantity) {
      const lines = $quoteConfig.get().lines.filter((line) => line.product !== product);
      const at = $quoteConfig.get().lines.findIndex((line) => line.product === product);
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
    saveQuote({ signal } = {}) {
      const { lines, currency } = $quoteConfig.get();
      const offer = $offer.get();
      const affiliate = attribution?.current()?.affiliate;
      return client.createSavedQuote(
        {
          quote: { lines, ...(currency ? { currency } : {}) },
          ...(offer.status === 'valid' && offer.code ? { offerCode: offer.code } : {}),
          ...(affiliate ? { affiliate } : {}),
        },
        signal ? { signal } : {},
      );
    },
    async submitOrder({ customer, channel = 'web', salesRep, signal }) {
      const current = $order.get();
      if (current.status === 'submitting' || current.status === 'queued') return current;
      const priced = $pricedQuote.get();
      if (priced.quote === null) {
        const error =
          priced.error ??
          new QuotekitError('invalid_quote', 'The quote is not priced yet; wait for the catalog.');
        const state: OrderState = { status: 'error', order: null, error, key: null };
        $order.set(state);
        return state;
      }
      const config = $quoteConfig.get();
      const offer = $offer.get();
      const referrer = attribution?.current();
      const order: OrderRequest = {
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
          ? { attribution: { affiliate: referrer.affiliate, method: referrer.method } }
          : {}),
      };
      const key = newIdempotencyKey();
      $order.set({ status: 'submitting', order: null, error: null, key });
      let state: OrderState;
      try {
        const accepted = await client.submitOrder(order, {
          idempotencyKey: key,
          ...(signal ? { signal } : {}),
        });
        state = { status: 'done', order: accepted, error: null, key };
      } catch (error) {
        const failure = asError(error);
        // Aborted after it was stored, the order still waits in the outbox: it is queued.
        const waiting =
          failure.details?.queued === true || client.outbox().some((entry) => entry.key === key);
        state = waiting
          ? { status: 'queued', order: null, error: failure, key }
          : { status: 'error', order: null, error: failure, key };
      }
      // A settle event may already have finished a queued order.
      if ($order.get().status === 'submitting') $order.set(state);
      return $order.get();
    },
    resetOrder: () => $order.set(IDLE),
    reloadCatalog: loadCatalog,
  };
}

function asError(error: unknown): QuotekitError {
  if (isQuotekitError(error)) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new QuotekitError('aborted', 'The request was cancelled.');
  }
  return new QuotekitError(
    'unexpected_error',
    error instanceof Error ? error.message : String(error),
  );
}
