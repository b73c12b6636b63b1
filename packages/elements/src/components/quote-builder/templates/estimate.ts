import { savedQuoteUrl } from '@quotekit/sdk';
import { html, nothing } from 'lit';
import { count, money } from '../../../internal/format.js';
import { productUnit } from '../words.js';
import { safeUrl } from '../attributes.js';
import type { View } from './view.js';

/** `estimate`: one product's slider and its monthly price, with a link to the full pricing. */
export function renderEstimate(
  view: View,
  id: string | undefined,
  href: string | null,
  onQuantity: (product: string, value: string) => void,
) {
  const { session, catalog, quote, locale, t } = view;
  const product = catalog.products.find((p) => p.id === id);
  if (!product) return html`<p class="muted">${t('emptyProducts')}</p>`;
  const config = session.$config.get();
  const entered = config.lines.find((l) => l.product === id)?.quantity ?? 0;
  const bounds = product.quantity ?? {};
  const max = bounds.max ?? 500;
  const amount = quote ? money(quote.totals.monthlyPayment, quote.currency, locale) : '';
  const fallback = t('unitFallback');
  const units = productUnit(product, entered, locale, fallback);
  // Two controls for one number: each gets its own short name, and the group the product's.
  const many = { units: productUnit(product, 2, locale, fallback) };
  const link =
    href && quote
      ? safeUrl(() =>
          savedQuoteUrl(href, {
            lines: config.lines,
            ...(config.currency ? { currency: config.currency } : {}),
          }),
        )
      : null;
  const onInput = (e: Event) => onQuantity(product.id, (e.target as HTMLInputElement).value);
  return html`<div class="estimate" role="group" aria-label=${product.name}>
    <label for="estimate-range" class="visually-hidden">${t('estimateSlider', many)}</label>
    <input
      id="estimate-range"
      type="range"
      min=${bounds.min ?? 0}
      max=${max}
      step=${bounds.step ?? 1}
      .value=${String(entered)}
      @input=${onInput}
    />
    <label for="estimate-number" class="visually-hidden">${t('estimateNumber', many)}</label>
    <input
      id="estimate-number"
      type="number"
      min=${bounds.min ?? 0}
      max=${max}
      step=${bounds.step ?? 1}
      .value=${String(entered)}
      @input=${onInput}
    />
    <output part="total-amount" for="estimate-range estimate-number"
      >${amount ? t('estimateFor', { amount, count: count(entered, locale), unit: units }) : ''}</output
    >
    ${link ? html`<a href=${link}>${t('seeFullPricing')}</a>` : nothing}
  </div>`;
}
