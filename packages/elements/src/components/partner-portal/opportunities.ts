// The Opportunities section: register one (company required; email, phone
// and website checked, each problem said in words beside its field), and the
// list with each expiry and "Renew".
import type { Opportunity } from '@quotekit/core';
import { html, nothing } from 'lit';
import {
  FIELD_PROBLEMS,
  OPPORTUNITY_FIELDS,
  type OpportunityField,
  type OpportunityForm,
} from './forms.js';
import type { Key, PortalView } from './view.js';

const LABELS: Record<OpportunityField, Key> = {
  company: 'oppCompany',
  contactName: 'oppContact',
  email: 'oppEmail',
  phone: 'oppPhone',
  website: 'oppWebsite',
};
const TYPES: Record<OpportunityField, string> = {
  company: 'text',
  contactName: 'text',
  email: 'email',
  phone: 'tel',
  website: 'url',
};
const AUTOCOMPLETE: Record<OpportunityField, string> = {
  company: 'off',
  contactName: 'off',
  email: 'off',
  phone: 'off',
  website: 'off',
};

export function renderOpportunities(
  view: PortalView,
  list: Opportunity[],
  form: OpportunityForm,
  actions: { submit: () => void; renew: (id: string) => void },
) {
  const { t } = view;
  const field = (name: OpportunityField) => {
    const invalid = form.invalid.includes(name);
    return html`<div class="field">
      <label for="opp-${name}">${t(LABELS[name])}</label>
      <input
        id="opp-${name}"
        name=${name}
        type=${TYPES[name]}
        autocomplete=${AUTOCOMPLETE[name]}
        ?required=${name === 'company'}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? `opp-${name}-problem` : nothing}
        .value=${form.values[name]}
        @input=${(e: Event) => form.set(name, (e.target as HTMLInputElement).value)}
      />
      ${
        invalid
          ? html`<p id="opp-${name}-problem" class="alert">${t(FIELD_PROBLEMS[name])}</p>`
          : nothing
      }
    </div>`;
  };
  return html`
    <form
      part="opportunity-form"
      class="form"
      novalidate
      aria-labelledby="register-heading"
      @submit=${(e: Event) => {
        e.preventDefault();
        actions.submit();
      }}
    >
      <h4 id="register-heading">${t('registerHeading')}</h4>
      <p class="muted">${t('registerHint')}</p>
      <div class="fields">${OPPORTUNITY_FIELDS.map(field)}</div>
      <button type="submit" part="register-button" ?disabled=${form.busy} aria-busy=${form.busy}>
        ${t('register')}
      </button>
      <p role="status" class="form-status">
        ${
          form.invalid.length
            ? html`<span class="alert">${t('oppFix')}</span>`
            : form.error
              ? html`<span class="alert">${view.error(form.error)}</span>`
              : form.done
                ? html`<span class="ok"
                    >${t('registered', {
                      company: form.done.company,
                      date: view.day(form.done.expiresAt),
                    })}</span
                  >`
                : form.renewed
                  ? html`<span class="ok"
                      >${t('renewed', {
                        company: form.renewed.company,
                        date: view.day(form.renewed.expiresAt),
                      })}</span
                    >`
                  : nothing
        }
      </p>
    </form>
    ${
      list.length === 0
        ? html`<p>${t('noOpportunities')}</p>`
        : html`<div
            class="scroll"
            part="opportunities-table"
            tabindex="0"
            aria-labelledby="opportunities-caption"
          >
            <table>
              <caption id="opportunities-caption">
                ${view.plural('oppCount', list.length)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('company')}</th>
                  <th scope="col">${t('oppRegisteredOn')}</th>
                  <th scope="col">${t('oppExpires')}</th>
                  <th scope="col">${t('oppStatus')}</th>
                  <th scope="col"><span class="visually-hidden">${t('renew')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${list.map(
                  (o) =>
                    html`<tr>
                      <th scope="row">${o.company}</th>
                      <td>${view.day(o.createdAt)}</td>
                      <td>${view.day(o.expiresAt)}</td>
                      <td>${t(`opp_${o.status}`)}</td>
                      <td>
                        <button
                          type="button"
                          class="secondary small"
                          aria-label=${t('renewCompany', { company: o.company })}
                          ?disabled=${form.renewing === o.id}
                          @click=${() => actions.renew(o.id)}
                        >
                          ${t('renew')}
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
  `;
}
