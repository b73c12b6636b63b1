// What a reseller sees instead of commission: the credit on each of its
// bills (its ledger's reseller_credit entries) and its sub-clients.
import type { LedgerEntryAnswer } from '@quotekit/core';
import { html } from 'lit';
import type { PortalView } from './view.js';

/** Seed 000: a reseller's bill earns credit from 3 distinct sub-clients. */
export const SUB_CLIENTS_FOR_CREDIT = 3;

/**
 * The reseller's sub-clients as the portal can know them: the active
 * accounts it referred. The API gives the partner no bill's own count of
 * sub-clients (only its billing system's statements carry them).
 */
export function renderSubClients(view: PortalView, count: number) {
  const { t } = view;
  const eligible = count >= SUB_CLIENTS_FOR_CREDIT;
  return html`<p part="sub-clients">
    ${
      eligible
        ? t('subClientsEligible', { count: new Intl.NumberFormat(view.locale).format(count) })
        : html`${view.plural('subClientsOf', count)}. ${t('subClientsMissing')}`
    }
  </p>`;
}

export function renderCredits(view: PortalView, entries: readonly LedgerEntryAnswer[]) {
  const { t, money } = view;
  const credits = entries.filter((e) => e.type === 'reseller_credit').reverse();
  if (credits.length === 0) return html`<p>${t('noCredits')}</p>`;
  return html`<div
    class="scroll"
    part="credits-table"
    tabindex="0"
    aria-labelledby="credits-caption"
  >
    <table>
      <caption id="credits-caption">
        ${t('creditsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('bill')}</th>
          <th scope="col">${t('billDate')}</th>
          <th scope="col" class="number">${t('credit')}</th>
        </tr>
      </thead>
      <tbody>
        ${credits.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.statementId ?? '—'}</th>
              <td>${view.day(c.at)}</td>
              <td class="number">${money(c.amount)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
