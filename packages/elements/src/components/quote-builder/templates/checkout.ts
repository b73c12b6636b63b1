import { productName } from '@quotekit/core';
import type { OrderState } from '@quotekit/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { count, money, percent } from '../../../internal/format.js';
import { errorText } from '../../../internal/words/errors.js';
import type { CheckoutController, Field } from '../controllers/checkout.js';
import type { View } from './view.js';

/** The order form (`phone`: the rep's form for the customer's details, after the read-back). */
export function renderCheckout(
  view: View,
  checkout: CheckoutController,
  phone: boolean,
  salesKey: string | null,
) {
  const { session, quote, t } = view;
  const order = session.$order.get();
  // A finished order shows its receipt in place of the whole builder (see renderReceipt).
  const busy = order.status === 'submitting' || order.status === 'queued';
  // A phone order needs the rep signed in (the Order API names the rep from
  // the sales key) and the customer's offer code.
  const keyMissing = phone && !salesKey;
  const offerMissing = keyMissing || (phone && session.$offer.get().status !== 'valid');
  const { fields, errors } = checkout;
  const field = (name: Field, label: string, type = 'text', autocomplete = 'off') => html`
    <div class="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        type=${type}
        autocomplete=${autocomplete}
        .value=${fields[name]}
        aria-invalid=${errors[name] ? 'true' : 'false'}
        aria-describedby=${errors[name] ? `${name}-error` : nothing}
        @input=${(e: Event) => checkout.setField(name, (e.target as HTMLInputElement).value)}
      />
      ${errors[name] ? html`<p class="error" id=${`${name}-error`}>${errors[name]}</p>` : nothing}
    </div>
  `;
  return html`
    ${phone && quote ? renderReadBack(view) : nothing}
    <form part="checkout" @submit=${checkout.placeOrder} novalidate aria-labelledby="checkout">
      <h3 id="checkout">${t(phone ? 'customerDetails' : 'checkout')}</h3>
      <div class="fields">
        ${
          phone
            ? html`${field('name', t('customerName'))}
              ${field('email', t('customerEmail'), 'email')}
              ${field('phone', t('customerPhone'), 'tel')}`
            : html`${field('name', t('name'), 'text', 'name')}
              ${field('email', t('email'), 'email', 'email')}
              ${field('company', t('company'), 'text', 'organization')}
              ${field('phone', t('phone'), 'tel', 'tel')}`
        }
      </div>
      ${
        errors.form || offerMissing
          ? html`<p class="alert" id="form-error" tabindex="-1">
              ${errors.form ?? t(keyMissing ? 'salesKeyRequired' : 'offerRequired')}
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          part="place-order-button"
          type="submit"
          ?disabled=${busy || offerMissing || !quote}
          aria-describedby=${offerMissing ? 'form-error' : nothing}
        >
          ${t('placeOrder')}
        </button>
      </div>
      ${renderOrderStatus(view, order, checkout.confirmPrice)}
    </form>
  `;
}

function renderOrderStatus(
  view: View,
  order: OrderState,
  onConfirm: () => Promise<void>,
): TemplateResult | typeof nothing {
  const { locale, t } = view;
  let content: TemplateResult | string | typeof nothing = nothing;
  switch (order.status) {
    case 'submitting':
      content = t('submitting');
      break;
    case 'queued': {
      // A 429 also waits in the outbox: say when it will go.
      const seconds = Number(order.error?.details?.retryAfter);
      content = html`<span class="ok"
        >${
          order.error?.details?.cause === 'rate_limited' && Number.isFinite(seconds)
            ? t('queuedRateLimited', { seconds })
            : t('queued')
        }</span
      >`;
      break;
    }
    case 'price_changed': {
      const server = order.serverQuote!;
      const amount = money(server.totals.monthlyPayment, server.currency, locale);
      const previous = view.session.$quote.get().quote;
      content = html`<span class="alert"
          >${t('priceChanged', {
            amount,
            previous: previous
              ? money(previous.totals.monthlyPayment, previous.currency, locale)
              : '—',
          })}</span
        >
        <button type="button" @click=${onConfirm}>${t('confirmPrice', { amount })}</button>`;
      break;
    }
    case 'error': {
      const error = order.error;
      const seconds = Number(error?.details?.retryAfter);
      content = html`<span class="alert"
        >${
          error?.code === 'rate_limited'
            ? t('rateLimited', { seconds: Number.isFinite(seconds) ? seconds : 1 })
            : error?.code === 'network_error' || error?.code === 'timeout'
              ? t('offlineError')
              : t('orderError', { message: error ? errorText(t, error) : t('error') })
        }</span
      >`;
      break;
    }
    default:
      return html`<p part="order-status" tabindex="-1" role="status"></p>`;
  }
  return html`<p part="order-status" tabindex="-1" role="status">${content}</p>`;
}

/** `phone`: the quote in one sentence for the rep to read to the customer. */
function renderReadBack(view: View) {
  const { session, locale, t } = view;
  const quote = view.quote!;
  const m = (amount: string) => money(amount, quote.currency, locale);
  const offer = session.$offer.get();
  const parts = quote.lines
    .filter((line) => line.breakdown.model !== 'top_up')
    .map((line) =>
      t('readBackLine', {
        quantity: count(line.quantity, locale),
        name: lineName(view, line.product, line.name),
        price:
          line.breakdown.model === 'per_unit'
            ? m(line.breakdown.tiers[0]!.unitAmount)
            : m(line.amount),
      }),
    );
  const total =
    offer.status === 'valid' && offer.code
      ? t('readBackTotalDiscount', {
          amount: m(quote.totals.monthlyPayment),
          rate: percent(quote.discountRate, locale),
          code: offer.code,
        })
      : t('readBackTotal', { amount: m(quote.totals.monthlyPayment) });
  return html`<section class="readback" aria-labelledby="readback">
    <h3 id="readback">${t('readBack')}</h3>
    <p>${parts.join('; ')}${parts.length ? '; ' : ''}${total}.</p>
  </section>`;
}

/** A line's product name in the builder's locale (the line's own name for a product the catalog lacks). */
function lineName(view: View, id: string, fallback: string): string {
  const product = view.catalog.products.find((p) => p.id === id);
  return product ? productName(product, view.locale) : fallback;
}
