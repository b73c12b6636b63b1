// The Earnings section: the ledger month by month (core's `ledgerMonths`),
// a CSV of it, and each payout.
import {
  ledgerMonths,
  payoutMonthOf,
  type LedgerMonthRow,
  type PayoutAnswer,
} from '@quotekit/core';
import { html, nothing } from 'lit';
import type { Earnings } from './portal-data.js';
import type { Key, PortalView } from './view.js';

const CSV_COLUMNS = ['month', 'granted', 'payable', 'charged_back', 'paid', 'balance'] as const;

/** The months as CSV, oldest first: a header row, then dollars as plain decimals (`35.64`). */
export function monthsCsv(rows: readonly LedgerMonthRow[]): string {
  const lines = rows.map((r) =>
    [r.month, r.granted, r.payable, r.chargedBack, r.paid, r.balance].join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The ledger's months up to the current one, so a quiet month still shows its balance. */
export function earningsMonths(earnings: Earnings, now: number): LedgerMonthRow[] {
  const current = payoutMonthOf(new Date(now));
  const rows = ledgerMonths(earnings.entries, { payouts: earnings.payouts });
  const last = rows.at(-1)?.month;
  return last !== undefined && last < current
    ? ledgerMonths(earnings.entries, { payouts: earnings.payouts, to: current })
    : rows;
}

export function renderEarnings(view: PortalView, earnings: Earnings, now: number, partner: string) {
  const { t, money } = view;
  const rows = earningsMonths(earnings, now);
  if (rows.length === 0 && earnings.payouts.length === 0) {
    return html`<p>${t('noEarnings')}</p>`;
  }
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(monthsCsv(rows))}`;
  return html`
    ${
      rows.length === 0
        ? html`<p>${t('noEarnings')}</p>`
        : html`<div
              class="scroll"
              part="months-table"
              tabindex="0"
              aria-labelledby="months-caption"
            >
              <table>
                <caption id="months-caption">
                  ${t('monthsCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('month')}</th>
                    <th scope="col" class="number">${t('granted')}</th>
                    <th scope="col" class="number">${t('payable')}</th>
                    <th scope="col" class="number">${t('chargedBack')}</th>
                    <th scope="col" class="number">${t('paid')}</th>
                    <th scope="col" class="number">${t('balance')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...rows].reverse().map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${view.month(r.month)}</th>
                        <td class="number">${money(r.granted)}</td>
                        <td class="number">${money(r.payable)}</td>
                        <td class="number">${money(r.chargedBack)}</td>
                        <td class="number">${money(r.paid)}</td>
                        <td class="number ${r.balance.startsWith('-') ? 'alert' : ''}">
                          ${money(r.balance)}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <p>
              <a part="csv-link" href=${csv} download="commission-${partner}.csv"
                >${t('downloadCsv')}</a
              >
            </p>`
    }
    <h4>${t('payouts')}</h4>
    ${earnings.payouts.length === 0 ? html`<p>${t('noPayouts')}</p>` : renderPayouts(view, earnings.payouts)}
  `;
}

function renderPayouts(view: PortalView, payouts: readonly PayoutAnswer[]) {
  const { t, money } = view;
  return html`<div class="scroll" part="payouts-table" tabindex="0" aria-label=${t('payouts')}>
    <table>
      <thead>
        <tr>
          <th scope="col">${t('month')}</th>
          <th scope="col">${t('payoutDate')}</th>
          <th scope="col">${t('payoutMethod')}</th>
          <th scope="col" class="number">${t('payoutAmount')}</th>
          <th scope="col">${t('payoutNote')}</th>
        </tr>
      </thead>
      <tbody>
        ${payouts.map(
          (p) =>
            html`<tr>
              <th scope="row">${p.month ? view.month(p.month) : t('payoutFinal')}</th>
              <td>${view.day(p.at)}</td>
              <td>${t(`method_${p.method}`)}</td>
              <td class="number">${money(p.amount)}</td>
              <td>
                ${
                  p.reason
                    ? t('rolledOver', {
                        amount: money(p.carried),
                        reason: t(`reason_${p.reason}` as Key),
                      })
                    : nothing
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
