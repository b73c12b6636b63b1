import {
  groupName,
  isWholeUnit,
  maxQuantityOf,
  nextTier,
  productName,
  type PricedQuote,
  type Product,
} from '@quotekit/core';
import { savedQuoteUrl, storedQuoteUrl } from '@quotekit/sdk';
import { html, nothing } from 'lit';
import { count, money, percent } from '../../../internal/format.js';
import { currenciesOf, safeUrl, type ProductLayout, type ProductSection } from '../attributes.js';
import { lineWords, nextTierWords, productUnit } from '../words.js';
import type { View } from './view.js';

type SetQuantity = (product: string, value: string, input: HTMLInputElement) => void;

/**
 * The products with their quantities (or, `readonly`, the quote's lines) and
 * their prices: the required lines first, then the open products under their
 * groups, then the rest behind "More products". `notes` holds, per product,
 * what the builder corrected in its quantity.
 */
export function renderLines(
  view: View,
  layout: ProductLayout,
  readonly: boolean,
  onQuantity: SetQuantity,
  notes: ReadonlyMap<string, string> = new Map(),
) {
  const { session, catalog, quote, locale, t } = view;
  const currency = quote?.currency ?? session.$config.get().currency ?? catalog.currency;
  const lines = session.$config.get().lines;
  const all = [...layout.required, ...layout.open.flatMap((s) => s.ids)];
  if (all.length === 0) return html`<p class="muted">${t('emptyProducts')}</p>`;
  const words = t as (key: string, values?: Record<string, string | number>) => string;
  const row = (id: string, required = false) => {
    const product = catalog.products.find((p) => p.id === id)!;
    const name = productName(product, locale);
    const entered = lines.find((l) => l.product === id)?.quantity ?? 0;
    const line = quote?.lines.find((l) => l.product === id);
    const said = line ? lineWords(line, currency, locale, words) : '';
    const hint = readonly ? null : tierHint(view, product, entered, currency);
    const note = notes.get(id);
    return html`<li class=${required ? 'product required' : 'product'}>
      ${
        readonly
          ? html`<span>${count(entered, locale)} × ${name}</span><span></span>`
          : required
            ? html`<span class="name">${name}</span>
                <span class="included">${t('requiredLine')}</span>`
            : renderQuantity(product, name, entered, onQuantity, note ? `n-${id}` : null)
      }
      <span class="amount">${line ? money(line.net, currency, locale) : ''}</span>
      ${said ? html`<p class="words muted">${said}</p>` : nothing}
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}
      ${note ? html`<p class="note" id=${`n-${id}`} role="status">${note}</p>` : nothing}
    </li>`;
  };
  const section = (s: ProductSection) =>
    s.group
      ? html`<section class="group" aria-labelledby=${`g-${s.group.id}`}>
          <h3 id=${`g-${s.group.id}`}>${groupName(s.group, locale)}</h3>
          <ul>
            ${s.ids.map((id) => row(id))}
          </ul>
        </section>`
      : html`<ul>
          ${s.ids.map((id) => row(id))}
        </ul>`;
  const topUp = quote?.lines.find((l) => l.breakdown.model === 'top_up');
  const more = layout.more;
  const moreEntered = more?.some((s) =>
    s.ids.some((id) => lines.some((l) => l.product === id && Number(l.quantity) !== 0)),
  );
  return html`<div part="products">
    ${
      layout.required.length > 0
        ? html`<ul>
            ${layout.required.map((id) => row(id, true))}
          </ul>`
        : nothing
    }
    ${layout.open.map(section)}
    ${
      more
        ? html`<details class="more" ?open=${moreEntered}>
            <summary>${t('moreProducts')}</summary>
            ${more.map(section)}
          </details>`
        : nothing
    }
    ${
      topUp
        ? html`<ul>
            <li class="product">
              <span>${t('topUpLabel')}</span><span></span>
              <span class="amount">${money(topUp.net, currency, locale)}</span>
              <p class="words muted">${lineWords(topUp, currency, locale, words)}</p>
            </li>
          </ul>`
        : nothing
    }
  </div>`;
}

