// The builder's working half: its quote session, pricing, controllers and
// the templates of a loaded catalog. The element loads this module after its
// first paint, so the script before that paint holds none of it.
import { ContextProvider } from '@lit/context';
import { productName, QuotekitError, requiredLines, type Catalog } from '@quotekit/core';
import { quoteSessionFor, toQuotekitError, type QuoteSession } from '@quotekit/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { OfferChangeEvent } from '../../events/offer-change.js';
import { QuoteChangeEvent } from '../../events/quote-change.js';
import { quoteSessionContext } from '../../internal/context.js';
import { StoreController } from '../../internal/store-controller.js';
import { errorText } from '../../internal/words/errors.js';
import '../offer-code-input/define.js';
import {
  estimateStart,
  productLayout,
  readCurrency,
  readProductIds,
  readQuantityInput,
} from './attributes.js';
import { count } from '../../internal/format.js';
import { CheckoutController } from './controllers/checkout.js';
import type { BuilderHost } from './controllers/host.js';
import type { FirstPaint } from './first-paint.js';
import { findSavedQuote } from './saved-quote.js';
import { renderCheckout } from './templates/checkout.js';
import { renderEstimate } from './templates/estimate.js';
import { renderCurrency, renderLines, renderOrderThis, renderTotals } from './templates/lines.js';
import { renderReceipt } from './templates/receipt.js';
import { renderShare } from './templates/share.js';
import type { View } from './templates/view.js';
import { ShareController } from './controllers/share.js';

/** What the working half reads of the element: its attributes, locale and first paint. */
export interface LiveHost extends BuilderHost {
  readonly apiBase: string | null;
  readonly currency: string | null;
  readonly products: string | null;
  readonly savedQuote: string | null;
  readonly affiliate: string | null;
  readonly offerCode: string | null;
  readonly readonly: boolean;
  readonly href: string | null;
  readonly orderUrl: string | null;
  readonly locale: string | undefined;
  /** The locale in force. */
  readonly localeInForce: string;
  /** The server-priced opening totals, if they are in. */
  readonly painted: FirstPaint | null;
  /** Says the new monthly total to screen readers. */
  announceTotal(amount: string, currency: string): void;
}

/** The body of the card once the session is there, and what it says of its state. */
export interface LiveView {
  body: TemplateResult | typeof nothing;
  failure: QuotekitError | null;
  /** The catalog can be retried. */
  retry: boolean;
  loading: boolean;
}

/** The quote session behind a `<quote-builder>`, and the templates of a loaded catalog. */
export class LiveBuilder {
  session: QuoteSession | null = null;
  problem: QuotekitError | null = null;
  /** Settles once the opening quote (a saved quote, the offer code) is applied. */
  openingDone: Promise<void> = Promise.resolve();
  private readonly stores: StoreController;
  private readonly provider: ContextProvider<typeof quoteSessionContext>;
  private readonly checkout: CheckoutController;
  private readonly sharing: ShareController;
  private opening: QuoteSession | null = null;
  /** The session whose opening quote (saved quote, offer code) is applied. */
  private openedSession: QuoteSession | null = null;

  constructor(private readonly host: LiveHost & HTMLElement) {
    this.stores = new StoreController(host);
    this.provider = new ContextProvider(host, { context: quoteSessionContext });
    this.checkout = new CheckoutController(host);
    this.sharing = new ShareController(host);
    // An offer code the visitor applies or removes changes the quote as a
    // quantity does, in the builder's own field or in one bound `for` it.
    host.addController({
      hostConnected: () => document.addEventListener(OfferChangeEvent.type, this.offerChanged),
      hostDisconnected: () =>
        document.removeEventListener(OfferChangeEvent.type, this.offerChanged),
    });
    this.connect();
  }

  private readonly offerChanged = (event: Event) => {
    const field = event.composedPath()[0] as { session?: QuoteSession | null };
    if (this.session && field.session === this.session) this.changed();
  };

