// The portal's two forms as reactive state: registering an opportunity
// (checked by core's schema, each problem worded for its field) and choosing
// the payout method. The element renders them and fires their events.
import {
  OpportunityInputSchema,
  type Opportunity,
  type OpportunityInput,
  type PartnerAccount,
  type PayoutMethod,
  type QuotekitError,
} from '@quotekit/core';
import { toQuotekitError } from '@quotekit/sdk';
import type { ReactiveControllerHost } from 'lit';
import type { PortalData } from './portal-data.js';
import type { Key } from './view.js';

export const OPPORTUNITY_FIELDS = ['company', 'contactName', 'email', 'phone', 'website'] as const;
export type OpportunityField = (typeof OPPORTUNITY_FIELDS)[number];

/** The words for a field the schema or the API refused. */
export const FIELD_PROBLEMS: Record<OpportunityField, Key> = {
  company: 'oppCompanyRequired',
  contactName: 'oppContactInvalid',
  email: 'oppEmailInvalid',
  phone: 'oppPhoneInvalid',
  website: 'oppWebsiteInvalid',
};

/** The fields a `QuotekitError`'s problems name (`details.problems[].path`). */
function fieldsOf(error: QuotekitError): OpportunityField[] {
  const problems = (error.details?.problems ?? []) as { path?: unknown }[];
  return problems
    .map((p) => String(p.path ?? '').split('.')[0] as OpportunityField)
    .filter((f) => OPPORTUNITY_FIELDS.includes(f));
}

export class OpportunityForm {
  values: Record<OpportunityField, string> = {
    company: '',
    contactName: '',
    email: '',
    phone: '',
    website: '',
  };
  /** Fields with a problem, in the form's order. */
  invalid: OpportunityField[] = [];
  busy = false;
  error: QuotekitError | null = null;
  done: Opportunity | null = null;
  renewed: Opportunity | null = null;
  renewing: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  set(field: OpportunityField, value: string) {
    this.values = { ...this.values, [field]: value };
    this.host.requestUpdate();
  }

  /** The input the form holds, or the fields to fix. */
  private input(): OpportunityInput | OpportunityField[] {
    const body: Record<string, string> = {};
    for (const field of OPPORTUNITY_FIELDS) {
      const value = this.values[field].trim();
      if (value) body[field] = value;
    }
    const parsed = OpportunityInputSchema.safeParse(body);
    if (parsed.success) return parsed.data;
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0]) as OpportunityField));
    return OPPORTUNITY_FIELDS.filter((f) => fields.has(f));
  }

  /** Registers the opportunity; answers it, or null when there were problems. */
  async submit(data: PortalData): Promise<Opportunity | null> {
    if (this.busy) return null;
    this.done = null;
    this.renewed = null;
    this.error = null;
    const input = this.input();
    if (Array.isArray(input)) {
      this.invalid = input;
      this.host.requestUpdate();
      return null;
    }
    this.invalid = [];
    this.busy = true;
    this.host.requestUpdate();
    try {
      const opportunity = await data.register(input);
      this.done = opportunity;
      this.values = { company: '', contactName: '', email: '', phone: '', website: '' };
      return opportunity;
    } catch (caught) {
      const error = toQuotekitError(caught);
      this.invalid = fieldsOf(error);
      this.error = this.invalid.length ? null : error;
      return null;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  async renew(data: PortalData, id: string): Promise<void> {
    this.renewing = id;
    this.done = null;
    this.error = null;
    this.host.requestUpdate();
    try {
      this.renewed = await data.renew(id);
    } catch (caught) {
      this.error = toQuotekitError(caught);
    } finally {
      this.renewing = null;
      this.host.requestUpdate();
    }
  }
}

export class PayoutForm {
  /** The method chosen in the form; null until the visitor chooses (the account's shows). */
  method: PayoutMethod | null = null;
  paypalEmail: string | null = null;
  busy = false;
  emailInvalid = false;
  error: QuotekitError | null = null;
  saved: PayoutMethod | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  chosen(account: PartnerAccount): PayoutMethod {
    return this.method ?? account.partner.payout.method;
  }

  email(account: PartnerAccount): string {
    return this.paypalEmail ?? account.partner.payout.paypalEmail ?? '';
  }

  choose(method: PayoutMethod) {
    this.method = method;
    this.saved = null;
    this.host.requestUpdate();
  }

  setEmail(value: string) {
    this.paypalEmail = value;
    this.host.requestUpdate();
  }

  /** Saves the method; answers what the API stored, or null. */
  async submit(data: PortalData, account: PartnerAccount) {
    if (this.busy) return null;
    const method = this.chosen(account);
    const email = this.email(account).trim();
    this.error = null;
    this.saved = null;
    this.emailInvalid = method === 'paypal' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
    if (this.emailInvalid) {
      this.host.requestUpdate();
      return null;
    }
    this.busy = true;
    this.host.requestUpdate();
    try {
      const payout = await data.setPayout(
        method === 'paypal' ? { method, paypalEmail: email } : { method },
      );
      this.saved = payout.method;
      this.method = null;
      this.paypalEmail = null;
      return payout;
    } catch (caught) {
      const error = toQuotekitError(caught);
      this.emailInvalid = fieldsOf(error).length > 0 || error.details?.field === 'paypalEmail';
      this.error = this.emailInvalid ? null : error;
      return null;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
