import type { OrderState } from '@quotekit/sdk';
import type { ReactiveController } from 'lit';
import { OrderErrorEvent } from '../../../events/order-error.js';
import { OrderQueuedEvent } from '../../../events/order-queued.js';
import { OrderSubmitEvent } from '../../../events/order-submit.js';
import { OrderSuccessEvent } from '../../../events/order-success.js';
import type { BuilderHost } from './host.js';

export type Field = 'name' | 'email' | 'company' | 'phone';
export type FieldErrors = Partial<Record<Field | 'form', string>>;

const EMPTY: Record<Field, string> = { name: '', email: '', company: '', phone: '' };

/**
 * The order form: its fields and their errors, placing the order, and the
 * order's outcome announced as events (a queued order's too, when the outbox
 * finally delivers it).
 */
export class CheckoutController implements ReactiveController {
  fields: Record<Field, string> = { ...EMPTY };
  errors: FieldErrors = {};
  /** The order status last rendered, to tell when a queued order is finally sent. */
  private lastOrderStatus: OrderState['status'] = 'idle';

  constructor(private readonly host: BuilderHost) {
    host.addController(this);
  }

  /** A form error goes as soon as its cause does: a product chosen, the code applied, the rep signed in. */
  hostUpdate(): void {
    if (!this.errors.form) return;
    const problem = this.formProblem();
    this.errors = { ...this.errors, form: problem ? this.host.words(problem) : undefined };
  }

  /** What stops the whole order, if anything, most basic first. */
  private formProblem(): 'emptyQuote' | 'offerRequired' | 'salesKeyRequired' | undefined {
    const session = this.host.session;
    const phone = this.host.builderMode === 'phone';
    if (phone && !this.host.salesKey) return 'salesKeyRequired';
    if (phone && session?.$offer.get().status !== 'valid') return 'offerRequired';
    if (session?.$config.get().lines.length === 0) return 'emptyQuote';
    return undefined;
  }

  hostUpdated(): void {
    const order = this.host.session?.$order.get();
    if (order && this.lastOrderStatus === 'queued' && order.status !== 'queued') {
      this.afterOrder(order);
    }
    this.lastOrderStatus = order?.status ?? 'idle';
  }

  setField(field: Field, value: string): void {
    this.fields = { ...this.fields, [field]: value };
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.host.requestUpdate();
  }

  readonly placeOrder = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { session, words: t } = this.host;
    if (!session) return;
    const form = event.target as HTMLFormElement;
    const phone = this.host.builderMode === 'phone';
    const errors: FieldErrors = {};
    const required: [Field, string][] = phone
      ? [
          ['name', t('customerName')],
          ['email', t('customerEmail')],
        ]
      : [
          ['name', t('name')],
          ['email', t('email')],
        ];
    for (const [field, label] of required) {
      if (!this.fields[field].trim()) errors[field] = t('fieldRequired', { field: label });
    }
    const email = form.querySelector<HTMLInputElement>('#email');
    if (!errors.email && email && !email.validity.valid) errors.email = t('fieldEmail');
    const problem = this.formProblem();
    if (problem) errors.form = t(problem);
    this.errors = errors;
    this.host.requestUpdate();
    if (Object.keys(errors).length > 0) {
      await this.host.updateComplete;
      const first = Object.keys(errors)[0];
      this.host.renderRoot
        .querySelector<HTMLElement>(first === 'form' ? '#form-error' : `#${first}`)
        ?.focus();
      return;
    }
    const { name, email: address, company, phone: tel } = this.fields;
    this.host.dispatchEvent(new OrderSubmitEvent({ channel: phone ? 'phone' : 'web' }));
    const state = await session.submitOrder({
      customer: {
        name: name.trim(),
        email: address.trim(),
        ...(company.trim() ? { company: company.trim() } : {}),
        ...(tel.trim() ? { phone: tel.trim() } : {}),
      },
      channel: phone ? 'phone' : 'web',
      ...(phone && this.host.salesKey ? { salesKey: this.host.salesKey } : {}),
    });
    this.afterOrder(state);
  };

  readonly confirmPrice = async (): Promise<void> => {
    const state = await this.host.session?.confirmPriceChange();
    if (state) this.afterOrder(state);
  };

  /** Starts the next order: a new quote (its required lines only), no offer code, an empty form. */
  readonly newOrder = (): void => {
    const session = this.host.session;
    if (!session) return;
    session.resetOrder();
    session.setLines(this.host.openingLines());
    session.clearOfferCode();
    this.fields = { ...EMPTY };
    this.errors = {};
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLElement>('[part="products"] input')?.focus(),
    );
  };

  private afterOrder(state: OrderState) {
    if (state.status === 'done' && state.order) {
      forgetSavedQuote();
      this.host.dispatchEvent(new OrderSuccessEvent({ order: state.order }));
    } else if (state.status === 'queued') {
      this.host.dispatchEvent(new OrderQueuedEvent({ key: state.key }));
    } else if (state.error) {
      this.host.dispatchEvent(new OrderErrorEvent({ error: state.error }));
    }
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLElement>('[part="order-status"]')?.focus(),
    );
  }
}

/**
 * Takes the saved-quote parameters (`quote`, `qid`) out of the page's address
 * once their quote is ordered, so a reload or a shared address does not open
 * the ordered quote again. The history entry is replaced, not added.
 */
function forgetSavedQuote(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('quote') && !url.searchParams.has('qid')) return;
  url.searchParams.delete('quote');
  url.searchParams.delete('qid');
  history.replaceState(history.state, '', url.href);
}
