// What <partner-portal> reads from the Order API, one reactive controller:
// a partner client for the key in memory, and each section's state
// (loading, ready, error) with its own AbortSignal, so signing out or a new
// key cancels what the old key asked.
import {
  QuotekitError,
  type Opportunity,
  type OpportunityInput,
  type PartnerClicks,
  type PartnerPayoutInput,
  type LedgerEntryAnswer,
  type PartnerAccount,
  type PartnerReferral,
  type PayoutAnswer,
} from '@quotekit/core';
import { createPartnerClient, toQuotekitError, type PartnerClient } from '@quotekit/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A section's data: not asked yet, on its way, there, or why not. */
export type Load<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: QuotekitError };

export interface ReferralPages {
  rows: PartnerReferral[];
  nextCursor: string | null;
  /** A further page is on its way, or could not be had. */
  more: 'idle' | 'loading' | QuotekitError;
}

export interface Earnings {
  entries: LedgerEntryAnswer[];
  payouts: PayoutAnswer[];
}

/** The ledger is read whole, a page of 200 at a time, up to this many entries. */
const LEDGER_LIMIT = 10_000;

const IDLE = { status: 'idle' } as const;
const LOADING = { status: 'loading' } as const;

/** A sign-in the API refused: the portal shows the sign-in field again. */
export const isSignInRefused = (error: QuotekitError) =>
  error.code === 'unauthorized' || error.code === 'forbidden';

