import { ContextProvider } from '@lit/context';
import {
  affiliateCommissionRate,
  decodeSavedQuote,
  isQuotekitError,
  nextTier,
  QuotekitError,
  referralCommission,
  type Catalog,
  type PricedQuote,
  type Product,
  type SavedQuoteLink,
} from '@quotekit/core';
import {
  openSavedQuote,
  openStoredQuote,
  quoteSessionFor,
  savedQuoteUrl,
  storedQuoteUrl,
  type OrderState,
  type QuoteSession,
} from '@quotekit/sdk';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { LinkCopyEvent } from '../../events/link-copy.js';
import { OrderErrorEvent } from '../../events/order-error.js';
import { OrderQueuedEvent } from '../../events/order-queued.js';
import { OrderSubmitEvent } from '../../events/order-submit.js';
import { OrderSuccessEvent } from '../../events/order-success.js';
import { QuoteChangeEvent } from '../../events/quote-change.js';
import { QuotekitElement } from '../../internal/element.js';
import { count, money, percent } from '../../internal/format.js';
import { quoteSessionContext } from '../../internal/session.js';
import { StoreController } from '../../internal/store-controller.js';
import { tokens } from '../../styles/tokens.js';
import '../offer-code-input/define.js';
import { messages } from './messages.js';
import { styles } from './quote-builder.styles.js';
import { lineWords, nextTierWords } from './words.js';

/** Who the builder is for: see the element's documentation. */
export type QuoteBuilderMode = 'visitor' | 'phone' | 'affiliate' | 'estimate';
const MODES: readonly QuoteBuilderMode[] = ['visitor', 'phone', 'affiliate', 'estimate'];
/** Text links longer than this are stored on the server and shared by id. */
const MAX_LINK_LENGTH = 2000;

type Field = 'name' | 'email' | 'company' | 'phone';

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
 */
export class QuoteBuilder extends QuotekitElement<(typeof messages)['en']> {
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
    fields: { state: true },
    errors: { state: true },
    announcement: { state: true },
    share: { state: true },
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
  declare private fields: Record<Field, string>;
  declare private errors: Partial<Record<Field | 'form', string>>;
  declare private announcement: string;
  declare private share: { url: string; note: string } | null;

