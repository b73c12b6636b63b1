import { QuotekitError, type OfferCodeValidation } from '@quotekit/core';
import { atom, type ReadableAtom } from 'nanostores';
import { toQuotekitError } from '../errors.js';
import { request, type RequestPolicy, type ResponseSchema } from '../api/request.js';

/** `$offer`: the offer code and what the server said of it. */
export interface OfferState {
  status: 'none' | 'checking' | 'valid' | 'invalid' | 'rate_limited' | 'error';
  code: string | null;
  /** The customer's discount (`"0.05"`) when `valid`. */
  discountRate: string | null;
  /** Why the server refused the code when `invalid` (`unknown`, `inactive`, `malformed`). */
  reason: string | null;
  /** Why the code could not be checked when `rate_limited` or `error` (`network_error`, …). */
  error: QuotekitError | null;
  /** When `rate_limited`: the time (ms since the epoch) a new check may be made. */
  retryAt: number | null;
}

export const NO_OFFER: OfferState = {
  status: 'none',
  code: null,
  discountRate: null,
  reason: null,
  error: null,
  retryAt: null,
};

const REFUSALS: readonly unknown[] = ['malformed', 'unknown', 'inactive'];
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * The shape of a `POST /v1/offer-codes/validate` answer, checked by hand:
 * it accepts and refuses what core's `OfferCodeValidationSchema` does,
 * without zod in the page. Unknown keys are dropped, as zod drops them.
 */
export const offerCodeValidationShape: ResponseSchema<OfferCodeValidation> = {
  safeParse(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { success: false };
    }
    const body = input as Record<string, unknown>;
    if (body.valid === true) {
      const { code, discountRate } = body;
      return typeof code === 'string' &&
        typeof discountRate === 'string' &&
        DECIMAL.test(discountRate)
        ? { success: true, data: { valid: true, code, discountRate } }
        : { success: false };
    }
    if (body.valid === false && REFUSALS.includes(body.reason)) {
      return {
        success: true,
        data: { valid: false, reason: body.reason as 'malformed' | 'unknown' | 'inactive' },
      };
    }
    return { success: false };
  },
};

/** The offer state for the server's answer about `code`. */
export function answeredOffer(code: string, answer: OfferCodeValidation): OfferState {
  return answer.valid
    ? { ...NO_OFFER, status: 'valid', code: answer.code, discountRate: answer.discountRate }
    : { ...NO_OFFER, status: 'invalid', code, reason: answer.reason };
}

/** The offer state when `code` could not be checked: rate limited until `Retry-After`, or an error. */
export function failedOffer(code: string, error: unknown, now: number): OfferState {
  const failure = toQuotekitError(error);
  const retryAfter = Number(failure.details?.retryAfter);
  return failure.code === 'rate_limited'
    ? {
        ...NO_OFFER,
        status: 'rate_limited',
        code,
        error: failure,
        retryAt: now + (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000,
      }
    : { ...NO_OFFER, status: 'error', code, error: failure };
}

export interface OfferCheckOptions {
  /** The Order API, e.g. `https://api.example.com`. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
  /** Further attempts after a network error, timeout, 5xx or 429. Default 1. */
  retries?: number;
  /** Default 300; doubled each retry. */
  retryDelayMs?: number;
  credentials?: RequestCredentials;
}

/** An offer code checked with the Order API, with no quote to discount. */
export interface OfferCheck {
  $offer: ReadableAtom<OfferState>;
  /** Checks `code` with the server; an empty code clears it. Resolves to the new `$offer`. */
  applyOfferCode(code: string): Promise<OfferState>;
  clearOfferCode(): void;
  /** Stops a check under way; the check does nothing afterwards. */
  dispose(): void;
}

/**
 * A lone offer-code check: one `POST /v1/offer-codes/validate` per code and
 * a `$offer` store, without a quote session, pricing or the full client.
 *
 * @example
 * const check = createOfferCheck({ baseUrl: 'https://api.example.com' });
 * await check.applyOfferCode('ACME5'); // { status: 'valid', discountRate: '0.05', … }
 */
export function createOfferCheck(options: OfferCheckOptions): OfferCheck {
  const baseUrl = String(options.baseUrl ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new QuotekitError(
      'invalid_options',
      `The API base must be an http(s) address, got ${JSON.stringify(baseUrl.slice(0, 100))}.`,
      { apiBase: baseUrl.slice(0, 100) },
    );
  }
  const policy: RequestPolicy = {
    baseUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: Math.max(0, options.retries ?? 1),
    retryDelayMs: options.retryDelayMs ?? 300,
    maxRetryDelayMs: 5_000,
    credentials: options.credentials ?? 'include',
  };
  const $offer = atom<OfferState>(NO_OFFER);
  let current: AbortController | undefined;
  let disposed = false;

  return {
    $offer,
    async applyOfferCode(code) {
      current?.abort();
      const text = typeof code === 'string' ? code.trim() : '';
      if (text === '' || disposed) {
        $offer.set(NO_OFFER);
        return NO_OFFER;
      }
      const controller = (current = new AbortController());
      $offer.set({ ...NO_OFFER, status: 'checking', code: text });
      let next: OfferState;
      try {
        const answer = await request(policy, {
          method: 'POST',
          path: '/v1/offer-codes/validate',
          body: { code: text },
          schema: offerCodeValidationShape,
          signal: controller.signal,
        });
        next = answeredOffer(text, answer);
      } catch (error) {
        // A newer check (or dispose) took over: leave `$offer` to it.
        if (controller.signal.aborted) return $offer.get();
        next = failedOffer(text, error, Date.now());
      }
      $offer.set(next);
      return next;
    },
    clearOfferCode() {
      current?.abort();
      $offer.set(NO_OFFER);
    },
    dispose() {
      disposed = true;
      current?.abort();
    },
  };
}
