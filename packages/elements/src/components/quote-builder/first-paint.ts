import { html, nothing } from 'lit';
import type { Translate } from './controllers/host.js';
import { isStoredQuoteId, type QuoteBuilderMode } from './attributes.js';

/** What `GET /v1/catalog/first-paint` answers that the builder paints before its pricing loads. */
export interface FirstPaint {
  quote: { totals: { oneTime: string; discount: string } };
  formatted: {
    locale: string;
    currency: string;
    monthlyPayment: string;
    oneTime: string;
    discount: string;
    discountRate: string;
  };
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
 */
export function firstPaintUrl(apiBase: string, request: FirstPaintRequest): string | null {
  if (request.mode === 'estimate') return null;
  const url = new URL(`${apiBase.replace(/\/+$/, '')}/v1/catalog/first-paint`);
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

const isText = (value: unknown): value is string => typeof value === 'string';

/** The answer when it has the shape the builder paints, else null (the builder then waits for its own pricing). */
export function readFirstPaint(body: unknown): FirstPaint | null {
  const paint = body as Partial<FirstPaint> | null;
  const f = paint?.formatted;
  const totals = paint?.quote?.totals;
  const ok =
    f !== undefined &&
    totals !== undefined &&
    [f.locale, f.currency, f.monthlyPayment, f.oneTime, f.discount, f.discountRate].every(isText) &&
    isText(totals.oneTime) &&
    isText(totals.discount);
  return ok ? (paint as FirstPaint) : null;
}

/** Fetches the first paint; null when it fails, as the builder's own catalog request reports problems. */
export async function loadFirstPaint(url: string, signal: AbortSignal): Promise<FirstPaint | null> {
  try {
    const res = await fetch(url, { signal, credentials: 'omit' });
    return res.ok ? readFirstPaint(await res.json()) : null;
  } catch {
    return null;
  }
}

/** The totals as `renderTotals` shows them, from the server's formatted text. */
export function renderPaintedTotals(t: Translate, paint: FirstPaint) {
  const f = paint.formatted;
  const zero = (amount: string) => Number(amount) === 0;
  return html`<dl part="totals">
    <dt>${t('monthly')}</dt>
    <dd part="total-amount">${f.monthlyPayment}</dd>
    ${
      zero(paint.quote.totals.oneTime)
        ? nothing
        : html`<dt>${t('oneTime')}</dt>
            <dd>${f.oneTime}</dd>`
    }
    ${
      zero(paint.quote.totals.discount)
        ? nothing
        : html`<dt>${t('discount')} (${f.discountRate})</dt>
            <dd>−${f.discount}</dd>`
    }
  </dl>`;
}
