import { toQuotekitError } from '@quotekit/sdk';
import {
  PLANS,
  PRIORITIES,
  QuotekitError,
  type Plan,
  type Priority,
  type SupportCost,
  type TicketCounts,
} from '@quotekit/core';
import { html, nothing, type PropertyValues } from 'lit';
import { QuotekitElement } from '../../internal/element.js';
import { count, dateTime, money } from '../../internal/format.js';
import { errorText } from '../../internal/words/errors.js';
import { plural } from '../../internal/words/plural.js';
import { tokens } from '../../styles/tokens.js';
import type * as FiguresModule from './figures.js';
import { messages } from './messages.js';
import { styles } from './support-token-calculator.styles.js';

const NEW_YORK = 'America/New_York';
const PLAN_LABELS = {
  shared: 'planShared',
  dedicated: 'planDedicated',
  platform: 'planPlatform',
} as const;

let rules: typeof FiguresModule | undefined;
let unavailable: QuotekitError | undefined;
let loading: Promise<void> | undefined;

/** Loads the support rules once for every calculator on the page. */
function loadRules(): Promise<void> {
  loading ??= import('./figures.js').then(
    (module) => void (rules = module),
    (error: unknown) =>
      void (unavailable = new QuotekitError(
        'network_error',
        'The support rules could not be loaded.',
        { reason: error instanceof Error ? error.message : String(error) },
        { cause: error },
      )),
  );
  return loading;
}

/**
 * @summary Compares a month of support on a flat rate with tokens for the
 * tickets a customer expects, and shows the response targets of a ticket
 * filed now. Every figure comes from `@quotekit/core`; it needs no API.
 * The form paints at once; the figures follow when the support rules have
 * loaded (`updateComplete` waits for them).
 *
 * @event qk-error - A bad attribute (an unknown plan, a count that is not a whole number): `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart options - The table of monthly costs.
 * @csspart token-table - Tokens per ticket on the plan.
 * @csspart targets - The response targets.
 *
 * @cssproperty --qk-support-token-calculator-gap - Space between sections. Default `2 × --qk-space`.
 * @cssproperty --qk-support-token-calculator-highlight - Background of the cheapest option. Default `--qk-color-surface-alt`.
 * @cssproperty --qk-support-token-calculator-max-width - Widest width. Default `48rem`.
 */
export class SupportTokenCalculator extends QuotekitElement<(typeof messages)['en']> {
  static override styles = [tokens, styles];
  static override properties = {
    ...QuotekitElement.properties,
    plan: {},
    users: {},
    admins: {},
    tokenPrice: { attribute: 'token-price' },
    tickets: { state: true },
  };

  /** `shared`, `dedicated` (default) or `platform`. */
  declare plan: string;
  /** Users on the account. Default `10`. */
  declare users: string;
  /** Administrators. Default `1`. */
  declare admins: string;
  /**
   * The price of one token, e.g. `"25.00"`. Default: core's sample 10.00,
   * which visitors see as the price: set your own (without it the element
   * says so once in the browser console).
   */
  declare tokenPrice: string | null;
  declare private tickets: Record<Priority, string>;

  protected readonly messages = messages;
  private readonly tr = (
    key: keyof (typeof messages)['en'] & string,
    values?: Record<string, string | number>,
  ) => this.t(key, values);
  private warnedSample = false;
  /** When "now" is, for the response targets; a page or test may pin it. Default `Date.now`. */
  now: () => number = () => Date.now();

  constructor() {
    super();
    this.plan = 'dedicated';
    this.users = '10';
    this.admins = '1';
    this.tokenPrice = null;
    this.tickets = { informational: '0', billing: '0', standard: '2', urgent: '0', emergency: '0' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!rules) void loadRules().then(() => this.requestUpdate());
  }

  /** Resolves once the figures are on screen, not only the form. */
  protected override async getUpdateComplete(): Promise<boolean> {
    if (!rules && !unavailable) {
      await loadRules();
      this.requestUpdate();
    }
    return super.getUpdateComplete();
  }

