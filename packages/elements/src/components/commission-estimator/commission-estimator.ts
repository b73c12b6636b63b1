import { toQuotekitError } from '@quotekit/sdk';
import {
  PAYOUT_METHODS,
  QuotekitError,
  type AffiliateEstimate,
  type PayoutMethod,
  type ResellerEstimate,
} from '@quotekit/core';
import { html, nothing, svg, type PropertyValues } from 'lit';
import { QuotekitElement } from '../../internal/element.js';
import { count, money, percent } from '../../internal/format.js';
import { errorText } from '../../internal/words/errors.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './commission-estimator.styles.js';
import type * as EstimatesModule from './estimates.js';
import type { QuoteFigures } from './estimates.js';
import { messages } from './messages.js';
import type { FollowedQuote, QuoteFollower } from './quote-follower.js';

const METHOD_LABELS = {
  paypal: 'paypal',
  check: 'check',
  account_credit: 'accountCredit',
} as const;
/** The label of the field an error's path points at (`accounts.0.monthlyValue` → the accounts' value). */
const FIELD_LABELS = {
  monthlyPayments: 'monthlyPayments',
  monthlyValue: 'monthlyValue',
  oneTimeValue: 'oneTimeValue',
  country: 'country',
  subClients: 'subClients',
  'accounts.0.monthlyPayment': 'accountsPayments',
  'accounts.0.monthlyValue': 'accountsValue',
  'accounts.0.oneTimeValue': 'accountsOneTimeValue',
  'clientPrices.accounts': 'clientPrice',
} as const;
const CHART = { width: 320, height: 160, left: 44, right: 8, top: 8, bottom: 28 };

type Estimates = typeof EstimatesModule;
let estimates: Estimates | undefined;
let unavailable: QuotekitError | undefined;
let loading: Promise<void> | undefined;

/** What the figures area says while a followed quote cannot be estimated. */
const FOLLOW_STATES = {
  missing: 'quoteMissing',
  loading: 'quoteLoading',
  unpriced: 'quoteUnpriced',
  empty: 'quoteEmpty',
} as const;

/** Loads the program rules once for every estimator on the page. */
function loadEstimates(): Promise<void> {
  loading ??= import('./estimates.js').then(
    (module) => void (estimates = module),
    (error: unknown) =>
      void (unavailable = new QuotekitError(
        'network_error',
        'The commission rules could not be loaded.',
        { reason: error instanceof Error ? error.message : String(error) },
        { cause: error },
      )),
  );
  return loading;
}

/**
 * @summary What an affiliate or a reseller earns: commission (or credit)
 * by tier, the offer-code discount versus commission, the next tier, the
 * first payout, and a chart of the trade-off. Works from `@quotekit/core`
 * alone; it needs no API. The form paints at once; the figures follow when
 * the program rules have loaded (`updateComplete` waits for them).
 *
 * With `for` set to a `<quote-builder>`'s id it follows that builder's
 * quote live: the monthly payments, their value and the one-time fees from
 * the quote, the discount from its offer code; the payout method (or a
 * reseller's sub-clients and client price) stays the reader's to choose.
 * An empty quote shows a neutral note instead of figures.
 *
 * @event qk-error - A figure cannot be used (negative, not a number, more than two decimals): `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart quote - With `for`: what the estimate reads from the builder's quote.
 * @csspart results - The figures.
 * @csspart chart - The chart of commission and customer saving against the discount.
 *
 * @cssproperty --qk-commission-estimator-gap - Space between sections. Default `2 × --qk-space`.
 * @cssproperty --qk-commission-estimator-commission-color - The commission line. Default `--qk-color-accent`.
 * @cssproperty --qk-commission-estimator-saving-color - The saving line. Default `--qk-color-success`.
 * @cssproperty --qk-commission-estimator-max-width - Widest width. Default `48rem`.
 */