function renderQuantity(
  product: Product,
  name: string,
  entered: number | string,
  onQuantity: SetQuantity,
  noteId: string | null,
) {
  const id = `q-${product.id}`;
  const max = maxQuantityOf(product);
  const onOff = product.price.model === 'flat' && (max ?? 1) <= 1;
  if (onOff) {
    return html`<label for=${id}>${name}</label>
      <input
        id=${id}
        type="checkbox"
        .checked=${Number(entered) > 0}
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          onQuantity(product.id, input.checked ? '1' : '0', input);
        }}
      />`;
  }
  const bounds = product.quantity ?? {};
  return html`<label for=${id}>${name}</label>
    <input
      id=${id}
      type="number"
      inputmode=${isWholeUnit(product) ? 'numeric' : 'decimal'}
      min=${bounds.min ?? 0}
      max=${max ?? nothing}
      step=${bounds.step ?? 1}
      aria-describedby=${noteId ?? nothing}
      .value=${String(entered)}
      @input=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        onQuantity(product.id, input.value, input);
      }}
    />`;
}

function tierHint(view: View, product: Product, entered: number | string, currency: string) {
  const model = product.price.model;
  if (model !== 'graduated' && model !== 'volume') return null;
  try {
    const next = nextTier(view.catalog, { product: product.id, quantity: entered || 0, currency });
    if (!next) return null;
    const unit = productUnit(product, 1, view.locale, view.t('unitFallback'));
    return nextTierWords(next, unit, currency, view.locale, view.t as never);
  } catch {
    return null;
  }
}

/** The currency picker, when the catalog has more than one. */
export function renderCurrency(view: View, onCurrency: (code: string) => void) {
  const { session, catalog, t } = view;
  const codes = currenciesOf(catalog);
  if (codes.length < 2) return nothing;
  const chosen = session.$config.get().currency ?? catalog.currency;
  return html`<div class="field">
    <label for="currency">${t('currency')}</label>
    <select
      id="currency"
      @change=${(e: Event) => onCurrency((e.target as HTMLSelectElement).value)}
    >
      ${codes.map((code) => html`<option value=${code} ?selected=${code === chosen}>${code}</option>`)}
    </select>
  </div>`;
}

export function renderTotals(view: View, quote: PricedQuote) {
  const { locale, t } = view;
  const m = (amount: string) => money(amount, quote.currency, locale);
  const zero = (amount: string) => Number(amount) === 0;
  return html`<dl part="totals">
    <dt>${t('monthly')}</dt>
    <dd part="total-amount">${m(quote.totals.monthlyPayment)}</dd>
    ${
      zero(quote.totals.oneTime)
        ? nothing
        : html`<dt>${t('oneTime')}</dt>
            <dd>${m(quote.totals.oneTime)}</dd>`
    }
    ${
      zero(quote.totals.discount)
        ? nothing
        : html`<dt>${t('discount')} (${percent(quote.discountRate, locale)})</dt>
            <dd>−${m(quote.totals.discount)}</dd>`
    }
  </dl>`;
}

/**
 * `readonly`: the "Order this" link to the vendor's pricing page with the
 * quote. Opened from a server-stored quote, it links to that quote
 * (`?qid=`), so an order from it is the affiliate's by `saved_quote` even
 * if the visitor then removes the code; otherwise it carries the quote's text
 * (`?quote=`), whose affiliate credits nobody on its own.
 */
export function renderOrderThis(view: View, orderUrl: string | null, affiliate: string | null) {
  if (!orderUrl) return nothing;
  const config = view.session.$config.get();
  const offer = view.session.$offer.get();
  const link = safeUrl(() =>
    config.savedQuoteId
      ? storedQuoteUrl(orderUrl, config.savedQuoteId)
      : savedQuoteUrl(orderUrl, {
          lines: config.lines,
          ...(config.currency ? { currency: config.currency } : {}),
          ...(offer.code && offer.status === 'valid' ? { offerCode: offer.code } : {}),
          ...(affiliate ? { affiliate } : {}),
        }),
  );
  return link ? html`<a class="button" href=${link}>${view.t('orderThis')}</a>` : nothing;
}
