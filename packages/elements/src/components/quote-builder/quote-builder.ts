import type { QuotekitError } from '@quotekit/core';
import { toQuotekitError, type QuoteSession } from '@quotekit/sdk';
import { html, nothing, type PropertyValues } from 'lit';
import { QuotekitElement } from '../../internal/element.js';
import { money } from '../../internal/format.js';
import { errorText } from '../../internal/words/errors.js';
import { tokens } from '../../styles/tokens.js';
import type { Translate } from './controllers/host.js';
import { loadFirstPaint, renderPaintedTotals, type FirstPaint } from './first-paint.js';
import { firstPaintUrl, readMode, type QuoteBuilderMode } from './first-paint-request.js';
import type { LiveBuilder, LiveHost } from './live.js';
import { messages } from './messages.js';
import { styles } from './quote-builder.styles.js';

export type { QuoteBuilderMode } from './first-paint-request.js';

/**
 * @summary Configure a package from the vendor's catalog, see it priced, and
 * order it — for visitors, sales reps on the phone, affiliates making links,
 * and marketing pages' live estimates.
 *
 * @event qk-quote-change - The visitor changed a quantity or the currency, or applied or removed an offer code: `detail` is the priced quote.
 * @event qk-offer-change - An offer code was applied or cleared (from the inner `<offer-code-input>`).
 * @event qk-order-submit - "Place order" sent the order: `{ channel }`.
 * @event qk-order-queued - Offline: the order is saved on this device and sent later: `{ key }`.
 * @event qk-order-success - The server stored the order: `{ order }`.
 * @event qk-order-error - The order was refused or failed: `{ error }`.
 * @event qk-link-copy - An affiliate copied a saved-quote link: `{ url }`.
 * @event qk-error - The builder cannot work: an unreachable API or a bad attribute: `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart products - The list of products and their quantities.
 * @csspart totals - The totals.
 * @csspart total-amount - The monthly payment.
 * @csspart checkout - The order form.
 * @csspart place-order-button - The "Place order" button.
 * @csspart order-status - What happened to the order.
 * @csspart share - The affiliate's link section.
 *
 * @cssproperty --qk-quote-builder-gap - Space between sections. Default `2 × --qk-space`.
 * @cssproperty --qk-quote-builder-total-size - Font size of the monthly total. Default `1.5rem`.
 * @cssproperty --qk-quote-builder-max-width - The builder's widest width. Default `48rem`.
 * @cssproperty --qk-quote-builder-reserve - Height kept while loading, besides the products'. Default `34rem`.
 * @cssproperty --qk-quote-builder-reserve-row - Height kept a product while loading. Default `3.5rem`.
 */
export class QuoteBuilder extends QuotekitElement<(typeof messages)['en']> implements LiveHost {
  static override styles = [tokens, styles];
  static override properties = {
    ...QuotekitElement.properties,
    apiBase: { attribute: 'api-base' },
    currency: {},
    products: {},
    mode: {},
    savedQuote: { attribute: 'saved-quote' },
    affiliate: {},
    offerCode: { attribute: 'offer-code' },
    readonly: { type: Boolean, reflect: true },
    href: {},
    orderUrl: { attribute: 'order-url' },
    salesKey: { attribute: false },
    partnerKey: { attribute: false },
    announcement: { state: true },
    painted: { state: true },
  };

  /** The Order API's address, e.g. `https://api.vendor.example`. Required. */
  declare apiBase: string | null;
  /** A currency of the catalog's price books, e.g. `GBP`. Default: the catalog's own. */
  declare currency: string | null;
  /** Comma-separated product ids to show. Default: every monthly product of the catalog. */
  declare products: string | null;
  /** `visitor` (default), `phone` (sales reps), `affiliate` (make a link) or `estimate` (one compact row). */
  declare mode: QuoteBuilderMode;
  /** A saved quote to open: the text of a saved-quote link, or a server-stored quote's short id. */
  declare savedQuote: string | null;
  /** The affiliate id a shared link or an "Order this" link carries. */
  declare affiliate: string | null;
  /** An offer code to apply when the builder opens. */
  declare offerCode: string | null;
  /** Shows the quote and totals only, with an "Order this" link to `order-url`. */
  declare readonly: boolean;
  /** `estimate` and `affiliate`: the vendor's pricing page the link leads to. */
  declare href: string | null;
  /** `readonly`: the vendor's pricing page that "Order this" opens with the quote. */
  declare orderUrl: string | null;
  /**
   * `phone`: the sales rep's key, sent as `Authorization: Bearer`; the Order
   * API names the order's rep from it. A property only: never an attribute,
   * never stored.
   */
  declare salesKey: string | null;
  /**
   * `affiliate`: the affiliate's partner key, sent as `Authorization: Bearer`
   * when a link is made, so that the link's quote credits `affiliate`.
   * Without it the link restores the quote and its offer code and credits
   * nobody. A property only: never an attribute, never stored.
   */
  declare partnerKey: string | null;

  declare private announcement: string;
  /** @internal The server-priced opening totals, shown until the session's own pricing is in. */
  declare painted: FirstPaint | null;
  private paintRequest: AbortController | null = null;
  /** The first-paint request has answered (or there is none): the working half may load. */
  private paintSettled = false;
  /** The working half (session, pricing, templates), loaded after the first paint. */
  private live: LiveBuilder | null = null;
  private liveLoad: Promise<LiveBuilder> | null = null;
  /** Why the working half could not load. */
  private loadProblem: QuotekitError | null = null;

  protected readonly messages = messages;