export class CommissionEstimator extends QuotekitElement<(typeof messages)['en']> {
  static override styles = [tokens, styles];
  static override properties = {
    ...QuotekitElement.properties,
    program: {},
    htmlFor: { attribute: 'for' },
    payments: { state: true },
    value: { state: true },
    oneTime: { state: true },
    discount: { state: true },
    method: { state: true },
    country: { state: true },
    subClients: { state: true },
    clientPrice: { state: true },
  };

  /** `affiliate` (default) or `reseller`. */
  declare program: 'affiliate' | 'reseller';
  /**
   * The id of a `<quote-builder>` whose quote to follow. It may come later
   * in the page; a builder removed or an id that names none shows a neutral
   * note (and `qk-error` `invalid_options` once the page has loaded).
   * Default: none, the estimator's own fields.
   */
  declare htmlFor: string | null;
  declare private payments: string;
  declare private value: string;
  declare private oneTime: string;
  declare private discount: string;
  declare private method: PayoutMethod;
  declare private country: string;
  declare private subClients: string;
  declare private clientPrice: string;

  protected readonly messages = messages;
  private readonly tr = (
    key: keyof (typeof messages)['en'] & string,
    values?: Record<string, string | number>,
  ) => this.t(key, values);
  /** When the customers sign up, for the payout projection. Default `Date.now`. */
  now: () => number = () => Date.now();
  /** With `for`: follows the builder's quote. Loaded only by an estimator that has `for`. */
  private follower: QuoteFollower | null = null;
  private followerLoad: Promise<void> | null = null;
  private followProblem: QuotekitError | null = null;

  constructor() {
    super();
    this.program = 'affiliate';
    this.htmlFor = null;
    this.payments = '300.00';
    this.value = '250.00';
    this.oneTime = '0.00';
    this.discount = '5';
    this.method = 'paypal';
    this.country = 'US';
    this.subClients = '3';
    this.clientPrice = '';
  }

