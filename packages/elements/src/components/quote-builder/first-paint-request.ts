// What the builder asks the Order API for before its pricing is loaded: the
// address of its first paint, worked out from its attributes alone (no lit,
// no pricing).

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
