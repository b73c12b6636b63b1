import { ContextProvider } from '@lit/context';
import { QuotekitError, type Catalog } from '@quotekit/core';
import { quoteSessionFor, type QuoteSession } from '@quotekit/sdk';
import { toQuotekitError } from '@quotekit/sdk';
import { html, nothing, type PropertyValues } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { QuoteChangeEvent } from '../../events/quote-change.js';
import { QuotekitElement } from '../../internal/element.js';
import { money } from '../../internal/format.js';
import { quoteSessionContext } from '../../internal/session.js';
import { StoreController } from '../../internal/store-controller.js';
import { tokens } from '../../styles/tokens.js';
import '../offer-code-input/define.js';
import {
  estimateStart,
  readCurrency,
  readMode,
  readProductIds,
  type QuoteBuilderMode,
} from './attributes.js';
import { CheckoutController } from './controllers/checkout.js';
import type { BuilderHost, Translate } from './controllers/host.js';
import { ShareController } from './controllers/share.js';
import { messages } from './messages.js';
import { styles } from './quote-builder.styles.js';
import { findSavedQuote } from './saved-quote.js';
import {
  firstPaintUrl,
  loadFirstPaint,
  renderPaintedTotals,
  type FirstPaint,
} from './first-paint.js';
import { renderCheckout } from './templates/checkout.js';
import { renderEstimate } from './templates/estimate.js';
import { renderCurrency, renderLines, renderOrderThis, renderTotals } from './templates/lines.js';
import { renderShare } from './templates/share.js';
import type { View } from './templates/view.js';

export type { QuoteBuilderMode } from './attributes.js';