  /** The figures, what is wrong with the inputs, or null while the rules load. */
  private figures():
    | { cost: SupportCost; plan: Plan; rules: typeof FiguresModule }
    | { error: QuotekitError }
    | null {
    if (!rules) return unavailable ? { error: unavailable } : null;
    const { supportCost } = rules;
    try {
      const plan = this.plan as Plan;
      const counts: TicketCounts = {};
      for (const priority of PRIORITIES)
        counts[priority] = wholeNumber(this.tickets[priority], priority);
      wholeNumber(this.admins, 'admins');
      const cost = supportCost({
        plan,
        users: wholeNumber(this.users, 'users'),
        tickets: counts,
        ...(this.tokenPrice ? { tokenPrice: this.tokenPrice } : {}),
      });
      return { cost, plan, rules };
    } catch (error) {
      return {
        error: toQuotekitError(error),
      };
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const figures = this.figures();
    this.report(figures && 'error' in figures ? figures.error : null);
    // A note for the page's developer, never for its visitors.
    if (figures && 'cost' in figures && figures.cost.tokenPriceIsSample && !this.warnedSample) {
      this.warnedSample = true;
      console.warn(
        `<support-token-calculator>: token-price is not set, so tokens are priced at the sample ${figures.cost.tokenPrice}. Set token-price to your price per token.`,
      );
    }
  }

  override render() {
    const figures = this.figures();
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading">${this.t('heading')}</h2>
      ${this.renderInputs()}
      ${
        figures === null
          ? html`<div class="figures" aria-busy="true"></div>`
          : 'error' in figures
            ? html`<p class="alert" role="alert">
                ${this.t('problem', {
                  message: errorText(this.tr, figures.error, {
                    // `users`, `admins` and the priorities are keys of their labels.
                    field: (path) => (path in messages.en ? this.tr(path as 'users') : undefined),
                  }),
                })}
              </p>`
            : this.renderResults(figures.cost, figures.plan, figures.rules)
      }
    </section>`;
  }

  private renderInputs() {
    const number = (id: string, label: string, value: string, set: (v: string) => void) => html`
      <div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          type="number"
          inputmode="numeric"
          min="0"
          step="1"
          .value=${value}
          @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
        />
      </div>
    `;
    return html`
      <fieldset>
        <div class="field">
          <label for="plan">${this.t('plan')}</label>
          <select
            id="plan"
            @change=${(e: Event) => (this.plan = (e.target as HTMLSelectElement).value)}
          >
            ${PLANS.map(
              (plan) =>
                html`<option value=${plan} ?selected=${plan === this.plan}>
                  ${this.t(PLAN_LABELS[plan])}
                </option>`,
            )}
          </select>
        </div>
        ${number('users', this.t('users'), this.users, (v) => (this.users = v))}
        ${number('admins', this.t('admins'), this.admins, (v) => (this.admins = v))}
      </fieldset>
      <fieldset>
        <legend>${this.t('ticketsHeading')}</legend>
        ${PRIORITIES.map((priority) =>
          number(`tickets-${priority}`, this.t(priority), this.tickets[priority], (v) => {
            this.tickets = { ...this.tickets, [priority]: v };
          }),
        )}
      </fieldset>
    `;
  }

  private renderResults(cost: SupportCost, plan: Plan, rules: typeof FiguresModule) {
    const locale = this.resolvedLocale;
    const m = (amount: string) => money(amount, 'USD', locale);
    const rows = [
      ['flatUsers', this.t('flatUsers'), cost.flatUsers],
      ['flatAdmins', this.t('flatAdmins'), cost.flatAdmins],
      [
        'tokens',
        this.t('tokens', { count: count(cost.tokens?.count ?? 0, locale) }),
        cost.tokens?.cost ?? null,
      ],
    ] as const;
    // Core prefers a flat rate on a tie; say so when tokens cost the same.
    const tie = cost.cheapest !== 'tokens' && cost.tokens?.cost === cost[cost.cheapest];
    const why =
      cost.cheapest === 'tokens'
        ? this.t('whyTokens')
        : tie
          ? this.t('whyFlatTie')
          : this.t('whyFlat');
    return html`
      <div>
        <h3 id="options">${this.t('optionsHeading')}</h3>
        <table part="options" aria-labelledby="options">
          <tbody>
            ${rows.map(
              ([option, label, amount]) =>
                html`<tr class=${option === cost.cheapest ? 'cheapest' : ''}>
                  <th scope="row">
                    ${label}${
                      option === cost.cheapest
                        ? html` <span class="badge">${this.t('cheapest')}</span>`
                        : nothing
                    }
                  </th>
                  <td class="amount">${amount === null ? this.t('notOffered') : m(amount)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p role="status" aria-live="polite">${why}</p>
        ${plan === 'shared' ? html`<p>${this.t('sharedOnly')}</p>` : nothing}
        ${plan === 'platform' ? html`<p>${this.t('platformOnly')}</p>` : nothing}
        ${
          cost.flatAdmins !== null
            ? html`<p class="muted">
                ${plural(this.tr, 'adminsNote', this.admins, locale, {
                  admins: count(this.admins, locale),
                })}
              </p>`
            : nothing
        }
      </div>
      ${
        cost.breakEven && cost.flatAdmins !== null
          ? html`<div>
              <h3>${this.t('breakEvenHeading')}</h3>
              <ul>
                ${PRIORITIES.map((priority) => {
                  const n = cost.breakEven![priority];
                  return html`<li>
                    ${
                      n === null
                        ? this.t('breakEvenFree', { priority: this.t(priority) })
                        : plural(this.tr, 'breakEven', n, locale, {
                            count: count(n, locale),
                            priority: this.t(priority),
                            flat: m(cost.flatAdmins!),
                          })
                    }
                  </li>`;
                })}
              </ul>
            </div>`
          : nothing
      }
      ${plan === 'shared' ? nothing : this.renderTokenTable(cost, plan, rules)}
      ${this.renderTargets(rules)}
    `;
  }

  private renderTokenTable(cost: SupportCost, plan: Plan, { ticketTokens }: typeof FiguresModule) {
    const locale = this.resolvedLocale;
    return html`<div>
      <h3 id="token-table">${this.t('tableHeading')}</h3>
      <table part="token-table" aria-labelledby="token-table">
        <thead>
          <tr>
            <th scope="col">${this.t('tablePriority')}</th>
            <th scope="col" class="amount">${this.t('tableTokens')}</th>
          </tr>
        </thead>
        <tbody>
          ${PRIORITIES.map(
            (priority) =>
              html`<tr>
                <th scope="row">${this.t(priority)}</th>
                <td class="amount">${count(ticketTokens(plan, priority), locale)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p>
        ${this.t('tokenPrice', {
          price: money(cost.tokenPrice ?? '0', 'USD', locale),
          minimum: money(cost.ticketMinimum, 'USD', locale),
        })}
      </p>
      ${cost.tokenTerms ? html`<p>${this.t('tokenTerms')}</p>` : nothing}
    </div>`;
  }

  private renderTargets({ slaDeadlines }: typeof FiguresModule) {
    const locale = this.resolvedLocale;
    const now = new Date(this.now());
    const when = (iso: string | null) =>
      iso === null
        ? this.t('noTarget')
        : `${this.t('yourTime', { time: dateTime(iso, locale) })} · ${this.t('newYorkTime', {
            time: dateTime(iso, locale, NEW_YORK),
          })}`;
    return html`<div>
      <h3 id="targets">${this.t('targetsHeading')}</h3>
      <table part="targets" aria-labelledby="targets">
        <thead>
          <tr>
            <th scope="col">${this.t('tablePriority')}</th>
            <th scope="col">${this.t('start')}</th>
            <th scope="col">${this.t('resolve')}</th>
          </tr>
        </thead>
        <tbody>
          ${PRIORITIES.map((priority) => {
            const { startBy, resolveBy } = slaDeadlines(priority, now);
            return html`<tr>
              <th scope="row">${this.t(priority)}</th>
              <td>${when(startBy)}</td>
              <td>${when(resolveBy)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}

/** A count from an attribute or field: `invalid_quantity` unless a whole number ≥ 0. */
function wholeNumber(text: string | number, field: string): number {
  const value = String(text).trim() === '' ? 0 : Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new QuotekitError(
      'invalid_quantity',
      `${field} must be a whole number of 0 or more, got ${JSON.stringify(String(text).slice(0, 20))}.`,
      { field },
    );
  }
  return value;
}
