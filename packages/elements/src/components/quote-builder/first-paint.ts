import { html, nothing } from 'lit';
import type { Translate } from './controllers/host.js';

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
