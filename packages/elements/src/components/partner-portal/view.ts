// What every section of <partner-portal> renders with: the element's words
// and formats, and one frame for a section's loading, error and ready states.
import type { QuotekitError } from '@quotekit/core';
import { html, type TemplateResult } from 'lit';
import { money, percent } from '../../internal/format.js';
import { plural } from '../../internal/words/plural.js';
import { errorText } from '../../internal/words/errors.js';
import type { Load } from './portal-data.js';
import type { messages } from './messages.js';

export type Key = keyof (typeof messages)['en'] & string;
type Values = Record<string, string | number>;

/** The program's business days are New York's: dates show as the vendor's books keep them. */
export const PROGRAM_TIME_ZONE = 'America/New_York';

export interface PortalView {
  locale: string;
  t(key: Key, values?: Values): string;
  /** `key` in the plural form for `n` (`key_one`, … or `key`), `{count}` filled with `n` formatted. */
  plural(key: Key, n: number, values?: Values): string;
  /** US dollars: `"35.64"` → `$35.64`. */
  money(amount: string): string;
  percent(rate: string): string;
  /** An instant's New York calendar day. */
  day(instant: string): string;
  /** `"2026-03"` → `March 2026`. */
  month(month: string): string;
  /** The visitor's sentence for an error. */
  error(error: QuotekitError): string;
}

export function portalView(locale: string, t: (key: Key, values?: Values) => string): PortalView {
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: PROGRAM_TIME_ZONE });
  const months = new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const counts = new Intl.NumberFormat(locale);
  return {
    locale,
    t,
    plural: (key, n, values = {}) =>
      plural(t, key, n, locale, { ...values, count: counts.format(n) }),
    money: (amount) => money(amount, 'USD', locale),
    percent: (rate) => percent(rate, locale),
    day: (instant) => days.format(new Date(instant)),
    month: (month) => months.format(new Date(`${month}-15T12:00:00Z`)),
    error: (error) => errorText(t, error),
  };
}

/**
 * A section: its heading, then by its data's state a busy line, the error
 * with "Try again", or what `ready` renders.
 */
export function section<T>(
  view: PortalView,
  name: string,
  heading: Key,
  load: Load<T>,
  retry: () => void,
  ready: (value: T) => TemplateResult,
): TemplateResult {
  const busy = load.status === 'loading' || load.status === 'idle';
  return html`<section
    part=${name}
    class="section"
    aria-labelledby="${name}-heading"
    aria-busy=${busy}
  >
    <h3 id="${name}-heading">${view.t(heading)}</h3>
    ${
      load.status === 'ready'
        ? ready(load.value)
        : load.status === 'error'
          ? html`<div class="problem">
              <p class="alert" role="alert">
                ${view.t('sectionError', { message: view.error(load.error) })}
              </p>
              <button type="button" class="secondary" @click=${retry}>${view.t('retry')}</button>
            </div>`
          : html`<p class="muted" role="status">${view.t('loading')}</p>`
    }
  </section>`;
}