  /** (Re)connects to the page's session for `api-base`. */
  connect(): void {
    let session: QuoteSession | null = null;
    this.problem = null;
    try {
      if (!this.host.apiBase) {
        throw new QuotekitError(
          'invalid_options',
          'The api-base attribute is required: the address of the Order API.',
        );
      }
      session = quoteSessionFor(this.host.apiBase);
    } catch (error) {
      this.problem = toQuotekitError(error);
    }
    this.session = session;
    this.provider.setValue(session ?? undefined);
    this.stores.watch(
      session
        ? [session.$catalog, session.$config, session.$offer, session.$quote, session.$order]
        : [],
    );
  }

  /** After each render: opens the quote once the catalog is in. */
  updated(): void {
    const session = this.session;
    const catalog = this.catalog();
    if (session && catalog && this.opening !== session) {
      this.opening = session;
      this.openingDone = this.open(session, catalog).finally(() => {
        if (this.opening !== session) return;
        this.openedSession = session;
        this.host.requestUpdate();
      });
    }
  }

  /** The `currency` attribute changed. */
  currencyChanged(): void {
    if (this.session && this.catalog()) this.applyCurrency();
  }

  private catalog(): Catalog | null {
    return this.session?.$catalog.get().catalog ?? null;
  }

  /** Applies the attributes and the page's saved quote once the catalog is in. */
  private async open(session: QuoteSession, catalog: Catalog) {
    const host = this.host;
    try {
      readProductIds(host.products, catalog, true);
      this.applyCurrency();
      const saved = await findSavedQuote(session, host.savedQuote, host.builderMode);
      if (saved) {
        await session.loadSavedQuote(saved);
      } else {
        // A new quote carries the catalog's required products; a saved one opens as saved.
        if (host.builderMode !== 'estimate') this.addRequired(session, catalog);
        if (host.offerCode && !session.$offer.get().code) {
          await session.applyOfferCode(host.offerCode);
        }
      }
      if (host.builderMode === 'estimate' && session.$config.get().lines.length === 0) {
        const main = readProductIds(host.products, catalog)[0];
        if (main) session.setQuantity(main, estimateStart(catalog, main));
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** The lines a new quote starts with: the required products the builder shows. */
  openingLines(): Array<{ product: string; quantity: number }> {
    const catalog = this.catalog();
    if (!catalog || this.host.builderMode === 'estimate') return [];
    const layout = productLayout(this.host.products, catalog);
    return requiredLines(catalog, layout.required);
  }

  /** Puts the required products the quote lacks (or has 0 of) into it. */
  private addRequired(session: QuoteSession, catalog: Catalog) {
    const lines = session.$config.get().lines;
    for (const line of requiredLines(
      catalog,
      productLayout(this.host.products, catalog).required,
    )) {
      const held = lines.find((l) => l.product === line.product);
      if (!held || Number(held.quantity) === 0) session.setQuantity(line.product, line.quantity);
    }
  }

  /** Shows a problem that stops the builder working. */
  fail(error: unknown): void {
    this.problem = toQuotekitError(error);
    this.host.requestUpdate();
  }

  private applyCurrency() {
    const catalog = this.catalog();
    const currency = this.host.currency;
    if (!this.session || !catalog || !currency) return;
    try {
      this.session.setCurrency(readCurrency(currency, catalog));
    } catch (error) {
      this.fail(error);
    }
  }

  // ——— user input ———

  /** What the builder corrected in a product's quantity, in words, until the next entry for it. */
  private readonly notes = new Map<string, string>();

  /**
   * A quantity the visitor entered. A whole-unit product's is corrected to a
   * whole number within its bounds, and the field and a note say so.
   */
  private readonly setQuantity = (product: string, value: string, input?: HTMLInputElement) => {
    const session = this.session;
    const found = this.catalog()?.products.find((p) => p.id === product);
    if (!session || !found) return;
    const read = readQuantityInput(found, value);
    this.notes.delete(product);
    if (read.corrected) {
      const t = this.host.words;
      const locale = this.host.localeInForce;
      const n = count(read.quantity, locale);
      this.notes.set(
        product,
        read.corrected === 'whole'
          ? t('quantityWhole', { value: n })
          : read.corrected === 'min'
            ? t('quantityMin', { min: n })
            : t('quantityMax', { max: n }),
      );
      if (input) input.value = String(read.quantity);
    }
    session.setQuantity(product, read.quantity);
    this.changed();
    this.host.requestUpdate();
  };

  private readonly setCurrencyFromUser = (code: string) => {
    const catalog = this.catalog();
    if (!this.session || !catalog) return;
    this.session.setCurrency(code === catalog.currency ? undefined : code);
    this.changed();
  };

  /** After a change the visitor made (a quantity, the currency, the offer code): announce the new total and fire `qk-quote-change`. */
  private changed() {
    this.sharing.reset();
    const quote = this.session?.$quote.get().quote;
    if (!quote) return;
    this.host.announceTotal(quote.totals.monthlyPayment, quote.currency);
    this.host.dispatchEvent(new QuoteChangeEvent(quote));
  }

  private readonly makeLink = () => void this.sharing.makeLink(this.host.href, this.host.affiliate);

  // ——— rendering ———

  /** What stops the builder working: a bad attribute, or the catalog that failed to load. */
  get failure(): QuotekitError | null {
    return this.problem ?? this.session?.$catalog.get().error ?? null;
  }

  /** The card's body: nothing while the catalog loads (the element shows its first paint). */
  view(): LiveView {
    const session = this.session;
    const state = session?.$catalog.get();
    const failure = this.failure;
    const retry = state?.status === 'error';
    // With a first paint on screen, it stays until the session has opened that same quote,
    // so the quantities never show an empty quote beside the painted totals.
    const opening = state?.status === 'ready' && !!this.host.painted && !this.opened(session!);
    const loading = !!session && (state?.status === 'loading' || opening);
    const body =
      session && state?.status === 'ready' ? this.renderReady(session, state.catalog!) : nothing;
    return { body, failure, retry, loading };
  }

  /**
   * The session's applied offer code, as the inner field's `value`: the field
   * mounts after the opening quote is applied, and an empty `value` on its first
   * update would clear the code the saved quote or `offer-code` brought.
   */
  private appliedCode(session: QuoteSession): string {
    const offer = session.$offer.get();
    return offer.status === 'valid' ? (offer.code ?? '') : '';
  }

  /** True once the session's opening quote (saved quote, offer code) is applied. */
  private opened(session: QuoteSession): boolean {
    return this.openedSession === session;
  }

  private renderReady(session: QuoteSession, catalog: Catalog) {
    const host = this.host;
    const state = session.$quote.get();
    const quote = state.quote;
    const t = host.words;
    const view: View = { session, catalog, quote, locale: host.localeInForce, t };
    const mode = host.builderMode;
    if (mode === 'estimate') {
      const main = readProductIds(host.products, catalog)[0];
      return renderEstimate(view, main, host.href, this.setQuantity);
    }
    const quoteError =
      state.status === 'error' && state.error
        ? html`<p class="alert" role="alert">
            ${t('configError', {
              message: errorText(t, state.error, {
                product: (id) => {
                  const product = catalog.products.find((p) => p.id === id);
                  return product && productName(product, view.locale);
                },
              }),
            })}
          </p>`
        : nothing;
    const order = session.$order.get();
    if (order.status === 'done' && order.order && mode !== 'affiliate' && !host.readonly) {
      return renderReceipt(view, order.order, mode === 'phone', this.checkout.newOrder);
    }
    if (host.readonly) {
      const ids = session.$config.get().lines.map((l) => l.product);
      const layout = { required: [], open: [{ group: null, ids }], more: null };
      return html`${renderLines(view, layout, true, this.setQuantity)} ${quoteError}
      ${quote ? renderTotals(view, quote) : nothing}
      ${renderOrderThis(view, host.orderUrl, host.affiliate)}`;
    }
    return html`
      ${renderLines(
        view,
        productLayout(host.products, catalog),
        false,
        this.setQuantity,
        this.notes,
      )}
      ${quoteError} ${renderCurrency(view, this.setCurrencyFromUser)}
      <offer-code-input
        .locale=${host.locale}
        .value=${this.appliedCode(session)}
        exportparts="input: offer-input, apply-button: offer-apply-button"
      ></offer-code-input>
      ${quote ? renderTotals(view, quote) : nothing}
      ${
        mode === 'affiliate'
          ? renderShare(view, this.sharing, this.makeLink)
          : renderCheckout(view, this.checkout, mode === 'phone', host.salesKey)
      }
    `;
  }
}
