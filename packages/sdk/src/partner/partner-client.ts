import {
  isErrorCode,
  LedgerPageSchema,
  OpportunityCreatedSchema,
  OpportunityListSchema,
  OpportunityResponseSchema,
  PartnerAccountSchema,
  PartnerClicksSchema,
  PartnerPayoutChangedSchema,
  PartnerPayoutListSchema,
  PartnerReferralListSchema,
  PostFactoListSchema,
  PostFactoResponseSchema,
  QuotekitError,
  type Opportunity,
  type OpportunityCreated,
  type OpportunityInput,
  type OpportunityUpdate,
  type LedgerEntryAnswer,
  type PartnerAccount,
  type PartnerClicks,
  type PartnerPayoutChanged,
  type PartnerPayoutInput,
  type PartnerReferral,
  type PayoutAnswer,
  type PostFacto,
  type PostFactoInput,
} from '@quotekit/core';
import { request, type RequestPolicy, type ResponseSchema } from '../api/request.js';

export interface PartnerClientOptions {
  /** The Order API's base URL, e.g. `https://api.example.com` (a trailing `/` is ignored). */
  baseUrl: string;
  /**
   * The partner's key (`npm run keys -- create --role partner --partner ACME`),
   * sent as `Authorization: Bearer <key>` and kept in this client's memory only.
   */
  partnerKey: string;
  /** The `fetch` used for every call. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time allowed for one attempt, body included, in ms. Default `10000`. */
  timeoutMs?: number;
  /**
   * Further attempts after a network error, timeout, 5xx or 429, for calls
   * that are safe to repeat (all but `registerOpportunity`). Default `2`.
   */
  retries?: number;
  /** First backoff in ms; each retry doubles it, with jitter. Default `500`. */
  retryDelayMs?: number;
  /** Longest backoff in ms; a `Retry-After` longer than this is not waited for. Default `30000`. */
  maxRetryDelayMs?: number;
}

/** Options every call takes. */
export interface PartnerCallOptions {
  /** Aborting rejects the call with the signal's reason and stops its retries. */
  signal?: AbortSignal;
}

/** A page of a list: up to `limit` (1–200, default 50) after `cursor`, the previous page's `nextCursor`. */
export interface PageOptions extends PartnerCallOptions {
  limit?: number;
  cursor?: string;
}

/** The days `clicks` counts: `YYYY-MM-DD`, both included. Default: the 30 days up to today (UTC). */
export interface ClickRange {
  from?: string;
  to?: string;
}

/**
 * The partner routes of the Order API for one partner, typed. Every failure
 * is a `QuotekitError`: the server's code (`unauthorized`, `forbidden`,
 * `not_found`, `invalid_request`, `already_attributed`, `post_facto_too_late`,
 * `invalid_method`, …), or the client's own (`network_error`, `timeout`,
 * `invalid_response`, `aborted` with the signal's reason).
 */
export interface PartnerClient {
  /** The partner's profile, tier (rate, total monthly payments, next tier), balances and next payout. */
  account(options?: PartnerCallOptions): Promise<PartnerAccount>;
  /** The accounts the partner referred, a page at a time; never the customers' names, emails or phones. */
  referrals(
    options?: PageOptions,
  ): Promise<{ referrals: PartnerReferral[]; nextCursor: string | null }>;
  /** The partner's ledger, oldest first, a page at a time. */
  ledger(
    options?: PageOptions,
  ): Promise<{ entries: LedgerEntryAnswer[]; nextCursor: string | null }>;
  /** The partner's payouts, newest first. */
  payouts(options?: PartnerCallOptions): Promise<PayoutAnswer[]>;
  /** Registers a referral opportunity; it matches new orders for 180 days. Sent once, never retried. */
  registerOpportunity(
    input: OpportunityInput,
    options?: PartnerCallOptions,
  ): Promise<OpportunityCreated>;
  /** The partner's opportunities, newest first, each `active` or `expired`. */
  opportunities(options?: PartnerCallOptions): Promise<Opportunity[]>;
  /** Edits an opportunity (`null` clears a field) and renews it for 180 days; `{}` renews only. */
  updateOpportunity(
    id: string,
    changes: OpportunityUpdate,
    options?: PartnerCallOptions,
  ): Promise<Opportunity>;
  /**
   * Asks to be credited with an order's account after its sign-up (within 30
   * days). Asking again while the request is pending returns that request.
   */
  requestPostFacto(input: PostFactoInput, options?: PartnerCallOptions): Promise<PostFacto>;
  /** The partner's post facto requests, oldest first. */
  postFactoRequests(options?: PartnerCallOptions): Promise<PostFacto[]>;
  /** Visits through the partner's links per UTC day. */
  clicks(range?: ClickRange, options?: PartnerCallOptions): Promise<PartnerClicks>;
  /** Chooses how the partner is paid: `check` (US only), `paypal` (with `paypalEmail`) or `account_credit`. */
  setPayoutMethod(
    payout: PartnerPayoutInput,
    options?: PartnerCallOptions,
  ): Promise<PartnerPayoutChanged['payout']>;
}

