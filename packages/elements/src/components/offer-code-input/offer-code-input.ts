import { QuotekitError, type PricedQuote } from '@quotekit/core';
import { NO_OFFER, type OfferCheck, type OfferState, type QuoteSession } from '@quotekit/sdk';
import { html, nothing, type PropertyValues } from 'lit';
import { OfferChangeEvent } from '../../events/offer-change.js';
import { QuotekitElement } from '../../internal/element.js';
import { money, percent } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import { tokens } from '../../styles/tokens.js';
import { messages } from './messages.js';
import { styles } from './offer-code-input.styles.js';
import { OfferSourceController } from './offer-source.js';

/**
 * @summary An offer-code field: checks the code with the Order API and
 * applies its discount to the quote it is bound to. Form-associated: inside
 * a `<form>` its applied code is submitted under `name`.
 *
 * @event qk-offer-change - A code was applied or cleared by the visitor: `{ code, discountRate }`.
 * @event qk-error - The field cannot work (no API to ask).
 *
 * @csspart base - The wrapper.
 * @csspart input - The text box.
 * @csspart apply-button - The Apply button.
 * @csspart remove-button - The Remove button, shown while a code is applied.
 * @csspart status - The line that says what happened to the code.
 *
 * @cssproperty --qk-offer-code-input-gap - Space between the parts. Default `--qk-space`.
 */
export class OfferCodeInput extends QuotekitElement<(typeof messages)['en']> {
  static formAssociated = true;
  static override styles = [tokens, styles];
  static override properties = {
    ...QuotekitElement.properties,
    apiBase: { attribute: 'api-base' },
    htmlFor: { attribute: 'for' },
    name: { reflect: true },
    value: {},
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    draft: { state: true },
    now: { state: true },
  };

  /** The Order API this field asks when it is not inside a `<quote-builder>`. */
  declare apiBase: string | null;
  /** The id of the `<quote-builder>` whose quote this code discounts. */
  declare htmlFor: string | null;
  /** The form field name. Default `offerCode`. */
  declare name: string;
  /** The applied code (empty when none); setting it applies it without firing `qk-offer-change`. */
  declare value: string;
  /** Blocks the form's submission until a valid code is applied. */
  declare required: boolean;
  declare disabled: boolean;
  declare private draft: string;
  declare private now: number;

  protected readonly messages = messages;
  private readonly internals = this.attachInternals();
  private readonly stores = new StoreController(this);
  private readonly sessions = new OfferSourceController(this, () => this.bind());
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The session's code at the last update, to tell when the quote's code changed. */
  private sessionCode = '';

  constructor() {
    super();
    this.apiBase = null;
    this.htmlFor = null;
    this.name = 'offerCode';
    this.value = '';
    this.required = false;
    this.disabled = false;
    this.draft = '';
    this.now = Date.now();
  }

  /** The quote session this field works on (bound to a builder or sharing its API's), or null. */
  get session(): QuoteSession | null {
    return this.sessions.session;
  }

  /** The lone offer check this field uses when no quote session is there, or null. */
  get offerCheck(): OfferCheck | null {
    return this.sessions.check;
  }

  /** What the code goes to: the quote session, else the lone check. */
  private source(): QuoteSession | OfferCheck | null {
    return this.sessions.session ?? this.sessions.check;
  }