  constructor() {
    super();
    this.apiBase = null;
    this.currency = null;
    this.products = null;
    this.mode = 'visitor';
    this.savedQuote = null;
    this.affiliate = null;
    this.offerCode = null;
    this.readonly = false;
    this.href = null;
    this.orderUrl = null;
    this.salesKey = null;
    this.partnerKey = null;
    this.announcement = '';
    this.painted = null;
  }

  /** The quote session this builder works on (shared with elements inside it and `for` its id). */
  get session(): QuoteSession | null {
    return this.live?.session ?? null;
  }

  /** @internal Settles once the opening quote (a saved quote, the offer code) is applied. */
  get opened(): Promise<void> {
    return this.loadLive()
      .then((live) => live.openingDone)
      .then(() => this.updateComplete)
      .then(() => undefined);
  }

  /** @internal The mode in force: `mode`, with anything unknown read as `visitor`. */
  get builderMode(): QuoteBuilderMode {
    return readMode(this.mode);
  }

  /** @internal The locale in force. */
  get localeInForce(): string {
    return this.resolvedLocale;
  }

  /** @internal The builder's messages in its locale, for its controllers and templates. */
  readonly words: Translate = (key, values) => this.t(key, values);

  /** @internal Shows a problem that stops the builder working. */
  fail(error: QuotekitError): void {
    this.live?.fail(error);
  }

  /** @internal The lines a new quote starts with: the catalog's required products the builder shows. */
  openingLines(): Array<{ product: string; quantity: number }> {
    return this.live?.openingLines() ?? [];
  }

  /** @internal Says the new monthly total to screen readers. */
  announceTotal(amount: string, currency: string): void {
    this.announcement = this.t('totalAnnounce', {
      amount: money(amount, currency, this.resolvedLocale),
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) {
      this.requestFirstPaint();
      this.live?.connect();
    }
    if (changed.has('currency')) this.live?.currencyChanged();
  }

  /** Asks the Order API for the priced, formatted opening quote, to paint before the session is ready. */
  private requestFirstPaint() {
    this.paintRequest?.abort();
    this.paintRequest = null;
    this.painted = null;
    this.paintSettled = true;
    if (!this.apiBase) return;
    let url: string | null = null;
    try {
      url = firstPaintUrl(this.apiBase, {
        products: this.products,
        locale: this.resolvedLocale,
        currency: this.currency,
        savedQuote: this.savedQuote,
        offerCode: this.offerCode,
        mode: this.builderMode,
        page: location.href,
      });
    } catch {
      // A bad api-base: the session reports it.
    }
    if (url === null) return;
    this.paintSettled = false;
    const request = (this.paintRequest = new AbortController());
    void loadFirstPaint(url, request.signal).then((paint) => {
      if (this.paintRequest !== request) return;
      this.painted = paint;
      this.paintSettled = true;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.paintRequest?.abort();
  }

  /** Loads the working half once; the element renders with it from then on. */
  private loadLive(): Promise<LiveBuilder> {
    this.liveLoad ??= import('./live.js').then(
      ({ LiveBuilder }) => {
        this.live = new LiveBuilder(this);
        this.requestUpdate();
        return this.live;
      },
      (error: unknown) => {
        this.liveLoad = null;
        this.loadProblem = toQuotekitError(error);
        this.requestUpdate();
        throw this.loadProblem;
      },
    );
    return this.liveLoad;
  }

  protected override updated(): void {
    if (this.live) this.live.updated();
    else if (this.paintSettled && !this.liveLoad && !this.loadProblem) {
      // After the frame that shows the first paint (or at once without one), load pricing.
      const load = () => void this.loadLive().catch(() => undefined);
      if (this.painted) afterNextPaint(load);
      else load();
    }
    this.report(this.loadProblem ?? this.live?.failure ?? null);
  }

  // ——— rendering ———

  override render() {
    const live = this.live?.view();
    const failure = this.loadProblem ?? live?.failure ?? null;
    // Before the working half is in, or while its catalog loads: the first paint.
    const loading = live ? live.loading : !this.loadProblem;
    const body = loading ? this.renderLoading() : (live?.body ?? nothing);
    // Until the products are in, the card keeps the room they will take, so the page does not shift.
    const reserving = loading && this.builderMode !== 'estimate';
    const rows = (this.products ?? '').split(',').filter((id) => id.trim()).length || 4;
    return html`
      <section
        class=${reserving ? 'reserving' : ''}
        style=${reserving ? `--_reserve-rows: ${rows}` : ''}
        part="base"
        aria-labelledby="heading"
        aria-busy=${loading}
      >
        <h2 id="heading" class=${this.builderMode === 'estimate' ? 'visually-hidden' : ''}>
          ${this.t('heading')}
        </h2>
        ${failure ? this.renderProblem(failure, !!live?.retry) : nothing} ${body}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  /** While the session loads: the server's priced totals when they are in. */
  private renderLoading() {
    return html`<p role="status" aria-busy="true">${this.t('loading')}</p>
      ${this.painted ? renderPaintedTotals(this.words, this.painted) : nothing}`;
  }

  private renderProblem(error: QuotekitError, retry: boolean) {
    return html`<div class="banner" role="alert">
      <span class="alert"
        >${this.t(retry ? 'loadFailed' : 'configError', {
          message: errorText(this.words, error),
        })}</span
      >
      ${
        retry
          ? html`<button type="button" @click=${() => this.session?.retry()}>
              ${this.t('retry')}
            </button>`
          : nothing
      }
    </div>`;
  }
}

/** Calls `run` after the next frame is painted (or soon, where frames do not run, as in a hidden tab). */
function afterNextPaint(run: () => void) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, 100);
}