/**
 * A client for one partner's own routes of the Order API. Nothing is sent
 * until a method is called.
 *
 * @example
 * const partner = createPartnerClient({ baseUrl: 'https://api.example.com', partnerKey });
 * const { id, expiresAt } = await partner.registerOpportunity({ company: 'Globex', email: 'it@globex.example' });
 */
export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const key = typeof options?.partnerKey === 'string' ? options.partnerKey.trim() : '';
  if (key === '' || /\s/.test(key) || key.length > 200) {
    throw new QuotekitError(
      'invalid_options',
      'createPartnerClient needs `partnerKey`: the partner key, one word (`qk_partner_…`).',
      { option: 'partnerKey' },
    );
  }
  if (typeof options.baseUrl !== 'string' || options.baseUrl.trim() === '') {
    throw new QuotekitError('invalid_options', 'createPartnerClient needs `baseUrl`.', {
      option: 'baseUrl',
    });
  }
  const policy: RequestPolicy = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: Math.max(0, options.retries ?? 2),
    retryDelayMs: options.retryDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    // The key is the credential: no cookies travel.
    credentials: 'omit',
    // The partner program's codes (`already_attributed`, …) as well as the storefront's.
    knownCode: isErrorCode,
  };
  const headers = { authorization: `Bearer ${key}` };
  const call = <T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    schema: ResponseSchema<T>,
    body: unknown,
    callOptions: PartnerCallOptions | undefined,
    retry = true,
  ) =>
    request(retry ? policy : { ...policy, retries: 0 }, {
      method,
      path,
      schema,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: callOptions?.signal,
    });

  const page = (path: string, options: PageOptions = {}) => {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    const search = query.toString();
    return `${path}${search === '' ? '' : `?${search}`}`;
  };

  return {
    account: (callOptions) =>
      call('GET', '/v1/partner', PartnerAccountSchema, undefined, callOptions),
    referrals: (options) =>
      call(
        'GET',
        page('/v1/partner/referrals', options),
        PartnerReferralListSchema,
        undefined,
        options,
      ),
    ledger: (options) =>
      call('GET', page('/v1/partner/ledger', options), LedgerPageSchema, undefined, options),
    async payouts(callOptions) {
      const list = await call(
        'GET',
        '/v1/partner/payouts',
        PartnerPayoutListSchema,
        undefined,
        callOptions,
      );
      return list.payouts;
    },
    registerOpportunity: (input, callOptions) =>
      call(
        'POST',
        '/v1/partner/opportunities',
        OpportunityCreatedSchema,
        input,
        callOptions,
        false,
      ),
    async opportunities(callOptions) {
      const list = await call(
        'GET',
        '/v1/partner/opportunities',
        OpportunityListSchema,
        undefined,
        callOptions,
      );
      return list.opportunities;
    },
    async updateOpportunity(id, changes, callOptions) {
      const { opportunity } = await call(
        'PATCH',
        `/v1/partner/opportunities/${encodeURIComponent(id)}`,
        OpportunityResponseSchema,
        changes,
        callOptions,
      );
      return opportunity;
    },
    async requestPostFacto(input, callOptions) {
      const { request: asked } = await call(
        'POST',
        '/v1/partner/post-facto',
        PostFactoResponseSchema,
        input,
        callOptions,
      );
      return asked;
    },
    async postFactoRequests(callOptions) {
      const list = await call(
        'GET',
        '/v1/partner/post-facto',
        PostFactoListSchema,
        undefined,
        callOptions,
      );
      return list.requests;
    },
    clicks(range = {}, callOptions) {
      const query = new URLSearchParams();
      if (range.from !== undefined) query.set('from', range.from);
      if (range.to !== undefined) query.set('to', range.to);
      const search = query.toString();
      return call(
        'GET',
        `/v1/partner/clicks${search === '' ? '' : `?${search}`}`,
        PartnerClicksSchema,
        undefined,
        callOptions,
      );
    },
    async setPayoutMethod(payout, callOptions) {
      const answer = await call(
        'PATCH',
        '/v1/partner/payout',
        PartnerPayoutChangedSchema,
        payout,
        callOptions,
      );
      return answer.payout;
    },
  };
}
