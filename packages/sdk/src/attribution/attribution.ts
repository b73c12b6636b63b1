// Imports nothing at run time: this entry point ships alone on affiliate
// landing pages (its budget is in scripts/size.mjs), so no zod, no decimal.js, no core.
// The type import below is erased.
import type { ReferralMethod } from '@quotekit/core';
import { oneYearAfter, readCookie, serializeCookie } from './cookie.js';

/** `granted` writes the cookie; `pending` holds the code in memory; `denied` keeps it for this page only. */
export type ConsentState = 'granted' | 'pending' | 'denied';
const CONSENT_STATES: readonly string[] = ['granted', 'pending', 'denied'] satisfies ConsentState[];

// The affiliate program's referral methods (core's REFERRAL_METHODS), copied
// so this entry imports nothing; a cookie naming another is ignored.
const METHODS = [
  'affiliate_url',
  'offer_code',
  'saved_quote',
  'phone',
  'opportunity',
  'post_facto',
] as const satisfies readonly ReferralMethod[];

// The copy must match core's list both ways: `satisfies` above refuses an
// extra method, this line refuses a missing one.
const NONE_MISSING: [Exclude<ReferralMethod, (typeof METHODS)[number]>] extends [never]
  ? true
  : never = true;
void NONE_MISSING;

const isMethod = (text: string | undefined): text is ReferralMethod =>
  (METHODS as readonly (string | undefined)[]).includes(text);

/** Who referred this visitor, and when. Times are ISO 8601. */
export interface AttributionRecord {
  affiliate: string;
  method: ReferralMethod;
  /** When this affiliate was first seen on this browser. */
  firstSeenAt: string;
  /** The last visit through this affiliate's link; the cookie expires a calendar year (or `days`) after it. */
  lastSeenAt: string;
  /**
   * The Order API's signed click token for this visit (with `apiBase`), which
   * an order carries so that the server believes the claim. Absent until the
   * server has answered, and without `apiBase`.
   */
  token?: string;
}

export interface AttributionOptions {
  /** URL parameters read, in this order of preference. Default `['aff', 'ref', 'via']`. */
  params?: readonly string[];
  /** The first-party cookie's name. Default `'qk_ref'`. */
  cookieName?: string;
  /** Days the cookie lives after the last affiliate visit. Default: one calendar year, to the same New York wall-clock time (the program's "within 1 year"). */
  days?: number;
  /** Parent domain for the cookie (`example.com`), so every subdomain reads it. Default: this host only. */
  domain?: string;
  /** Starting consent. Default `'granted'`. */
  consent?: ConsentState;
  /**
   * The Order API's base URL. Each visit through an affiliate link is posted
   * to `/v1/attribution`, which records the click and answers a signed click
   * token; the token is kept with the record (and in the cookie) and orders
   * carry it, since the server believes no unsigned claim. When the API is on
   * the same site as the page, the server also sets its own long-lived
   * cookie (script cookies are capped at 7 days by Safari). Default: none.
   */
  apiBase?: string;
  /** What a valid code looks like. Default `/^[A-Za-z0-9_-]{2,32}$/`. */
  codePattern?: RegExp;
}

/** The tracker `createAttribution` returns: who referred this visitor, under the consent in force. */
export interface AttributionTracker {
  /**
   * Reads the first affiliate parameter of `url` (default: this page), and
   * when its code has the right shape records it (method `affiliate_url`) and
   * removes that parameter from the address bar. Returns the record, or null
   * when there was no valid code — a malformed code changes nothing.
   */
  capture(url?: string | URL): AttributionRecord | null;
  /** The affiliate this visitor is attributed to, or null. */
  current(): AttributionRecord | null;
  /** Changes consent: `granted` writes a held code; `denied` deletes the cookie, keeping the code for this page. */
  setConsent(state: ConsentState): void;
  /** Forgets the affiliate: deletes the cookie and the code held in memory. */
  clear(): void;
  /**
   * Records an affiliate found another way (a saved quote), under the same
   * consent rules. A signed click the visitor holds (a record with `token`)
   * is never replaced this way: only the server signs, and only a visit
   * through a link (`capture`) earns a signature, so the signed record stays
   * and is returned, whatever was asked. Otherwise null for a malformed code.
   */
  record(affiliate: string, method: ReferralMethod): AttributionRecord | null;
  /** The consent state in force. */
  consent(): ConsentState;
  /** Calls `listener` with the record after every change made through this object; returns the unsubscribe function. */
  subscribe(listener: (record: AttributionRecord | null) => void): () => void;
}

