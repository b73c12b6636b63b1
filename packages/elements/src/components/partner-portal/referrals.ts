// The Referrals section: the accounts the partner referred, sortable by any
// column, a page at a time by the API's cursor.
import { toDecimal, type PartnerReferral } from '@quotekit/core';
import { html, nothing } from 'lit';
import type { ReferralPages } from './portal-data.js';
import type { Key, PortalView } from './view.js';

export const REFERRAL_COLUMNS = [
  'signedUp',
  'method',
  'company',
  'status',
  'monthlyValue',
  'commissionToDate',
] as const;
export type ReferralColumn = (typeof REFERRAL_COLUMNS)[number];

/** The order the rows show in; null keeps the API's (newest sign-up first). */
export type ReferralSort = { column: ReferralColumn; direction: 'ascending' | 'descending' } | null;

const compareMoney = (a: string | null, b: string | null) =>
  a === null || b === null
    ? Number(a === null) - Number(b === null)
    : toDecimal(a).comparedTo(toDecimal(b));

/** The words a cell shows, for the columns that sort by their text. */
function cellText(view: PortalView, row: PartnerReferral, column: ReferralColumn): string {
  switch (column) {
    case 'method':
      return view.t(`referral_${row.method}` as Key);
    case 'company':
      return row.company ?? '';
    case 'status':
      return view.t(`status_${row.status}` as Key);
    default:
      return '';
  }
}

/** `rows` in `sort`'s order (a copy); rows without a value go last either way. */
export function sortReferrals(
  view: PortalView,
  rows: readonly PartnerReferral[],
  sort: ReferralSort,
): PartnerReferral[] {
  if (sort === null) return [...rows];
  const collator = new Intl.Collator(view.locale, { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = (a: PartnerReferral, b: PartnerReferral): number => {
    switch (sort.column) {
      case 'signedUp':
        return sign * (Date.parse(a.signedUpAt) - Date.parse(b.signedUpAt));
      case 'monthlyValue': {
        const missing =
          Number(a.latestMonthlyValue === null) - Number(b.latestMonthlyValue === null);
        return missing || sign * compareMoney(a.latestMonthlyValue, b.latestMonthlyValue);
      }
      case 'commissionToDate':
        return sign * compareMoney(a.commissionToDate, b.commissionToDate);
      default: {
        const [x, y] = [cellText(view, a, sort.column), cellText(view, b, sort.column)];
        return Number(x === '') - Number(y === '') || sign * collator.compare(x, y);
      }
    }
  };
  // Stable: rows that tie keep the API's order.
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => compare(a.row, b.row) || a.i - b.i)
    .map((x) => x.row);
}

/** The next sort when a column's header is pressed: ascending, then descending, then ascending again. */
export function nextSort(sort: ReferralSort, column: ReferralColumn): ReferralSort {
  if (sort?.column === column) {
    return { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { column, direction: column === 'signedUp' ? 'descending' : 'ascending' };
}

export function renderReferrals(
  view: PortalView,
  pages: ReferralPages,
  sort: ReferralSort,
  actions: { sortBy: (column: ReferralColumn) => void; more: () => void },
) {
  const { t, money } = view;
  if (pages.rows.length === 0) return html`<p>${t('noReferrals')}</p>`;
  const rows = sortReferrals(view, pages.rows, sort);
  const header = (column: ReferralColumn) => {
    const current = sort?.column === column ? sort.direction : null;
    const numeric = column === 'monthlyValue' || column === 'commissionToDate';
    return html`<th scope="col" class=${numeric ? 'number' : ''} aria-sort=${current ?? 'none'}>
      <button type="button" class="sort" @click=${() => actions.sortBy(column)}>
        ${t(column)}<span class="arrow" aria-hidden="true"
          >${current === 'ascending' ? '▲' : current === 'descending' ? '▼' : '↕'}</span
        >
      </button>
    </th>`;
  };
  const more = pages.more;
  return html`
    <div class="scroll" part="referrals-table" tabindex="0" aria-labelledby="referrals-heading">
      <table>
        <caption class="visually-hidden">
          ${view.plural('referralsCount', pages.rows.length)}
        </caption>
        <thead>
          <tr>
            ${REFERRAL_COLUMNS.map(header)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr>
                <td>${view.day(row.signedUpAt)}</td>
                <td>${cellText(view, row, 'method')}</td>
                <td>${row.company ?? t('notKnown')}</td>
                <td>${cellText(view, row, 'status')}</td>
                <td class="number">
                  ${row.latestMonthlyValue === null ? t('notKnown') : money(row.latestMonthlyValue)}
                </td>
                <td class="number">${money(row.commissionToDate)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted" role="status">${view.plural('referralsCount', pages.rows.length)}</p>
    ${
      typeof more === 'object'
        ? html`<p class="alert" role="alert">
            ${t('sectionError', { message: view.error(more) })}
          </p>`
        : nothing
    }
    ${
      pages.nextCursor
        ? html`<button
            type="button"
            class="secondary"
            part="more-button"
            aria-busy=${more === 'loading'}
            ?disabled=${more === 'loading'}
            @click=${actions.more}
          >
            ${typeof more === 'object' ? t('retry') : t('showMore')}
          </button>`
        : nothing
    }
  `;
}