  protected readonly messages = messages;
  private readonly stores = new StoreController(this);
  private readonly provider = new ContextProvider(this, { context: quoteSessionContext });
  private current: QuoteSession | null = null;
  private opened: QuoteSession | null = null;
  /** The order status last rendered, to tell when a queued order is finally sent. */
  private lastOrderStatus: OrderState['status'] = 'idle';

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
    this.fields = { name: '', email: '', company: '', phone: '' };
    this.errors = {};
    this.announcement = '';
    this.share = null;
  }

  /** The quote session this builder works on (shared with elements inside it and `for` its id). */
  get session(): QuoteSession | null {
    return this.current;
  }

  private get effectiveMode(): QuoteBuilderMode {
    return MODES.includes(this.mode) ? this.mode : 'visitor';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) this.connectSession();
    if (changed.has('currency') && this.current && this.catalog()) this.applyCurrency();
  }

  private connectSession() {
    let session: QuoteSession | null = null;
    this.problem = null;
    try {
      if (!this.apiBase) {
        throw new QuotekitError(
          'invalid_options',
          'The api-base attribute is required: the address of the Order API.',
        );
      }
      session = quoteSessionFor(this.apiBase);
    } catch (error) {
      this.problem = asError(error);
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
    if (session && catalog && this.opened !== session) {
      this.opened = session;
      void this.open(session, catalog);
    }
    const failure = this.problem ?? session?.$catalog.get().error ?? null;
    this.report(failure);
    // A queued order settles later, when the outbox delivers it: announce that too.
    const order = session?.$order.get();
    if (order && this.lastOrderStatus === 'queued' && order.status !== 'queued') {
      this.afterOrder(order);
    }
    this.lastOrderStatus = order?.status ?? 'idle';
  }

  private catalog(): Catalog | null {
    return this.current?.$catalog.get().catalog ?? null;
  }

  /** Applies the attributes and the page's saved quote once the catalog is in. */
  private async open(session: QuoteSession, catalog: Catalog) {
    try {
      this.productIds(catalog, true);
      this.applyCurrency();
      const saved = await this.findSavedQuote(session);
      if (saved) {
        await session.loadSavedQuote(saved);
      } else if (this.offerCode && !session.$offer.get().code) {
        await session.applyOfferCode(this.offerCode);
      }
      if (this.effectiveMode === 'estimate' && session.$config.get().lines.length === 0) {
        const main = this.productIds(catalog)[0];
        if (main) session.setQuantity(main, this.estimateStart(catalog, main));
      }
    } catch (error) {
      this.problem = asError(error);
    }
  }

  private async findSavedQuote(session: QuoteSession) {
    const attribution = session.attribution ?? undefined;
    let failure: QuotekitError | null = null;
    const onError = (error: QuotekitError) => (failure = error);
    const text = this.savedQuote?.trim();
    let saved: SavedQuoteLink | Awaited<ReturnType<typeof openStoredQuote>> = null;
    if (text) {
      if (/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
        saved = await session.client.savedQuote(text);
      } else {
        saved = decodeSavedQuote(text);
      }
    } else if (this.effectiveMode === 'visitor' || this.effectiveMode === 'phone') {
      saved =
        openSavedQuote(location.href, { ...(attribution ? { attribution } : {}), onError }) ??
        (await openStoredQuote(location.href, {
          client: session.client,
          ...(attribution ? { attribution } : {}),
          onError,
        }));
    }
    if (failure) throw failure;
    return saved;
  }

  private applyCurrency() {
    const catalog = this.catalog();
    if (!this.current || !catalog || !this.currency) return;
    const code = this.currency.trim().toUpperCase();
    const available = currenciesOf(catalog);
    if (!available.includes(code)) {
      this.problem = new QuotekitError(
        'invalid_currency',
        `The catalog has no prices in ${this.currency.slice(0, 8)}; it has ${available.join(', ')}.`,
        { currency: this.currency.slice(0, 8), available },
      );
      return;
    }
    this.current.setCurrency(code === catalog.currency ? undefined : code);
  }

  /** The products to show; with `strict`, an unknown id in `products` is an error. */
  private productIds(catalog: Catalog, strict = false): string[] {
    const listed = (this.products ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (listed.length === 0) {
      return catalog.products.filter((p) => p.billing === 'monthly').map((p) => p.id);
    }
    const unknown = listed.filter((id) => !catalog.products.some((p) => p.id === id));
    if (strict && unknown.length > 0) {
      throw new QuotekitError(
        'unknown_product',
        `The catalog has no product ${unknown.map((id) => JSON.stringify(id.slice(0, 64))).join(', ')}.`,
        { products: unknown.map((id) => id.slice(0, 64)) },
      );
    }
    return listed.filter((id) => !unknown.includes(id));
  }

  private estimateStart(catalog: Catalog, id: string): number {
    const product = catalog.products.find((p) => p.id === id);
    return Math.max(product?.quantity?.min ?? 0, 1);
  }

  // ——— user input ———

  private setQuantity(product: string, value: string) {
    const session = this.current;
    if (!session) return;
    session.setQuantity(product, value.trim() === '' ? 0 : value.trim());
    this.changed();
  }

  private setCurrencyFromUser(code: string) {
    const catalog = this.catalog();
    if (!this.current || !catalog) return;
    this.current.setCurrency(code === catalog.currency ? undefined : code);
    this.changed();
  }

  /** After a change the visitor made: announce the new total and fire `qk-quote-change`. */
  private changed() {
    this.share = null;
    const quote = this.current?.$quote.get().quote;
    if (!quote) return;
    this.announcement = this.t('totalAnnounce', {
      amount: money(quote.totals.monthlyPayment, quote.currency, this.resolvedLocale),
    });
    this.dispatchEvent(new QuoteChangeEvent(quote));
  }

  private setField(field: Field, value: string) {
    this.fields = { ...this.fields, [field]: value };
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  private async placeOrder(event: Event) {
    event.preventDefault();
    const session = this.current;
    if (!session) return;
    const form = event.target as HTMLFormElement;
    const phone = this.effectiveMode === 'phone';
    const errors: Partial<Record<Field | 'form', string>> = {};
    const required: [Field, string][] = phone
      ? [
          ['name', this.t('customerName')],
          ['email', this.t('customerEmail')],
        ]
      : [
          ['name', this.t('name')],
          ['email', this.t('email')],
        ];
    for (const [field, label] of required) {
      if (!this.fields[field].trim()) errors[field] = this.t('fieldRequired', { field: label });
    }
    const email = form.querySelector<HTMLInputElement>('#email');
    if (!errors.email && email && !email.validity.valid) errors.email = this.t('fieldEmail');
    if (session.$config.get().lines.length === 0) errors.form = this.t('emptyQuote');
    if (phone && session.$offer.get().status !== 'valid') errors.form = this.t('offerRequired');
    if (phone && !this.salesKey) errors.form = this.t('salesKeyRequired');
    this.errors = errors;
    if (Object.keys(errors).length > 0) {
      await this.updateComplete;
      const first = Object.keys(errors)[0];
      this.renderRoot
        .querySelector<HTMLElement>(first === 'form' ? '#form-error' : `#${first}`)
        ?.focus();
      return;
    }
    const { name, email: address, company, phone: tel } = this.fields;
    this.dispatchEvent(new OrderSubmitEvent({ channel: phone ? 'phone' : 'web' }));
    const state = await session.submitOrder({
      customer: {
        name: name.trim(),
        email: address.trim(),
        ...(company.trim() ? { company: company.trim() } : {}),
        ...(tel.trim() ? { phone: tel.trim() } : {}),
      },
      channel: phone ? 'phone' : 'web',
      ...(phone && this.salesKey ? { salesKey: this.salesKey } : {}),
    });
    this.afterOrder(state);
  }

  private async confirmPrice() {
    const state = await this.current?.confirmPriceChange();
    if (state) this.afterOrder(state);
  }

  private afterOrder(state: OrderState) {
    if (state.status === 'done' && state.order) {
      this.dispatchEvent(new OrderSuccessEvent({ order: state.order }));
    } else if (state.status === 'queued') {
      this.dispatchEvent(new OrderQueuedEvent({ key: state.key }));
    } else if (state.error) {
      this.dispatchEvent(new OrderErrorEvent({ error: state.error }));
    }
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part="order-status"]')?.focus(),
    );
  }

  private newOrder() {
    const session = this.current;
    if (!session) return;
    session.resetOrder();
    session.setLines([]);
    session.clearOfferCode();
    this.fields = { ...this.fields, name: '', email: '', company: '', phone: '' };
    this.errors = {};
    this.announcement = '';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part="products"] input')?.focus(),
    );
  }

  private async makeLink() {
    const session = this.current;
    const quote = session?.$quote.get().quote;
    if (!session || !quote) return;
    const base = this.href || location.href.split(/[?#]/)[0]!;
    const config = session.$config.get();
    const offer = session.$offer.get();
    const content: SavedQuoteLink = {
      lines: config.lines,
      ...(config.currency ? { currency: config.currency } : {}),
      ...(offer.status === 'valid' && offer.code ? { offerCode: offer.code } : {}),
      ...(this.affiliate ? { affiliate: this.affiliate } : {}),
    };
    let url: string | null = null;
    try {
      url = savedQuoteUrl(base, content);
    } catch {
      // Too large for a link: stored on the server below.
    }
    try {
      // An affiliate's link is stored on the server, which then knows the
      // affiliate and the code itself: the Order API credits no affiliate
      // named only in a link. Without an affiliate the text link will do,
      // unless it is too long.
      if (this.affiliate || url === null || url.length > MAX_LINK_LENGTH) {
        const { id } = await session.saveQuote(this.affiliate ? { affiliate: this.affiliate } : {});
        url = storedQuoteUrl(base, id);
      }
      this.share = { url, note: '' };
    } catch (error) {
      this.problem = asError(error);
    }
  }

  private async copyLink() {
    if (!this.share) return;
    const { url } = this.share;
    try {
      await navigator.clipboard.writeText(url);
      this.share = { url, note: this.t('copied') };
      this.dispatchEvent(new LinkCopyEvent({ url }));
    } catch {
      this.share = { url, note: this.t('copyFailed') };
      this.renderRoot.querySelector<HTMLInputElement>('#share-url')?.select();
    }
  }

  // ——— rendering ———

  override render() {
    const session = this.current;
    const catalogState = session?.$catalog.get();
    const failure = this.problem ?? catalogState?.error ?? null;
    const body =
      !session || catalogState?.status === 'error'
        ? nothing
        : catalogState?.status !== 'ready'
          ? html`<p role="status" aria-busy="true">${this.t('loading')}</p>`
          : this.renderReady(session, catalogState.catalog!);
    return html`
      <section
        part="base"
        aria-labelledby="heading"
        aria-busy=${catalogState?.status === 'loading'}
      >
        <h2 id="heading" class=${this.effectiveMode === 'estimate' ? 'visually-hidden' : ''}>
          ${this.t('heading')}
        </h2>
        ${failure ? this.renderProblem(failure, catalogState?.status === 'error') : nothing} ${body}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
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
    const mode = this.effectiveMode;
    if (mode === 'estimate') return this.renderEstimate(session, catalog, quote);
    const quoteError =
      state.status === 'error' && state.error
        ? html`<p class="alert" role="alert">
            ${this.t('configError', { message: state.error.message })}
          </p>`
        : nothing;
    if (this.readonly) {
      return html`${this.renderLines(session, catalog, quote, true)} ${quoteError}
      ${quote ? this.renderTotals(quote) : nothing} ${this.renderOrderThis(session)}`;
    }
    return html`
      ${this.renderLines(session, catalog, quote, false)} ${quoteError}
      ${this.renderCurrency(session, catalog)}
      <offer-code-input
        .locale=${this.locale}
        exportparts="input: offer-input, apply-button: offer-apply-button"
      ></offer-code-input>
      ${quote ? this.renderTotals(quote) : nothing}
      ${mode === 'affiliate' ? this.renderShare(quote) : this.renderCheckout(session, quote)}
    `;
  }

  private renderLines(
    session: QuoteSession,
    catalog: Catalog,
    quote: PricedQuote | null,
    readonly: boolean,
  ) {
    const locale = this.resolvedLocale;
    const currency = quote?.currency ?? session.$config.get().currency ?? catalog.currency;
    const lines = session.$config.get().lines;
    const ids = readonly ? lines.map((l) => l.product) : this.productIds(catalog);
    if (ids.length === 0) return html`<p class="muted">${this.t('emptyProducts')}</p>`;
    const t = this.t.bind(this) as (
      key: string,
      values?: Record<string, string | number>,
    ) => string;
    const rows = ids.map((id) => {
      const product = catalog.products.find((p) => p.id === id)!;
      const entered = lines.find((l) => l.product === id)?.quantity ?? 0;
      const line = quote?.lines.find((l) => l.product === id);
      const words = line ? lineWords(line, currency, locale, t) : '';
      const hint = readonly ? null : this.hint(catalog, product, entered, currency);
      return html`<li class="product">
        ${
          readonly
            ? html`<span>${count(entered, locale)} × ${product.name}</span><span></span>`
            : this.renderQuantity(product, entered)
        }
        <span class="amount">${line ? money(line.net, currency, locale) : ''}</span>
        ${words ? html`<p class="words muted">${words}</p>` : nothing}
        ${hint ? html`<p class="hint">${hint}</p>` : nothing}
      </li>`;
    });
    const topUp = quote?.lines.find((l) => l.breakdown.model === 'top_up');
    return html`<ul part="products">
      ${rows}
      ${
        topUp
          ? html`<li class="product">
              <span>${this.t('topUpLabel')}</span><span></span>
              <span class="amount">${money(topUp.net, currency, locale)}</span>
              <p class="words muted">${lineWords(topUp, currency, locale, t)}</p>
            </li>`
          : nothing
      }
    </ul>`;
  }

  private renderQuantity(product: Product, entered: number | string) {
    const id = `q-${product.id}`;
    const onOff = product.price.model === 'flat' && (product.quantity?.max ?? 1) <= 1;
    if (onOff) {
      return html`<label for=${id}>${product.name}</label>
        <input
          id=${id}
          type="checkbox"
          .checked=${Number(entered) > 0}
          @change=${(e: Event) =>
            this.setQuantity(product.id, (e.target as HTMLInputElement).checked ? '1' : '0')}
        />`;
    }
    const bounds = product.quantity ?? {};
    return html`<label for=${id}>${product.name}</label>
      <input
        id=${id}
        type="number"
        inputmode=${(bounds.step ?? 1) % 1 === 0 ? 'numeric' : 'decimal'}
        min=${bounds.min ?? 0}
        max=${bounds.max ?? nothing}
        step=${bounds.step ?? 1}
        .value=${String(entered)}
        @input=${(e: Event) => this.setQuantity(product.id, (e.target as HTMLInputElement).value)}
      />`;
  }

  private hint(catalog: Catalog, product: Product, entered: number | string, currency: string) {
    const model = product.price.model;
    if (model !== 'graduated' && model !== 'volume') return null;
    try {
      const next = nextTier(catalog, { product: product.id, quantity: entered || 0, currency });
      if (!next) return null;
      const unit = product.unit ?? this.t('unitFallback');
      return nextTierWords(next, unit, currency, this.resolvedLocale, this.t.bind(this) as never);
    } catch {
      return null;
    }
  }

  private renderCurrency(session: QuoteSession, catalog: Catalog) {
    const codes = currenciesOf(catalog);
    if (codes.length < 2) return nothing;
    const chosen = session.$config.get().currency ?? catalog.currency;
    return html`<div class="field">
      <label for="currency">${this.t('currency')}</label>
      <select
        id="currency"
        @change=${(e: Event) => this.setCurrencyFromUser((e.target as HTMLSelectElement).value)}
      >
        ${codes.map((code) => html`<option value=${code} ?selected=${code === chosen}>${code}</option>`)}
      </select>
    </div>`;
  }

  private renderTotals(quote: PricedQuote) {
    const locale = this.resolvedLocale;
    const m = (amount: string) => money(amount, quote.currency, locale);
    const zero = (amount: string) => Number(amount) === 0;
    return html`<dl part="totals">
      <dt>${this.t('monthly')}</dt>
      <dd part="total-amount">${m(quote.totals.monthlyPayment)}</dd>
      ${
        zero(quote.totals.oneTime)
          ? nothing
          : html`<dt>${this.t('oneTime')}</dt>
              <dd>${m(quote.totals.oneTime)}</dd>`
      }
      ${
        zero(quote.totals.discount)
          ? nothing
          : html`<dt>${this.t('discount')} (${percent(quote.discountRate, locale)})</dt>
              <dd>−${m(quote.totals.discount)}</dd>`
      }
    </dl>`;
  }

  private renderCheckout(session: QuoteSession, quote: PricedQuote | null) {
    const order = session.$order.get();
    const phone = this.effectiveMode === 'phone';
    if (order.status === 'done' && order.order) {
      return html`<div part="order-status" tabindex="-1" role="status">
        <p class="ok">${this.t('done', { number: order.order.number })}</p>
        ${
          phone
            ? html`<p>
                  <span class="muted">${this.t('doneNumber')}</span><br /><span class="order-number"
                    >${order.order.number}</span
                  >
                </p>
                <button type="button" @click=${this.newOrder}>${this.t('newOrder')}</button>`
            : nothing
        }
      </div>`;
    }
    const busy = order.status === 'submitting' || order.status === 'queued';
    // A phone order needs the rep signed in (the Order API names the rep from
    // the sales key) and the customer's offer code.
    const keyMissing = phone && !this.salesKey;
    const offerMissing = keyMissing || (phone && session.$offer.get().status !== 'valid');
    const field = (name: Field, label: string, type = 'text', autocomplete = 'off') => html`
      <div class="field">
        <label for=${name}>${label}</label>
        <input
          id=${name}
          type=${type}
          autocomplete=${autocomplete}
          .value=${this.fields[name]}
          aria-invalid=${this.errors[name] ? 'true' : 'false'}
          aria-describedby=${this.errors[name] ? `${name}-error` : nothing}
          @input=${(e: Event) => this.setField(name, (e.target as HTMLInputElement).value)}
        />
        ${
          this.errors[name]
            ? html`<p class="error" id=${`${name}-error`}>${this.errors[name]}</p>`
            : nothing
        }
      </div>
    `;
    return html`
      ${phone && quote ? this.renderReadBack(session, quote) : nothing}
      <form part="checkout" @submit=${this.placeOrder} novalidate aria-labelledby="checkout">
        <h3 id="checkout">${this.t('checkout')}</h3>
        <div class="fields">
          ${
            phone
              ? html`${field('name', this.t('customerName'))}
                ${field('email', this.t('customerEmail'), 'email')}
                ${field('phone', this.t('customerPhone'), 'tel')}`
              : html`${field('name', this.t('name'), 'text', 'name')}
                ${field('email', this.t('email'), 'email', 'email')}
                ${field('company', this.t('company'), 'text', 'organization')}
                ${field('phone', this.t('phone'), 'tel', 'tel')}`
          }
        </div>
        ${
          this.errors.form || offerMissing
            ? html`<p class="alert" id="form-error" tabindex="-1">
                ${this.errors.form ?? this.t(keyMissing ? 'salesKeyRequired' : 'offerRequired')}
              </p>`
            : nothing
        }
        <div class="actions">
          <button
            part="place-order-button"
            type="submit"
            ?disabled=${busy || offerMissing || !quote}
            aria-describedby=${offerMissing ? 'form-error' : nothing}
          >
            ${this.t('placeOrder')}
          </button>
        </div>
        ${this.renderOrderStatus(order)}
      </form>
    `;
  }

  private renderOrderStatus(order: OrderState): TemplateResult | typeof nothing {
    const locale = this.resolvedLocale;
    let content: TemplateResult | string | typeof nothing = nothing;
    switch (order.status) {
      case 'submitting':
        content = this.t('submitting');
        break;
      case 'queued': {
        // A 429 also waits in the outbox: say when it will go.
        const seconds = Number(order.error?.details?.retryAfter);
        content = html`<span class="ok"
          >${
            order.error?.details?.cause === 'rate_limited' && Number.isFinite(seconds)
              ? this.t('queuedRateLimited', { seconds })
              : this.t('queued')
          }</span
        >`;
        break;
      }
      case 'price_changed': {
        const server = order.serverQuote!;
        const amount = money(server.totals.monthlyPayment, server.currency, locale);
        const previous = this.current?.$quote.get().quote;
        content = html`<span class="alert"
            >${this.t('priceChanged', {
              amount,
              previous: previous
                ? money(previous.totals.monthlyPayment, previous.currency, locale)
                : '—',
            })}</span
          >
          <button type="button" @click=${this.confirmPrice}>
            ${this.t('confirmPrice', { amount })}
          </button>`;
        break;
      }
      case 'error': {
        const error = order.error;
        const seconds = Number(error?.details?.retryAfter);
        content = html`<span class="alert"
          >${
            error?.code === 'rate_limited'
              ? this.t('rateLimited', { seconds: Number.isFinite(seconds) ? seconds : 1 })
              : error?.code === 'network_error' || error?.code === 'timeout'
                ? this.t('offlineError')
                : this.t('orderError', { message: error?.message ?? '' })
          }</span
        >`;
        break;
      }
      default:
        return html`<p part="order-status" tabindex="-1" role="status"></p>`;
    }
    return html`<p part="order-status" tabindex="-1" role="status">${content}</p>`;
  }

  private renderReadBack(session: QuoteSession, quote: PricedQuote) {
    const locale = this.resolvedLocale;
    const m = (amount: string) => money(amount, quote.currency, locale);
    const offer = session.$offer.get();
    const parts = quote.lines
      .filter((line) => line.breakdown.model !== 'top_up')
      .map((line) =>
        this.t('readBackLine', {
          quantity: count(line.quantity, locale),
          name: line.name,
          price:
            line.breakdown.model === 'per_unit'
              ? m(line.breakdown.tiers[0]!.unitAmount)
              : m(line.amount),
        }),
      );
    const total =
      offer.status === 'valid' && offer.code
        ? this.t('readBackTotalDiscount', {
            amount: m(quote.totals.monthlyPayment),
            rate: percent(quote.discountRate, locale),
            code: offer.code,
          })
        : this.t('readBackTotal', { amount: m(quote.totals.monthlyPayment) });
    return html`<section class="readback" aria-labelledby="readback">
      <h3 id="readback">${this.t('readBack')}</h3>
      <p>${parts.join('; ')}${parts.length ? '; ' : ''}${total}.</p>
    </section>`;
  }

  private renderShare(quote: PricedQuote | null) {
    const locale = this.resolvedLocale;
    let earnings: TemplateResult | typeof nothing = nothing;
    if (quote) {
      const m = (amount: string) => money(amount, quote.currency, locale);
      const { rate } = affiliateCommissionRate(quote.totals.monthlyPayment);
      const commission = referralCommission({
        monthlyValue: quote.totals.monthlyValue.affiliate,
        rate,
        discountRate: quote.discountRate,
        referee: { signedUpAt: new Date().toISOString() },
      });
      earnings = html`<ul>
        <li>
          ${this.t('customerSaves', {
            amount: m(quote.totals.discount),
            rate: percent(quote.discountRate, locale),
          })}
        </li>
        <li>
          ${
            commission.reason
              ? this.t('affiliateEarnsNothing', { rate: percent(rate, locale) })
              : this.t('affiliateEarns', {
                  amount: m(commission.amount),
                  rate: percent(commission.rate, locale),
                })
          }
        </li>
      </ul>`;
    }
    return html`<section part="share" class="share" aria-labelledby="share">
      <h3 id="share">${this.t('shareHeading')}</h3>
      ${earnings}
      <div class="actions">
        <button type="button" ?disabled=${!quote} @click=${this.makeLink}>
          ${this.t('makeLink')}
        </button>
      </div>
      ${
        this.share
          ? html`<div class="field">
                <label for="share-url">${this.t('linkLabel')}</label>
                <input id="share-url" readonly .value=${this.share.url} />
              </div>
              <div class="actions">
                <button type="button" @click=${this.copyLink}>${this.t('copyLink')}</button>
                <span role="status">${this.share.note}</span>
              </div>`
          : nothing
      }
    </section>`;
  }

  private renderEstimate(session: QuoteSession, catalog: Catalog, quote: PricedQuote | null) {
    const locale = this.resolvedLocale;
    const id = this.productIds(catalog)[0];
    const product = catalog.products.find((p) => p.id === id);
    if (!product) return html`<p class="muted">${this.t('emptyProducts')}</p>`;
    const entered = session.$config.get().lines.find((l) => l.product === id)?.quantity ?? 0;
    const bounds = product.quantity ?? {};
    const max = bounds.max ?? 500;
    const amount = quote ? money(quote.totals.monthlyPayment, quote.currency, locale) : '';
    const unit = product.unit ?? this.t('unitFallback');
    const units = locale.startsWith('en') && Number(entered) !== 1 ? `${unit}s` : unit;
    const link =
      this.href && quote
        ? safeUrl(() =>
            savedQuoteUrl(this.href!, {
              lines: session.$config.get().lines,
              ...(session.$config.get().currency
                ? { currency: session.$config.get().currency! }
                : {}),
            }),
          )
        : null;
    const onInput = (e: Event) =>
      this.setQuantity(product.id, (e.target as HTMLInputElement).value);
    return html`<div class="estimate">
      <label for="estimate-range" class="visually-hidden">${product.name}</label>
      <input
        id="estimate-range"
        type="range"
        min=${bounds.min ?? 0}
        max=${max}
        step=${bounds.step ?? 1}
        .value=${String(entered)}
        @input=${onInput}
      />
      <label for="estimate-number" class="visually-hidden">${product.name}</label>
      <input
        id="estimate-number"
        type="number"
        min=${bounds.min ?? 0}
        max=${max}
        step=${bounds.step ?? 1}
        .value=${String(entered)}
        @input=${onInput}
      />
      <output part="total-amount" for="estimate-range estimate-number"
        >${
          amount
            ? this.t('estimateFor', { amount, count: count(entered, locale), unit: units })
            : ''
        }</output
      >
      ${link ? html`<a href=${link}>${this.t('seeFullPricing')}</a>` : nothing}
    </div>`;
  }

  private renderOrderThis(session: QuoteSession) {
    if (!this.orderUrl) return nothing;
    const config = session.$config.get();
    const offer = session.$offer.get();
    const link = safeUrl(() =>
      savedQuoteUrl(this.orderUrl!, {
        lines: config.lines,
        ...(config.currency ? { currency: config.currency } : {}),
        ...(offer.code && offer.status === 'valid' ? { offerCode: offer.code } : {}),
        ...(this.affiliate ? { affiliate: this.affiliate } : {}),
      }),
    );
    return link ? html`<a class="button" href=${link}>${this.t('orderThis')}</a>` : nothing;
  }
}

function currenciesOf(catalog: Catalog): string[] {
  return [catalog.currency, ...Object.keys(catalog.priceBooks ?? {})];
}

/** An http(s) link, or null: a page's `href` attribute never becomes a `javascript:` link. */
function safeUrl(make: () => string): string | null {
  try {
    const url = new URL(make());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function asError(error: unknown): QuotekitError {
  return isQuotekitError(error)
    ? error
    : new QuotekitError('unexpected_error', error instanceof Error ? error.message : String(error));
}