interface Held {
  affiliate: string;
  method: ReferralMethod;
  first: number;
  last: number;
  token?: string | undefined;
}

const TOKEN = /^[\w-]+:\d+:[\w-]+:[\w-]+$/;

/**
 * Affiliate attribution for the browser. Nothing happens until you call
 * `capture()`.
 *
 * @example
 * import { createAttribution } from '@quotekit/sdk/attribution';
 * createAttribution({ domain: 'example.com' }).capture();
 */
export function createAttribution(options: AttributionOptions = {}): AttributionTracker {
  const {
    params = ['aff', 'ref', 'via'],
    cookieName = 'qk_ref',
    days,
    domain,
    apiBase,
    codePattern = /^[A-Za-z0-9_-]{2,32}$/,
  } = options;
  if (options.consent !== undefined && !CONSENT_STATES.includes(options.consent)) {
    // A `QuotekitError` (`invalid_options`) by shape, as core's `isQuotekitError` reads it, without importing core.
    throw Object.assign(
      new Error(
        `consent must be granted, pending or denied, not ${JSON.stringify(String(options.consent).slice(0, 40))}.`,
      ),
      { name: 'QuotekitError', code: 'invalid_options' },
    );
  }
  let consent: ConsentState = options.consent ?? 'granted';
  let held: Held | null = null;
  const listeners = new Set<(record: AttributionRecord | null) => void>();
  const valid = (code: unknown): code is string =>
    typeof code === 'string' && codePattern.test(code);

  const write = (days: number, value = '') => {
    try {
      document.cookie = serializeCookie(cookieName, value, {
        days,
        domain,
        secure: location.protocol === 'https:',
      });
    } catch {
      // Cookies can be blocked (sandboxed frames); attribution then lasts the page.
    }
  };

  const stored = (): Held | null => {
    let text: string | null = null;
    try {
      text = readCookie(cookieName);
    } catch {
      return null;
    }
    const [affiliate, method, first, last, token] = (text ?? '').split('.');
    return valid(affiliate) && isMethod(method) && +first! > 0 && +last! > 0
      ? {
          affiliate,
          method,
          first: +first!,
          last: +last!,
          token: TOKEN.test(token!) ? token : undefined,
        }
      : null;
  };

  const persist = (entry: Held) => {
    // The cookie lives a calendar year (or `days`) after the last affiliate
    // visit, also when written late (consent).
    const until = days === undefined ? oneYearAfter(entry.last) : entry.last + days * 864e5;
    write(
      (until - Date.now()) / 864e5,
      `${entry.affiliate}.${entry.method}.${entry.first}.${entry.last}${entry.token ? `.${entry.token}` : ''}`,
    );
    if (apiBase !== undefined && entry.method === 'affiliate_url' && !entry.token)
      tellServer(entry);
  };

  // Asks the Order API to record the visit and sign it; the token joins the
  // record it was asked for, unless another affiliate came in between.
  const tellServer = (entry: Held) => {
    try {
      const api = new URL(apiBase!, location.href);
      fetch(`${api.href.replace(/\/$/, '')}/v1/attribution`, {
        method: 'POST',
        credentials: sameSite(api.hostname, location.hostname, domain) ? 'include' : 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ affiliate: entry.affiliate, landingPage: location.href }),
      })
        // An error answer has no token: nothing changes.
        .then((res) => res.json())
        .then(({ token }: { token?: unknown }) => {
          if (!TOKEN.test(token as string) || held?.affiliate !== entry.affiliate) return;
          held.token = token as string;
          if (consent === 'granted') persist(held);
          notify();
        })
        .catch(() => {});
    } catch {
      // A bad apiBase or a missing fetch leaves the order unattributed by the link; nothing breaks.
    }
  };

  const iso = (time: number) => new Date(time).toISOString();
  const recordOf = (entry: Held | null): AttributionRecord | null =>
    entry && {
      affiliate: entry.affiliate,
      method: entry.method,
      firstSeenAt: iso(entry.first),
      lastSeenAt: iso(entry.last),
      ...(entry.token ? { token: entry.token } : {}),
    };

  const now = (): Held | null =>
    consent === 'denied' ? held : consent === 'granted' ? (stored() ?? held) : (held ?? stored());

  const notify = () => {
    const record = recordOf(now());
    for (const listener of listeners) listener(record);
  };

  /** `click`: a visit through a link (`capture`), the one thing that may replace a signed click. */
  const record = (
    affiliate: string,
    method: ReferralMethod,
    click?: true,
  ): AttributionRecord | null => {
    if (!valid(affiliate)) return null;
    const previous = now();
    const time = Date.now();
    // Nothing unsigned displaces a signed click; a visit through a link
    // does, as the newest click, and is sent to be signed.
    held =
      !click && previous?.token
        ? previous
        : {
            affiliate,
            method,
            first: previous?.affiliate === affiliate ? previous.first : time,
            last: time,
          };
    if (consent === 'granted') persist(held);
    notify();
    return recordOf(held);
  };

  if (consent === 'denied') write(0);

  return {
    capture(url = location.href) {
      let parsed: URL;
      try {
        parsed = new URL(url, location.href);
      } catch {
        return null;
      }
      const name = params.find((param) => parsed.searchParams.has(param));
      if (name === undefined) return null;
      const result = record(parsed.searchParams.get(name)!, 'affiliate_url', true);
      if (result) strip(parsed, name);
      return result;
    },
    current: () => recordOf(now()),
    setConsent(state) {
      if (state === consent || !CONSENT_STATES.includes(state)) return;
      if (state === 'denied') {
        // Keep for this page what the cookie knew, then delete the cookie.
        held = now();
        write(0);
      }
      consent = state;
      if (state === 'granted' && held !== null) persist(held);
      notify();
    },
    clear() {
      held = null;
      write(0);
      notify();
    },
    record,
    consent: () => consent,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Removes parameter `name` from the address bar when `url` is this page,
 * keeping every other parameter exactly as written, and the hash.
 */
function strip(url: URL, name: string) {
  if (
    url.origin + url.pathname + url.search !==
    location.origin + location.pathname + location.search
  ) {
    return;
  }
  const kept = location.search
    .slice(1)
    .split('&')
    .filter((pair) => {
      const key = pair.split('=')[0]!.replace(/\+/g, ' ');
      try {
        return pair !== '' && decodeURIComponent(key) !== name;
      } catch {
        return true;
      }
    });
  try {
    history.replaceState(
      history.state,
      '',
      location.pathname + (kept.length ? `?${kept.join('&')}` : '') + location.hash,
    );
  } catch {
    // A sandboxed document may refuse; the cookie is written either way.
  }
}

/** Same site as far as a cookie cares: one host, or both under `domain` or the same last two labels. */
function sameSite(api: string, page: string, domain?: string): boolean {
  const site = (host: string) => host.split('.').slice(-2).join('.');
  const under = (host: string, parent: string) => host === parent || host.endsWith(`.${parent}`);
  const parent = domain?.replace(/^\./, '');
  return (
    api === page || (parent ? under(api, parent) && under(page, parent) : site(api) === site(page))
  );
}
