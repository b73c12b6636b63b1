// The Clicks section: visits through the partner's links, the last 30 days
// as a small bar chart, with the same figures as a table for screen readers.
import type { PartnerClicks } from '@quotekit/core';
import { html, svg } from 'lit';
import type { PortalView } from './view.js';

const CHART = { width: 360, height: 120, left: 28, right: 4, top: 8, bottom: 20 };

export function renderClicks(view: PortalView, clicks: PartnerClicks) {
  const { t } = view;
  const days = new Intl.DateTimeFormat(view.locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const day = (date: string) => days.format(new Date(`${date}T12:00:00Z`));
  const total = view.plural('clicksTotal', clicks.total);
  if (clicks.total === 0) return html`<p>${t('noClicks')}</p>`;
  const { width, height, left, right, top, bottom } = CHART;
  const most = Math.max(1, ...clicks.days.map((d) => d.clicks));
  const slot = (width - left - right) / clicks.days.length;
  const y = (n: number) => top + (1 - n / most) * (height - top - bottom);
  const title = t('clicksChart', { from: day(clicks.from), to: day(clicks.to) });
  const counts = new Intl.NumberFormat(view.locale);
  return html`<p>${total}</p>
    <figure part="clicks-chart">
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${`${title}: ${total}`}>
        ${svg`
          <line class="axis" x1=${left} y1=${height - bottom} x2=${width - right} y2=${height - bottom} />
          <text x=${left - 4} y=${top + 8} text-anchor="end">${counts.format(most)}</text>
          <text x=${left - 4} y=${height - bottom} text-anchor="end">0</text>
          <text x=${left} y=${height - 4} text-anchor="start">${day(clicks.from)}</text>
          <text x=${width - right} y=${height - 4} text-anchor="end">${day(clicks.to)}</text>
          ${clicks.days.map(
            (d, i) =>
              svg`<rect class="bar" x=${(left + i * slot + 1).toFixed(1)} y=${y(d.clicks).toFixed(1)}
                width=${Math.max(1, slot - 2).toFixed(1)} height=${(height - bottom - y(d.clicks)).toFixed(1)} />`,
          )}
        `}
      </svg>
      <div class="visually-hidden">
        <table>
          <caption>
            ${title}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('day')}</th>
              <th scope="col">${t('clicks')}</th>
            </tr>
          </thead>
          <tbody>
            ${clicks.days.map(
              (d) =>
                html`<tr>
                  <th scope="row">${day(d.date)}</th>
                  <td>${counts.format(d.clicks)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </figure>`;
}
