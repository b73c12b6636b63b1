import {
  QuotekitError,
  type Opportunity,
  type PartnerAccount,
  type PayoutMethod,
} from '@quotekit/core';
import { html, nothing, type PropertyValues } from 'lit';
import { PartnerSigninEvent } from '../../events/partner-signin.js';
import { QuotekitElement } from '../../internal/element.js';
import { tokens } from '../../styles/tokens.js';
import { toQuotekitError } from '@quotekit/sdk';
import { messages } from './messages.js';
import { styles } from './partner-portal.styles.js';
import { OpportunityCreateEvent } from '../../events/opportunity-create.js';
import { PayoutChangeEvent } from '../../events/payout-change.js';
import type { OpportunityForm, PayoutForm } from './forms.js';
import type { Load, PortalData } from './portal-data.js';
import type { ReferralSort } from './referrals.js';
import type * as SectionsModule from './sections.js';
import { portalView, section, type Key } from './view.js';

type Sections = typeof SectionsModule;
let sections: Sections | undefined;
let unavailable: QuotekitError | undefined;
let loading: Promise<void> | undefined;

/** Loads the sections once for every portal on the page. */
function loadSections(): Promise<void> {
  loading ??= import('./sections.js').then(
    (module) => void (sections = module),
    (error: unknown) => {
      unavailable = toQuotekitError(error);
      // A later key may try again (the network may be back).
      loading = undefined;
    },
  );
  return loading;
}
const LOADING: Load<never> = { status: 'loading' };
/** The sections' frames while their module loads (the same as portal-sections' SECTION_FRAMES). */
const FRAMES = [
  ['overview', 'overview'],
  ['referrals', 'referrals'],
  ['earnings', 'earnings'],
  ['clicks', 'clicks'],
  ['opportunities', 'opportunities'],
  ['payout', 'payoutMethodHeading'],
] as const;

/**
 * @summary An affiliate's or reseller's own view of the partner program:
 * Overview (tier, balances, next payout), Referrals (sortable, a page at a
 * time), Earnings (month by month, CSV, payouts; a reseller's credit on
 * each bill), Clicks, Opportunities (register, renew) and Payout method. Reads the Order API's
 * partner routes with the partner's key, which is a property only: never an
 * attribute, never stored. Without a key it shows a sign-in field. Dates are
 * New York days and months, as the program's books keep them.
 *
 * @event qk-partner-signin - The visitor signed in with a key the API accepted: `{ partner, kind }` (never the key).
 * @event qk-opportunity-create - The visitor registered an opportunity: `{ opportunity }`.
 * @event qk-payout-change - The visitor saved a payout method: `{ method, paypalEmail }`.
 * @event qk-error - Something stops the portal working (no `api-base`, a refused key, a section that cannot load): `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart signin - The sign-in form.
 * @csspart key-input - The partner key field.
 * @csspart signin-button - The Sign in button.
 * @csspart signout-button - The Sign out button.
 * @csspart overview - The Overview section.
 * @csspart tier - The tier and monthly payments.
 * @csspart tier-progress - The progress bar to the next tier.
 * @csspart balances - Balance, payable and pending.
 * @csspart next-payout - The next payout, or why there will be none.
 * @csspart referrals - The Referrals section.
 * @csspart referrals-table - The referrals table's scroll box.
 * @csspart more-button - "Show more referrals".
 * @csspart earnings - The Earnings section.
 * @csspart months-table - The month-by-month table's scroll box.
 * @csspart csv-link - The CSV download link.
 * @csspart payouts-table - The payouts table's scroll box.
 * @csspart credits-table - A reseller's credit on each bill.
 * @csspart sub-clients - A reseller's sub-clients against the 3 that earn credit.
 * @csspart clicks - The Clicks section.
 * @csspart clicks-chart - The 30-day chart, with its table for screen readers.
 * @csspart opportunities - The Opportunities section.
 * @csspart opportunity-form - The form that registers an opportunity.
 * @csspart register-button - Its Register button.
 * @csspart opportunities-table - The opportunities with their expiry and Renew.
 * @csspart payout - The Payout method section.
 * @csspart payout-form - The payout method form.
 * @csspart payout-button - Its Save button.
 *
 * @cssproperty --qk-partner-portal-gap - Space between sections. Default `2 × --qk-space`.
 * @cssproperty --qk-partner-portal-max-width - Widest width. Default `64rem`.
 * @cssproperty --qk-partner-portal-progress-color - The next-tier progress bar. Default `--qk-color-accent`.
 */
export class PartnerPortal extends QuotekitElement<(typeof messages)['en']> {
  static override styles = [tokens, styles];
  static override properties = {
    ...QuotekitElement.properties,
    apiBase: { attribute: 'api-base' },
    partnerKey: { attribute: false },
    pageSize: { attribute: 'page-size', type: Number },
    draft: { state: true },
    signInError: { state: true },
    sort: { state: true },
  };

  /** The Order API's base URL, e.g. `https://api.vendor.example`. */
  declare apiBase: string | null;
  /**
   * The partner's key (`qk_partner_…`), held in memory only; never an
   * attribute, never stored. Setting it signs in without firing
   * `qk-partner-signin`; `null` signs out. Default `null`.
   */
  declare partnerKey: string | null;
  /** Referrals per page, 1–200. Default `25`. */
  declare pageSize: number;
  declare private draft: string;
  declare private signInError: QuotekitError | null;
  /** The referrals' order (the visitor's choice). */
  declare sort: ReferralSort;

  /** Now, for what is pending and the current month. Default `Date.now`. */
  now: () => number = () => Date.now();
  protected readonly messages = messages;
  private signingIn = false;
  /** The sections' data, once their module has loaded. */
  private data: PortalData | null = null;
  /** The sections' module could not be loaded. */
  private sectionsError: QuotekitError | null = null;
  /** The forms' state, once the sections' module has loaded. */
  opportunityForm!: OpportunityForm;
  payoutForm!: PayoutForm;