export class PortalData implements ReactiveController {
  client: PartnerClient | null = null;
  account: Load<PartnerAccount> = IDLE;
  referrals: Load<ReferralPages> = IDLE;
  earnings: Load<Earnings> = IDLE;
  clicks: Load<PartnerClicks> = IDLE;
  opportunities: Load<Opportunity[]> = IDLE;
  /** Why there is no client: a missing api-base or a malformed key. */
  setupError: QuotekitError | null = null;
  private controller = new AbortController();
  private connected = false;
  private key = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      pageSize: () => number;
      /** The API refused the key. */
      onRefused: (error: QuotekitError) => void;
      /** The account answered for a new key. */
      onAccount: (account: PartnerAccount) => void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    if (this.client && this.account.status === 'idle') this.loadAll();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.reset();
  }

  /** Uses `partnerKey` against `apiBase`; a change of either starts again. Null signs out. */
  use(apiBase: string | null, partnerKey: string | null): void {
    const key = `${apiBase ?? ''}\n${partnerKey ?? ''}`;
    if (key === this.key) return;
    this.key = key;
    this.reset();
    this.client = null;
    this.setupError = null;
    if (!partnerKey) return;
    if (!apiBase) {
      this.setupError = new QuotekitError('invalid_options', '<partner-portal> needs `api-base`.', {
        option: 'apiBase',
      });
      return;
    }
    try {
      this.client = createPartnerClient({ baseUrl: apiBase, partnerKey });
    } catch (error) {
      this.setupError = toQuotekitError(error);
      return;
    }
    if (this.connected) this.loadAll();
  }

  private reset() {
    this.controller.abort();
    this.controller = new AbortController();
    this.account = IDLE;
    this.referrals = IDLE;
    this.earnings = IDLE;
    this.clicks = IDLE;
    this.opportunities = IDLE;
  }

  private loadAll() {
    void this.loadAccount();
    void this.loadReferrals();
    void this.loadEarnings();
    void this.loadClicks();
    void this.loadOpportunities();
  }

  /** Every section's state, for the first error among them. */
  loads(): Load<unknown>[] {
    return [this.account, this.referrals, this.earnings, this.clicks, this.opportunities];
  }

  loadClicks(): Promise<void> {
    return this.run(
      (client, signal) => client.clicks({}, { signal }),
      (load) => (this.clicks = load),
    );
  }

  loadOpportunities(): Promise<void> {
    return this.run(
      (client, signal) => client.opportunities({ signal }),
      (load) => (this.opportunities = load),
    );
  }

  /** A call the visitor made (register, renew, payout); a refused key signs out. Rejects with a QuotekitError. */
  private async act<T>(
    job: (client: PartnerClient, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { client } = this;
    if (!client) throw new QuotekitError('unauthorized', 'Signed out.');
    try {
      return await job(client, this.controller.signal);
    } catch (caught) {
      const error = toQuotekitError(caught);
      if (isSignInRefused(error)) this.options.onRefused(error);
      throw error;
    }
  }

  /** Registers an opportunity, then lists it first. */
  async register(input: OpportunityInput): Promise<Opportunity> {
    const { opportunity } = await this.act((client, signal) =>
      client.registerOpportunity(input, { signal }),
    );
    if (this.opportunities.status === 'ready') {
      this.opportunities = { status: 'ready', value: [opportunity, ...this.opportunities.value] };
    }
    this.host.requestUpdate();
    return opportunity;
  }

  /** Renews an opportunity for 180 days from now. */
  async renew(id: string): Promise<Opportunity> {
    const renewed = await this.act((client, signal) =>
      client.updateOpportunity(id, {}, { signal }),
    );
    if (this.opportunities.status === 'ready') {
      this.opportunities = {
        status: 'ready',
        value: this.opportunities.value.map((o) => (o.id === id ? renewed : o)),
      };
    }
    this.host.requestUpdate();
    return renewed;
  }

  /** Chooses how the partner is paid, then reads the account again (its next payout changes). */
  async setPayout(input: PartnerPayoutInput) {
    const payout = await this.act((client, signal) => client.setPayoutMethod(input, { signal }));
    void this.loadAccount();
    return payout;
  }

  /** Runs `job` for the current key; answers nothing once signed out or the key changed. */
  private async run<T>(
    job: (client: PartnerClient, signal: AbortSignal) => Promise<T>,
    set: (load: Load<T>) => void,
  ): Promise<void> {
    const { client } = this;
    if (!client) return;
    const { signal } = this.controller;
    set(LOADING);
    this.host.requestUpdate();
    let load: Load<T>;
    try {
      load = { status: 'ready', value: await job(client, signal) };
    } catch (caught) {
      load = { status: 'error', error: toQuotekitError(caught) };
    }
    if (signal.aborted) return;
    set(load);
    this.host.requestUpdate();
    if (load.status === 'error' && isSignInRefused(load.error)) this.options.onRefused(load.error);
  }

  loadAccount(): Promise<void> {
    return this.run(
      (client, signal) => client.account({ signal }),
      (load) => {
        this.account = load;
        if (load.status === 'ready') this.options.onAccount(load.value);
      },
    );
  }

  loadReferrals(): Promise<void> {
    return this.run(
      async (client, signal) => {
        const page = await client.referrals({ signal, limit: this.options.pageSize() });
        return { rows: page.referrals, nextCursor: page.nextCursor, more: 'idle' as const };
      },
      (load) => (this.referrals = load),
    );
  }

  /** The next page of referrals, after those shown. */
  async moreReferrals(): Promise<void> {
    const current = this.referrals;
    const { client } = this;
    if (current.status !== 'ready' || !current.value.nextCursor || !client) return;
    if (current.value.more === 'loading') return;
    const { signal } = this.controller;
    const update = (value: ReferralPages) => {
      this.referrals = { status: 'ready', value };
      this.host.requestUpdate();
    };
    update({ ...current.value, more: 'loading' });
    try {
      const page = await client.referrals({
        signal,
        limit: this.options.pageSize(),
        cursor: current.value.nextCursor,
      });
      if (signal.aborted) return;
      update({
        rows: [...current.value.rows, ...page.referrals],
        nextCursor: page.nextCursor,
        more: 'idle',
      });
    } catch (caught) {
      if (signal.aborted) return;
      const error = toQuotekitError(caught);
      update({ ...current.value, more: error });
      if (isSignInRefused(error)) this.options.onRefused(error);
    }
  }

  loadEarnings(): Promise<void> {
    return this.run(
      async (client, signal) => {
        const [entries, payouts] = await Promise.all([
          (async () => {
            const all: LedgerEntryAnswer[] = [];
            let cursor: string | undefined;
            do {
              const page = await client.ledger({
                signal,
                limit: 200,
                ...(cursor ? { cursor } : {}),
              });
              all.push(...page.entries);
              cursor = page.nextCursor ?? undefined;
            } while (cursor && all.length < LEDGER_LIMIT);
            return all;
          })(),
          client.payouts({ signal }),
        ]);
        return { entries, payouts };
      },
      (load) => (this.earnings = load),
    );
  }
}
