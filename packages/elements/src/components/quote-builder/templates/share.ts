import { affiliateCommissionRate, hasChosenProducts, referralCommission } from '@quotekit/core';
import { html, nothing, type TemplateResult } from 'lit';
import { money, percent } from '../../../internal/format.js';
import type { ShareController } from '../controllers/share.js';
import type { View } from './view.js';

/**
 * `affiliate`: what the customer saves and the affiliate earns, and the link
 * to share. An empty quote says nothing of either: a note to choose products.
 */
export function renderShare(view: View, share: ShareController, onMake: () => void) {
  const { quote, locale, t } = view;
  let earnings: TemplateResult | typeof nothing = nothing;
  if (quote && !hasChosenProducts(view.catalog, view.session.$config.get().lines)) {
    earnings = html`<p>${t('shareEmpty')}</p>`;
  } else if (quote) {
    const m = (amount: string) => money(amount, quote.currency, locale);
    const { rate } = affiliateCommissionRate(quote.totals.monthlyPayment);
    const commission = referralCommission({
      monthlyValue: quote.totals.monthlyValue.affiliate,
      rate,
      discountRate: quote.discountRate,
      referee: { signedUpAt: new Date().toISOString() },
    });
    earnings = html`<ul>
      <li>
        ${t('customerSaves', {
          amount: m(quote.totals.discount),
          rate: percent(quote.discountRate, locale),
        })}
      </li>
      <li>
        ${
          commission.reason
            ? t('affiliateEarnsNothing', { rate: percent(rate, locale) })
            : t('affiliateEarns', {
                amount: m(commission.amount),
                rate: percent(commission.rate, locale),
              })
        }
      </li>
    </ul>`;
  }
  const made = share.share;
  return html`<section part="share" class="share" aria-labelledby="share">
    <h3 id="share">${t('shareHeading')}</h3>
    ${earnings}
    <div class="actions">
      <button type="button" ?disabled=${!quote} @click=${onMake}>${t('makeLink')}</button>
    </div>
    ${
      made
        ? html`<div class="field">
              <label for="share-url">${t('linkLabel')}</label>
              <input id="share-url" readonly .value=${made.url} />
            </div>
            <div class="actions">
              <button type="button" @click=${share.copyLink}>${t('copyLink')}</button>
              <span role="status">${made.note}</span>
            </div>`
        : nothing
    }
  </section>`;
}