  private get reseller() {
    return this.program === 'reseller';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!estimates) void loadEstimates().then(() => this.requestUpdate());
  }

  /** Resolves once the figures are on screen, not only the form. */
  protected override async getUpdateComplete(): Promise<boolean> {
    if (!estimates && !unavailable) {
      await loadEstimates();
      this.requestUpdate();
    }
    const done = await super.getUpdateComplete();
    if (!this.followerLoad) return done;
    // With `for`: the follower loads in the first update; wait for its render too.
    await this.followerLoad;
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.htmlFor && !this.followerLoad) {
      this.followerLoad = import('./quote-follower.js').then(
        ({ QuoteFollower }) => {
          this.follower = new QuoteFollower(this);
          this.requestUpdate();
        },
        (error: unknown) => {
          this.followProblem = toQuotekitError(error);
          this.requestUpdate();
        },
      );
    }
  }

  /** Where the followed quote stands; loading until the follower is in. */
  private followed(): FollowedQuote {
    return this.follower?.state() ?? { status: this.followProblem ? 'unpriced' : 'loading' };
  }

  /** The figures the estimate starts from: the followed quote's, or the fields'. */
  private figures(followed: FollowedQuote): QuoteFigures | null {
    if (!this.htmlFor) {
      return {
        monthlyPayments: this.payments.trim(),
        monthlyValue: this.value.trim(),
        oneTimeValue: this.oneTime.trim() || '0',
        discountRate: (Number(this.discount) / 100).toFixed(2),
      };
    }
    if (followed.status !== 'ready' || !estimates) return null;
    return estimates.quoteFigures(
      this.reseller ? 'reseller' : 'affiliate',
      followed.quote,
      followed.catalog,
      followed.lines,
    );
  }

  /**
   * The figures, the problem with the inputs, null while the rules load, or
   * where a followed quote stands while it cannot be estimated.
   */
  private estimate(
    followed: FollowedQuote,
  ): AffiliateEstimate | ResellerEstimate | QuotekitError | FollowedQuote | null {
    if (!estimates) return unavailable ?? null;
    const { affiliateEstimate, resellerEstimate } = estimates;
    try {
      const figures = this.figures(followed);
      if (!figures) return followed;
      if (this.reseller) {
        const subClients = Number(this.subClients.trim() || '0');
        if (!Number.isSafeInteger(subClients) || subClients < 0) {
          throw new QuotekitError('invalid_quantity', 'Sub-clients must be a whole number.', {
            field: 'subClients',
          });
        }
        return resellerEstimate({
          accounts: [
            {
              id: 'accounts',
              monthlyPayment: figures.monthlyPayments,
              monthlyValue: figures.monthlyValue,
              oneTimeValue: figures.oneTimeValue,
            },
          ],
          subClients,
          ...(this.clientPrice.trim()
            ? { clientPrices: { accounts: this.clientPrice.trim() } }
            : {}),
        });
      }
      return affiliateEstimate({
        monthlyPayments: figures.monthlyPayments,
        monthlyValue: figures.monthlyValue,
        oneTimeValue: figures.oneTimeValue,
        discountRate: figures.discountRate,
        payoutMethod: this.method,
        ...(this.method === 'check' && this.country.trim() ? { country: this.country.trim() } : {}),
        from: new Date(this.now()),
      });
    } catch (error) {
      return toQuotekitError(error);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const result = this.estimate(this.followed());
    this.report(
      result instanceof Error ? result : (this.followProblem ?? this.follower?.problem ?? null),
    );
  }

  override render() {
    const followed = this.followed();
    const result = this.estimate(followed);
    const busy = result === null || (!!this.htmlFor && followed.status === 'loading');
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading">${this.t(this.reseller ? 'resellerHeading' : 'affiliateHeading')}</h2>
      ${
        this.htmlFor
          ? this.renderFollowedInputs(followed)
          : this.reseller
            ? this.renderResellerInputs()
            : this.renderAffiliateInputs()
      }
      <div aria-live="polite" class="figures" aria-busy=${busy ? 'true' : 'false'}>
        ${
          result === null
            ? nothing
            : 'status' in result
              ? html`<p class="note">
                  ${this.t(FOLLOW_STATES[result.status as keyof typeof FOLLOW_STATES])}
                </p>`
              : result instanceof Error
                ? html`<p class="alert" role="alert">
                    ${this.t('problem', {
                      message: errorText(this.tr, result, {
                        field: (path) =>
                          path in FIELD_LABELS
                            ? this.t(FIELD_LABELS[path as keyof typeof FIELD_LABELS])
                            : undefined,
                      }),
                    })}
                  </p>`
                : 'byDiscount' in result
                  ? this.renderAffiliate(result)
                  : this.renderReseller(result)
        }
      </div>
    </section>`;
  }

  private field(id: string, label: string, value: string, set: (value: string) => void) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        inputmode="decimal"
        autocomplete="off"
        .value=${value}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  /** With `for`: what the quote gives (once priced), and the reader's own choices. */
  private renderFollowedInputs(followed: FollowedQuote) {
    const locale = this.resolvedLocale;
    const figures = estimates && followed.status === 'ready' ? this.figures(followed) : null;
    const m = (amount: string) => money(amount, 'USD', locale);
    const row = (label: string, value: string) =>
      html`<dt>${label}</dt>
        <dd>${value}</dd>`;
    return html`${
      figures
        ? html`<dl part="quote" aria-label=${this.t('quoteFrom')}>
            ${row(this.t(this.reseller ? 'accountsPayments' : 'monthlyPayments'), m(figures.monthlyPayments))}
            ${row(this.t(this.reseller ? 'accountsValue' : 'monthlyValue'), m(figures.monthlyValue))}
            ${row(this.t(this.reseller ? 'accountsOneTimeValue' : 'oneTimeValue'), m(figures.oneTimeValue))}
            ${this.reseller ? nothing : row(this.t('discount'), percent(figures.discountRate, locale))}
          </dl>`
        : nothing
    }
    ${
      this.reseller
        ? html`<div class="inputs">
            ${this.field('sub-clients', this.t('subClients'), this.subClients, (v) => (this.subClients = v))}
            ${this.field('client-price', this.t('clientPrice'), this.clientPrice, (v) => (this.clientPrice = v))}
          </div>`
        : html`<div class="inputs">${this.renderPayout()}</div>`
    }`;
  }

  private renderAffiliateInputs() {
    const locale = this.resolvedLocale;
    return html`<div class="inputs">
      ${this.field('payments', this.t('monthlyPayments'), this.payments, (v) => (this.payments = v))}
      ${this.field('value', this.t('monthlyValue'), this.value, (v) => (this.value = v))}
      ${this.field('one-time', this.t('oneTimeValue'), this.oneTime, (v) => (this.oneTime = v))}
      <div class="field">
        <label for="discount">${this.t('discount')}</label>
        <input
          id="discount"
          type="range"
          min="0"
          max="10"
          step="1"
          .value=${this.discount}
          aria-valuetext=${percent(Number(this.discount) / 100, locale)}
          @input=${(e: Event) => (this.discount = (e.target as HTMLInputElement).value)}
        />
        <output for="discount">${percent(Number(this.discount) / 100, locale)}</output>
      </div>
      ${this.renderPayout()}
    </div>`;
  }

  /** The payout method, and for a check the country of the payment address. */
  private renderPayout() {
    return html`<div class="field">
        <label for="method">${this.t('payoutMethod')}</label>
        <select
          id="method"
          @change=${(e: Event) => (this.method = (e.target as HTMLSelectElement).value as PayoutMethod)}
        >
          ${PAYOUT_METHODS.map(
            (method) =>
              html`<option value=${method} ?selected=${method === this.method}>
                ${this.t(METHOD_LABELS[method])}
              </option>`,
          )}
        </select>
      </div>
      ${
        this.method === 'check'
          ? this.field('country', this.t('country'), this.country, (v) => (this.country = v))
          : nothing
      }`;
  }

  private renderResellerInputs() {
    return html`<div class="inputs">
      ${this.field('payments', this.t('accountsPayments'), this.payments, (v) => (this.payments = v))}
      ${this.field('value', this.t('accountsValue'), this.value, (v) => (this.value = v))}
      ${this.field('one-time', this.t('accountsOneTimeValue'), this.oneTime, (v) => (this.oneTime = v))}
      ${this.field('sub-clients', this.t('subClients'), this.subClients, (v) => (this.subClients = v))}
      ${this.field('client-price', this.t('clientPrice'), this.clientPrice, (v) => (this.clientPrice = v))}
    </div>`;
  }

  private renderAffiliate(e: AffiliateEstimate) {
    const locale = this.resolvedLocale;
    const m = (amount: string) => money(amount, 'USD', locale);
    const p = (rate: string) => percent(rate, locale);
    const month = (text: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${text}-15T12:00:00Z`),
      );
    return html`
      <dl part="results">
        <dt>${this.t('tierRate')}</dt>
        <dd>${p(e.rate)}</dd>
        <dt>${this.t('effectiveRate')}</dt>
        <dd>${p(e.effectiveRate)}</dd>
        ${
          e.firstMonthCommission === e.monthlyCommission
            ? html`<dt>${this.t('monthlyCommission')}</dt>
                <dd>${m(e.monthlyCommission)}</dd>`
            : html`<dt>${this.t('firstMonthCommission')}</dt>
                <dd>${m(e.firstMonthCommission)}</dd>
                <dt>${this.t('followingCommission')}</dt>
                <dd>${m(e.monthlyCommission)}</dd>`
        }
        <dt>${this.t('yearlyCommission')}</dt>
        <dd>${m(e.yearlyCommission)}</dd>
        <dt>${this.t('customerSaves')}</dt>
        <dd>${m(e.saving)}</dd>
      </dl>
      <p>
        ${
          e.contactSales
            ? this.t('contactSales', { at: m('500.00') })
            : e.nextTier
              ? this.t(e.nextTier.contactSales ? 'nextTierSales' : 'nextTier', {
                  more: m(e.nextTier.more),
                  rate: p(e.nextTier.rate),
                })
              : nothing
        }
      </p>
      <p>
        ${
          e.firstPayout
            ? this.t('firstPayout', {
                amount: m(e.firstPayout.paid),
                month: month(e.firstPayout.month),
              })
            : this.t(e.noPayoutReason === 'check_us_only' ? 'noPayoutCheck' : 'noPayoutMinimum')
        }
      </p>
      ${this.renderChart(e)}
    `;
  }

  private renderChart(e: AffiliateEstimate) {
    const locale = this.resolvedLocale;
    const { width, height, left, right, top, bottom } = CHART;
    const points = e.byDiscount;
    const top$ = Math.max(1, ...points.flatMap((pt) => [Number(pt.commission), Number(pt.saving)]));
    const x = (i: number) => left + (i * (width - left - right)) / (points.length - 1);
    const y = (amount: string) => top + (1 - Number(amount) / top$) * (height - top - bottom);
    const line = (key: 'commission' | 'saving') =>
      points.map((pt, i) => `${x(i).toFixed(1)},${y(pt[key]).toFixed(1)}`).join(' ');
    const m = (amount: string | number) => money(String(amount), 'USD', locale);
    // The figures as a table for assistive tech, hidden in a box: a table is as
    // tall as its rows whatever its height, and would make the page scroll.
    return html`<figure part="chart">
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title">
        <title id="chart-title">${this.t('chartTitle')}</title>
        ${svg`
          <line class="axis" x1=${left} y1=${height - bottom} x2=${width - right} y2=${height - bottom} />
          <line class="axis" x1=${left} y1=${top} x2=${left} y2=${height - bottom} />
          <text x=${left - 4} y=${top + 8} text-anchor="end">${m(top$.toFixed(0))}</text>
          <text x=${left - 4} y=${height - bottom} text-anchor="end">${m(0)}</text>
          <text x=${left} y=${height - 8} text-anchor="start">${percent(0, locale)}</text>
          <text x=${width - right} y=${height - 8} text-anchor="end">${percent(0.1, locale)}</text>
          <polyline class="commission" points=${line('commission')} />
          <polyline class="saving" points=${line('saving')} />
        `}
      </svg>
      <figcaption class="legend">
        <span><span class="swatch"></span>${this.t('chartCommission')}</span>
        <span><span class="swatch saving-swatch"></span>${this.t('chartSaving')}</span>
      </figcaption>
      <div class="visually-hidden">
        <table>
          <caption>
            ${this.t('chartTitle')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('chartDiscount')}</th>
              <th scope="col">${this.t('chartCommission')}</th>
              <th scope="col">${this.t('chartSaving')}</th>
            </tr>
          </thead>
          <tbody>
            ${points.map(
              (pt) =>
                html`<tr>
                  <th scope="row">${percent(pt.discountRate, locale)}</th>
                  <td>${m(pt.commission)}</td>
                  <td>${m(pt.saving)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </figure>`;
  }

  private renderReseller(e: ResellerEstimate) {
    const locale = this.resolvedLocale;
    const m = (amount: string) => money(amount, 'USD', locale);
    return html`
      <dl part="results">
        <dt>${this.t('creditRate')}</dt>
        <dd>${percent(e.eligible ? e.rate : '0', locale)}</dd>
        <dt>${this.t('credit')}</dt>
        <dd>${m(e.credit)}</dd>
        ${
          e.margin === null
            ? nothing
            : html`<dt>${this.t('margin')}</dt>
                <dd>${m(e.margin)}</dd>`
        }
      </dl>
      ${e.eligible ? nothing : html`<p>${this.t('noCredit', { count: count(e.subClients, locale) })}</p>`}
      ${e.askSales ? html`<p>${this.t('askSales')}</p>` : nothing}
    `;
  }
}
