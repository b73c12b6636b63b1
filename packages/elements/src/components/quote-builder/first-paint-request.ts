// What the builder asks the Order API for before its code has rendered: the
// address of its first paint, worked out from the element's attributes alone.
// Without lit or pricing, so the autoloader can load it beside the element's
// chunk and start the request while the element's own code is still loading.
import { resolveLocale } from '../../internal/locale.js';

/** Who the builder is for: see the element's documentation. */
export type QuoteBuilderMode = 'visitor' | 'phone' | 'affiliate' | 'estimate';
const MODES: readonly QuoteBuilderMode[] = ['visitor', 'phone', 'affiliate', 'estimate'];

/** The `mode` attribute, with anything unknown read as `visitor`. */
export function readMode(mode: string | null | undefined): QuoteBuilderMode {
  return MODES.includes(mode as QuoteBuilderMode) ? (mode as QuoteBuilderMode) : 'visitor';
}

/** True when the `saved-quote` attribute is a server-stored quote's short id, not a link's text. */
export function isStoredQuoteId(text: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text);
}

export interface FirstPaintRequest {
  products: string | null;
  locale: string;
  currency: string | null;
  savedQuote: string | null;
  offerCode: string | null;
  mode: QuoteBuilderMode;
  /** The page's address, where a visitor's or rep's saved quote may be (`?quote=` or `?qid=`). */
  page: string;
}

/**
 * The one request that prices the opening quote on the server: the page's
 * products, its saved quote (the attribute, else the address's), the offer
 * code, locale and currency. Null for `estimate`, which paints no totals.
 * Throws on an api-base that is not an address.
 */
export function firstPaintUrl(apiBase: string, request: FirstPaintRequest): string | null {
  if (request.mode === 'estimate') return null;
  const url = new URL(`${apiBase.replace(/\/+$/, '')}/v1/catalog/first-paint`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const query = url.searchParams;
  const products = (request.products ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (products.length > 0) query.set('products', products.join(','));
  const saved = request.savedQuote?.trim();
  if (saved) {
    query.set(isStoredQuoteId(saved) ? 'qid' : 'saved', saved);
  } else if (request.mode === 'visitor' || request.mode === 'phone') {
    const page = new URL(request.page).searchParams;
    const text = page.get('quote');
    const id = page.get('qid');
    if (text !== null) query.set('saved', text);
    else if (id !== null) query.set('qid', id);
  }
  // A saved quote opens with its own offer code, as the builder applies the attribute's only without one.
  const opensSaved = query.has('saved') || query.has('qid');
  if (!opensSaved && request.offerCode?.trim()) query.set('offer', request.offerCode.trim());
  if (request.currency?.trim()) query.set('currency', request.currency.trim());
  query.set('locale', request.locale);
  return url.href;
}

/** First-paint answers requested ahead of the element, by address; one page-wide table. */
const EARLY = Symbol.for('quotekit.firstPaint');
type Early = Map<string, Promise<unknown>>;
const early = (): Early =>
  ((globalThis as { [EARLY]?: Early })[EARLY] ??= new Map<string, Promise<unknown>>());

/** Starts the first-paint request for `url` (its JSON, or null when it fails), for the element to take. */
export function requestFirstPaintEarly(url: string): void {
  if (early().has(url)) return;
  early().set(
    url,
    fetch(url, { credentials: 'omit' }).then(
      (res) => (res.ok ? res.json() : null),
      () => null,
    ),
  );
}

/**
 * Starts the first-paint request of a `<quote-builder>` from its attributes,
 * as the element itself will ask for it (nothing for a bad api-base or `estimate`).
 */
export function requestFirstPaintFor(builder: Element): void {
  const apiBase = builder.getAttribute('api-base');
  if (!apiBase) return;
  try {
    const url = firstPaintUrl(apiBase, {
      products: builder.getAttribute('products'),
      locale: resolveLocale(builder, builder.getAttribute('locale')),
      currency: builder.getAttribute('currency'),
      savedQuote: builder.getAttribute('saved-quote'),
      offerCode: builder.getAttribute('offer-code'),
      mode: readMode(builder.getAttribute('mode')),
      page: location.href,
    });
    if (url) requestFirstPaintEarly(url);
  } catch {
    // A bad api-base: the element reports it.
  }
}

/** The answer requested ahead for `url`, once: a later builder asks again. */
export function takeEarlyFirstPaint(url: string): Promise<unknown> | undefined {
  const answer = early().get(url);
  early().delete(url);
  return answer;
}