  constructor() {
    super();
    this.apiBase = null;
    this.partnerKey = null;
    this.pageSize = 25;
    this.draft = '';
    this.signInError = null;
    this.sort = null;
  }

  /** The partner's account once loaded, else null. */
  get account(): PartnerAccount | null {
    const account = this.data?.account;
    return account?.status === 'ready' ? account.value : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.partnerKey && this.apiBase && !this.data) this.startSections();
    this.data?.use(this.apiBase, this.partnerKey);
  }

  /** Loads the sections' module, then makes their data controller. */
  private startSections() {
    if (sections) {
      this.data = new sections.PortalData(this, {
        pageSize: () => Math.min(200, Math.max(1, Math.trunc(this.pageSize) || 25)),
        onRefused: (error) => {
          this.signingIn = false;
          this.signInError = error;
          this.partnerKey = null;
        },
        onAccount: (account) => this.signedIn(account),
      });
      this.opportunityForm = new sections.OpportunityForm(this);
      this.payoutForm = new sections.PayoutForm(this);
      this.sectionsError = null;
      return;
    }
    void loadSections().then(() => {
      this.sectionsError = sections ? null : (unavailable ?? null);
      this.requestUpdate();
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const loads = this.data?.loads() ?? [];
    const failed = loads.find((load) => load.status === 'error');
    this.report(
      this.missingApi() ??
        this.data?.setupError ??
        this.signInError ??
        this.sectionsError ??
        (failed?.status === 'error' ? failed.error : null),
    );
  }

  private missingApi(): QuotekitError | null {
    return this.apiBase
      ? null
      : new QuotekitError('invalid_options', '<partner-portal> needs `api-base`.', {
          option: 'apiBase',
        });
  }

  private signedIn(account: PartnerAccount) {
    this.signInError = null;
    if (!this.signingIn) return;
    this.signingIn = false;
    this.dispatchEvent(
      new PartnerSigninEvent({ partner: account.partner.id, kind: account.partner.kind }),
    );
    // The visitor lands on what they signed in for.
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#portal-heading')?.focus(),
    );
  }

  private submit(event: Event) {
    event.preventDefault();
    const key = this.draft.trim();
    if (!key) {
      this.signInError = new QuotekitError('invalid_options', 'Enter the partner key.', {
        field: 'partnerKey',
      });
      this.renderRoot.querySelector('input')?.focus();
      return;
    }
    this.signingIn = true;
    this.signInError = null;
    this.draft = '';
    this.partnerKey = key;
  }

  private signOut() {
    this.signingIn = false;
    this.signInError = null;
    this.partnerKey = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
  }

  override render() {
    const view = portalView(this.resolvedLocale, (key, values) => this.t(key, values));
    const { t } = view;
    if (this.missingApi()) {
      return html`<div part="base"><p class="alert" role="alert">${t('notSetUp')}</p></div>`;
    }
    if (!this.partnerKey || this.data?.setupError) return this.renderSignIn();
    const data = sections ? this.data : null;
    const account = data?.account;
    const ready = account?.status === 'ready' ? account.value : null;
    const failed: Load<never> = this.sectionsError
      ? { status: 'error', error: this.sectionsError }
      : LOADING;
    return html`<div part="base">
      <header class="top">
        <h2 id="portal-heading" tabindex="-1">${t('heading')}</h2>
        ${
          ready
            ? html`<p class="muted">
                ${t('signedInAs', { name: ready.partner.name, id: ready.partner.id })} ·
                ${t(ready.partner.kind)}
              </p>`
            : nothing
        }
        <button type="button" class="secondary" part="signout-button" @click=${this.signOut}>
          ${t('signOut')}
        </button>
      </header>
      ${
        data && sections
          ? sections.renderSections(view, data, this)
          : FRAMES.map(([name, heading]) =>
              section(
                view,
                name,
                heading,
                failed,
                () => this.startSections(),
                () => html``,
              ),
            )
      }
    </div>`;
  }

  /** Fires `qk-opportunity-create` for an opportunity the visitor registered. */
  opportunityCreated(opportunity: Opportunity): void {
    this.dispatchEvent(new OpportunityCreateEvent({ opportunity }));
  }

  /** Fires `qk-payout-change` for a payout method the visitor saved. */
  payoutChanged(payout: { method: PayoutMethod; paypalEmail: string | null }): void {
    this.dispatchEvent(new PayoutChangeEvent(payout));
  }

  private renderSignIn() {
    const t = (key: Key) => this.t(key);
    const error = this.signInError ?? this.data?.setupError ?? null;
    const words =
      error === null
        ? ''
        : error.details?.field === 'partnerKey'
          ? t('keyRequired')
          : error.code === 'invalid_options' || error.code === 'forbidden'
            ? t('error_unauthorized')
            : portalView(this.resolvedLocale, (key, values) => this.t(key, values)).error(error);
    return html`<div part="base">
      <form part="signin" class="signin" @submit=${this.submit} novalidate>
        <h2>${t('signInHeading')}</h2>
        <label for="key">${t('keyLabel')}</label>
        <input
          id="key"
          part="key-input"
          type="password"
          autocomplete="off"
          spellcheck="false"
          .value=${this.draft}
          aria-describedby="key-hint key-error"
          aria-invalid=${error ? 'true' : 'false'}
          @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
        />
        <p id="key-hint" class="muted">${t('keyHint')}</p>
        <p id="key-error" class="alert" role="alert">${words}</p>
        <button type="submit" part="signin-button">${t('signIn')}</button>
      </form>
    </div>`;
  }
}