  private bind() {
    const { session } = this;
    const source = this.source();
    this.stores.watch(session ? [session.$offer, session.$quote] : source ? [source.$offer] : []);
    if (source && this.value && source.$offer.get().code !== this.value) {
      void source.applyOfferCode(this.value);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The empty value a field starts with is no request to clear a code its
    // session already has (a builder's saved quote or offer-code).
    const initialEmpty = changed.get('value') === undefined && this.value === '';
    if (changed.has('value') && !initialEmpty && this.value !== this.applied()) {
      this.draft = this.value;
      void this.source()?.applyOfferCode(this.value);
    }
    // A code the quote got elsewhere (a saved-quote link, the builder's
    // offer-code, another field) shows in the text box, as the server spells
    // it once valid; what the visitor is typing stays until the code changes.
    const code = this.offer().code ?? '';
    if (code !== this.sessionCode) {
      this.sessionCode = code;
      this.draft = code;
    }
  }

  protected override updated(): void {
    const offer = this.offer();
    const applied = offer.status === 'valid' ? (offer.code ?? '') : '';
    this.internals.setFormValue(applied || null);
    const input = this.renderRoot.querySelector('input') ?? undefined;
    if (this.required && !applied) {
      this.internals.setValidity({ valueMissing: true }, this.t('required'), input);
    } else {
      this.internals.setValidity({});
    }
    // Count down while rate limited, and stop when it is over.
    const limited = offer.status === 'rate_limited' && (offer.retryAt ?? 0) > Date.now();
    if (limited && !this.timer) this.timer = setInterval(() => (this.now = Date.now()), 1000);
    if (!limited && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Called by the form when it resets: clears the code. */
  formResetCallback(): void {
    this.draft = '';
    this.source()?.clearOfferCode();
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  private offer(): OfferState {
    return this.source()?.$offer.get() ?? NO_OFFER;
  }

  private applied(): string {
    const offer = this.offer();
    return offer.status === 'valid' ? (offer.code ?? '') : '';
  }

  private async apply(event?: Event) {
    event?.preventDefault();
    const session = this.source();
    if (!session || this.disabled) return;
    const code = this.draft.trim();
    const result = code ? await session.applyOfferCode(code) : (session.clearOfferCode(), null);
    const valid = result?.status === 'valid';
    this.value = valid ? (result.code ?? '') : '';
    this.dispatchEvent(
      new OfferChangeEvent({
        code: valid ? result.code : null,
        discountRate: valid ? result.discountRate : null,
      }),
    );
  }

  private clearCode() {
    this.draft = '';
    this.value = '';
    this.source()?.clearOfferCode();
    this.dispatchEvent(new OfferChangeEvent({ code: null, discountRate: null }));
    this.renderRoot.querySelector('input')?.focus();
  }

  override render() {
    const session = this.source();
    const error = this.sessions.error;
    const waiting = this.sessions.waiting;
    const missing = !session && !error && !waiting;
    // The developer reads why in `qk-error`; the visitor reads that codes cannot be used here.
    this.report(
      error ?? (missing ? new QuotekitError('invalid_options', 'No api-base or builder.') : null),
    );
    const offer = this.offer();
    // `now` ticks each second while limited, so this re-renders the countdown.
    const now = Math.max(this.now, Date.now());
    const limited = offer.status === 'rate_limited' && (offer.retryAt ?? 0) > now;
    const busy = offer.status === 'checking';
    return html`
      <form part="base" @submit=${this.apply} novalidate>
        <label for="code">${this.t('label')}</label>
        <div class="row">
          <input
            id="code"
            part="input"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength="64"
            .value=${this.draft}
            ?disabled=${this.disabled || !session}
            ?required=${this.required}
            aria-invalid=${offer.status === 'invalid' ? 'true' : 'false'}
            aria-describedby="status"
            @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
          />
          <button
            part="apply-button"
            type="submit"
            ?disabled=${this.disabled || !session || busy || limited}
            aria-busy=${busy ? 'true' : 'false'}
          >
            ${this.t('apply')}
          </button>
          ${
            offer.status === 'valid'
              ? html`<button
                  part="remove-button"
                  type="button"
                  class="secondary"
                  ?disabled=${this.disabled}
                  @click=${this.clearCode}
                >
                  ${this.t('remove')}
                </button>`
              : nothing
          }
        </div>
        <p id="status" part="status" role="status" aria-live="polite" aria-busy=${busy}>
          ${
            error || missing
              ? html`<span class="alert">${this.t('noApi')}</span>`
              : this.status(offer, limited, now, this.session?.$quote.get().quote ?? null)
          }
        </p>
      </form>
    `;
  }

  private status(offer: OfferState, limited: boolean, now: number, quote: PricedQuote | null) {
    const locale = this.resolvedLocale;
    const code = offer.code ?? '';
    switch (offer.status) {
      case 'checking':
        return this.t('checking', { code });
      case 'valid': {
        const rate = percent(offer.discountRate ?? '0', locale);
        if (!quote || quote.totals.discount === '0.00')
          return html`<span class="ok">${this.t('valid', { rate })}</span>`;
        const amount = money(quote.totals.discount, quote.currency, locale);
        const monthly = quote.lines.every(
          (l) => l.billing === 'monthly' || Number(l.discount) === 0,
        );
        return html`<span class="ok"
          >${this.t(monthly ? 'validSavingMonthly' : 'validSaving', { rate, amount })}</span
        >`;
      }
      case 'invalid': {
        const key = (['unknown', 'inactive', 'malformed'] as const).find((k) => k === offer.reason);
        return html`<span class="alert">${this.t(key ?? 'invalid', { code })}</span>`;
      }
      case 'rate_limited':
        return limited
          ? html`<span class="alert"
              >${this.t('rateLimited', {
                seconds: Math.ceil(((offer.retryAt ?? 0) - now) / 1000),
              })}</span
            >`
          : this.t('rateLimitedDone');
      case 'error':
        return html`<span class="alert"
          >${
            offer.error?.code === 'network_error' || offer.error?.code === 'timeout'
              ? this.t('networkError')
              : this.t('otherError')
          }</span
        >`;
      default:
        return nothing;
    }
  }
}