/**
 * @summary Configure a package from the vendor's catalog, see it priced, and
 * order it — for visitors, sales reps on the phone, affiliates making links,
 * and marketing pages' live estimates.
 *
 * @event qk-quote-change - The visitor changed a quantity or the currency: `detail` is the priced quote.
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
export class QuoteBuilder extends QuotekitElement<(typeof messages)['en']> implements BuilderHost {
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
    problem: { state: true },
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

  declare private problem: QuotekitError | null;
  declare private announcement: string;
  /** The server-priced opening totals, shown until the session's own pricing is in. */
  declare private painted: FirstPaint | null;
  private paintRequest: AbortController | null = null;

  protected readonly messages = messages;
  private readonly stores = new StoreController(this);
  private readonly provider = new ContextProvider(this, { context: quoteSessionContext });
  private readonly checkout = new CheckoutController(this);
  private readonly sharing = new ShareController(this);
  private current: QuoteSession | null = null;
  private opening: QuoteSession | null = null;
  private openingDone: Promise<void> = Promise.resolve();
  /** The session whose opening quote (saved quote, offer code) is applied. */
  private openedSession: QuoteSession | null = null;

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
    this.problem = null;
    this.announcement = '';
    this.painted = null;
  }

  /** The quote session this builder works on (shared with elements inside it and `for` its id). */
  get session(): QuoteSession | null {
    return this.current;
  }

  /** @internal Settles once the opening quote (a saved quote, the offer code) is applied. */
  get opened(): Promise<void> {
    return this.openingDone.then(() => this.updateComplete).then(() => undefined);
  }

  /** @internal The mode in force: `mode`, with anything unknown read as `visitor`. */
  get builderMode(): QuoteBuilderMode {
    return readMode(this.mode);
  }

  /** @internal The builder's messages in its locale, for its controllers and templates. */
  readonly words: Translate = (key, values) => this.t(key, values);

  /** @internal Shows a problem that stops the builder working. */
  fail(error: QuotekitError): void {
    this.problem = error;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) this.connectSession();
    if (changed.has('currency') && this.current && this.catalog()) this.applyCurrency();
  }

  /** Asks the Order API for the priced, formatted opening quote, to paint before the session is ready. */
  private requestFirstPaint() {
    this.paintRequest?.abort();
    this.paintRequest = null;
    this.painted = null;
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
    const request = (this.paintRequest = new AbortController());
    void loadFirstPaint(url, request.signal).then((paint) => {
      if (this.paintRequest === request) this.painted = paint;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.paintRequest?.abort();
  }

  private connectSession() {
    let session: QuoteSession | null = null;
    this.problem = null;
    this.requestFirstPaint();
    try {
      if (!this.apiBase) {
        throw new QuotekitError(
          'invalid_options',
          'The api-base attribute is required: the address of the Order API.',
        );
      }
      session = quoteSessionFor(this.apiBase);
    } catch (error) {
      this.problem = toQuotekitError(error);
    }
    this.current = session;
    this.provider.setValue(session ?? undefined);
    this.stores.watch(
      session
        ? [session.$catalog, session.$config, session.$offer, session.$quote, session.$order]
        : [],
    );
  }

  protected override updated(): void {
    const session = this.current;
    const catalog = this.catalog();
    if (session && catalog && this.opening !== session) {
      this.opening = session;
      this.openingDone = this.open(session, catalog).finally(() => {
        if (this.opening !== session) return;
        this.openedSession = session;
        this.requestUpdate();
      });
    }
    this.report(this.problem ?? session?.$catalog.get().error ?? null);
  }

  private catalog(): Catalog | null {
    return this.current?.$catalog.get().catalog ?? null;
  }

  /** Applies the attributes and the page's saved quote once the catalog is in. */
  private async open(session: QuoteSession, catalog: Catalog) {
    try {
      readProductIds(this.products, catalog, true);
      this.applyCurrency();
      const saved = await findSavedQuote(session, this.savedQuote, this.builderMode);
      if (saved) {
        await session.loadSavedQuote(saved);
      } else if (this.offerCode && !session.$offer.get().code) {
        await session.applyOfferCode(this.offerCode);
      }
      if (this.builderMode === 'estimate' && session.$config.get().lines.length === 0) {
        const main = readProductIds(this.products, catalog)[0];
        if (main) session.setQuantity(main, estimateStart(catalog, main));
      }
    } catch (error) {
      this.problem = toQuotekitError(error);
    }
  }

  private applyCurrency() {
    const catalog = this.catalog();
    if (!this.current || !catalog || !this.currency) return;
    try {
      this.current.setCurrency(readCurrency(this.currency, catalog));
    } catch (error) {
      this.problem = toQuotekitError(error);
    }
  }

  // ——— user input ———

  private readonly setQuantity = (product: string, value: string) => {
    const session = this.current;
    if (!session) return;
    session.setQuantity(product, value.trim() === '' ? 0 : value.trim());
    this.changed();
  };

  private readonly setCurrencyFromUser = (code: string) => {
    const catalog = this.catalog();
    if (!this.current || !catalog) return;
    this.current.setCurrency(code === catalog.currency ? undefined : code);
    this.changed();
  };

  /** After a change the visitor made: announce the new total and fire `qk-quote-change`. */
  private changed() {
    this.sharing.reset();
    const quote = this.current?.$quote.get().quote;
    if (!quote) return;
    this.announcement = this.t('totalAnnounce', {
      amount: money(quote.totals.monthlyPayment, quote.currency, this.resolvedLocale),
    });
    this.dispatchEvent(new QuoteChangeEvent(quote));
  }

  private readonly makeLink = () => void this.sharing.makeLink(this.href, this.affiliate);

  // ——— rendering ———

  override render() {
    const session = this.current;
    const catalogState = session?.$catalog.get();
    const failure = this.problem ?? catalogState?.error ?? null;
    const body =
      !session || catalogState?.status === 'error'
        ? nothing
        : catalogState?.status !== 'ready'
          ? this.renderLoading()
          : this.renderReady(session, catalogState.catalog!);
    // Until the products are in, the card keeps the room they will take, so the page does not shift.
    const reserving =
      !!session && catalogState?.status === 'loading' && this.builderMode !== 'estimate';
    const rows = (this.products ?? '').split(',').filter((id) => id.trim()).length || 4;
    return html`
      <section
        class=${reserving ? 'reserving' : ''}
        style=${styleMap(reserving ? { '--_reserve-rows': String(rows) } : {})}
        part="base"
        aria-labelledby="heading"
        aria-busy=${catalogState?.status === 'loading'}
      >
        <h2 id="heading" class=${this.builderMode === 'estimate' ? 'visually-hidden' : ''}>
          ${this.t('heading')}
        </h2>
        ${failure ? this.renderProblem(failure, catalogState?.status === 'error') : nothing} ${body}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  /** While the session loads: the server's priced totals when they are in. */
  private renderLoading() {
    return html`<p role="status" aria-busy="true">${this.t('loading')}</p>
      ${this.painted ? renderPaintedTotals(this.words, this.painted) : nothing}`;
  }

  /** The totals: the server's first paint until the opening quote is applied, then the session's. */
  private renderPricedTotals(view: View, session: QuoteSession) {
    if (this.painted && this.openedSession !== session)
      return renderPaintedTotals(this.words, this.painted);
    return view.quote ? renderTotals(view, view.quote) : nothing;
  }

  private renderProblem(error: QuotekitError, retry: boolean) {
    return html`<div class="banner" role="alert">
      <span class="alert"
        >${this.t(retry ? 'loadFailed' : 'configError', { message: error.message })}</span
      >
      ${
        retry
          ? html`<button type="button" @click=${() => this.current?.retry()}>
              ${this.t('retry')}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderReady(session: QuoteSession, catalog: Catalog) {
    const state = session.$quote.get();
    const quote = state.quote;
    const view: View = { session, catalog, quote, locale: this.resolvedLocale, t: this.words };
    const mode = this.builderMode;
    if (mode === 'estimate') {
      const main = readProductIds(this.products, catalog)[0];
      return renderEstimate(view, main, this.href, this.setQuantity);
    }
    const quoteError =
      state.status === 'error' && state.error
        ? html`<p class="alert" role="alert">
            ${this.t('configError', { message: state.error.message })}
          </p>`
        : nothing;
    if (this.readonly) {
      const ids = session.$config.get().lines.map((l) => l.product);
      return html`${renderLines(view, ids, true, this.setQuantity)} ${quoteError}
      ${this.renderPricedTotals(view, session)}
      ${renderOrderThis(view, this.orderUrl, this.affiliate)}`;
    }
    return html`
      ${renderLines(view, readProductIds(this.products, catalog), false, this.setQuantity)}
      ${quoteError} ${renderCurrency(view, this.setCurrencyFromUser)}
      <offer-code-input
        .locale=${this.locale}
        exportparts="input: offer-input, apply-button: offer-apply-button"
      ></offer-code-input>
      ${this.renderPricedTotals(view, session)}
      ${
        mode === 'affiliate'
          ? renderShare(view, this.sharing, this.makeLink)
          : renderCheckout(view, this.checkout, mode === 'phone', this.salesKey)
      }
    `;
  }
}
