import { productName, type Order } from '@quotekit/core';
import { html, nothing } from 'lit';
import { count, money, percent } from '../../../internal/format.js';
import type { View } from './view.js';

/**
 * The finished order in place of the builder: its number (once), its lines
 * and total as the server stored them, what happens next, and "New order".
 * `phone`: worded for the rep, who reads the number to the customer.
 */
export function renderReceipt(view: View, order: Order, phone: boolean, onNewOrder: () => void) {
  const { catalog, locale, t } = view;
  const quote = order.quote;
  const m = (amount: string) => money(amount, quote.currency, locale);
  const name = (id: string, fallback: string) => {
    const product = catalog.products.find((p) => p.id === id);
    return product ? productName(product, locale) : fallback;
  };
  const zero = (amount: string) => Number(amount) === 0;
  return html`<section
    part="order-status"
    class="receipt"
    tabindex="-1"
    role="status"
    aria-labelledby="receipt-heading"
  >
    ${
      phone
        ? html`<h3 id="receipt-heading">${t('receiptPhoneHeading')}</h3>
            <p>
              <span class="muted">${t('doneNumber')}</span><br /><span class="order-number"
                >${order.number}</span
              >
            </p>`
        : html`<h3 id="receipt-heading" class="ok">${t('done', { number: order.number })}</h3>`
    }
    <ul class="receipt-lines">
      ${quote.lines.map(
        (line) =>
          html`<li>
            <span
              >${
                line.breakdown?.model === 'top_up'
                  ? t('topUpLabel')
                  : `${count(line.quantity, locale)} × ${name(line.product, line.name)}`
              }</span
            >
            <span class="amount">${m(line.net)}</span>
          </li>`,
      )}
    </ul>
    <dl part="totals">
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
    </dl>
    <p>
      ${
        phone
          ? t('receiptNextPhone', { email: order.customer.email })
          : t('receiptNext', { email: order.customer.email, number: order.number })
      }
    </p>
    <button type="button" @click=${onNewOrder}>${t('newOrder')}</button>
  </section>`;
}
