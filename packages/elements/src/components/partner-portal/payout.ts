// The Payout method section: check, PayPal (with its email) or account
// credit; a check is disabled, with the reason, outside the United States.
import { PAYOUT_METHODS, type PartnerAccount } from '@quotekit/core';
import { html, nothing } from 'lit';
import type { PayoutForm } from './forms.js';
import type { PortalView } from './view.js';

export function renderPayout(
  view: PortalView,
  account: PartnerAccount,
  form: PayoutForm,
  submit: () => void,
) {
  const { t } = view;
  const chosen = form.chosen(account);
  const country = account.partner.country;
  const checkRefused = country !== 'US';
  const regions = new Intl.DisplayNames(view.locale, { type: 'region' });
  const where = country ? (regions.of(country) ?? country) : '—';
  return html`<form
    part="payout-form"
    class="form"
    novalidate
    @submit=${(e: Event) => {
      e.preventDefault();
      submit();
    }}
  >
    <p>${t('payoutCurrent', { method: t(`method_${account.partner.payout.method}`) })}</p>
    <fieldset>
      <legend>${t('payoutMethodLegend')}</legend>
      ${PAYOUT_METHODS.map((method) => {
        const disabled = method === 'check' && checkRefused;
        return html`<div class="choice">
          <input
            type="radio"
            name="payout-method"
            id="payout-${method}"
            value=${method}
            .checked=${chosen === method}
            ?disabled=${disabled}
            aria-describedby=${disabled ? 'check-reason' : nothing}
            @change=${() => form.choose(method)}
          />
          <label for="payout-${method}">${t(`payout_${method}`)}</label>
          ${
            disabled
              ? html`<p id="check-reason" class="muted reason">
                  ${t('checkUsOnly', { country: where })}
                </p>`
              : nothing
          }
        </div>`;
      })}
    </fieldset>
    ${
      chosen === 'paypal'
        ? html`<div class="field">
            <label for="paypal-email">${t('paypalEmail')}</label>
            <input
              id="paypal-email"
              type="email"
              autocomplete="email"
              aria-invalid=${form.emailInvalid ? 'true' : 'false'}
              aria-describedby=${form.emailInvalid ? 'paypal-problem' : nothing}
              .value=${form.email(account)}
              @input=${(e: Event) => form.setEmail((e.target as HTMLInputElement).value)}
            />
            ${
              form.emailInvalid
                ? html`<p id="paypal-problem" class="alert">${t('paypalEmailInvalid')}</p>`
                : nothing
            }
          </div>`
        : nothing
    }
    <button type="submit" part="payout-button" ?disabled=${form.busy} aria-busy=${form.busy}>
      ${t('savePayout')}
    </button>
    <p role="status" class="form-status">
      ${
        form.error
          ? html`<span class="alert">${view.error(form.error)}</span>`
          : form.saved
            ? html`<span class="ok"
                >${t('payoutSaved', { method: t(`method_${form.saved}`) })}</span
              >`
            : nothing
      }
    </p>
  </form>`;
}
