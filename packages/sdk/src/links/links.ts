import {
  decodeSavedQuote,
  encodeSavedQuote,
  isQuotekitError,
  QuotekitError,
  type SavedQuoteLink,
  type StoredSavedQuote,
} from '@quotekit/core';
import type { AttributionTracker } from '../attribution/attribution.js';
import type { CallOptions, QuoteClient } from '../api/client.js';

export interface SavedQuoteUrlOptions {
  /** The query parameter that carries the quote. Default `'quote'`. */
  param?: string;
}

/**
 * A link to `baseUrl` that restores `quote` (lines, offer code, currency)
 * when the page calls `openSavedQuote`. Other parameters and the hash of
 * `baseUrl` are kept. The text is made in the browser, so anyone can write
 * one: an affiliate in it credits nobody. A link that credits an affiliate
 * is a server-stored quote (`session.saveQuote`, then `storedQuoteUrl`).
 * Throws `invalid_saved_quote` for a quote that is invalid or too large for
 * a link (store it with `client.createSavedQuote`).
 */
export function savedQuoteUrl(
  baseUrl: string | URL,
  quote: SavedQuoteLink,
  { param = 'quote' }: SavedQuoteUrlOptions = {},
): string {
  const url = new URL(String(baseUrl), globalThis.location?.href);
  url.searchParams.set(param, encodeSavedQuote(quote));
  return url.href;
}

export interface OpenSavedQuoteOptions {
  /**
   * Records the quote's affiliate (method `saved_quote`) when given, unless
   * it holds a signed click already (see `openSavedQuote`).
   */
  attribution?: AttributionTracker;
  /** The query parameter that carries the quote. Default `'quote'`. */
  param?: string;
  /** Told why a link present in the URL could not be opened (`invalid_saved_quote`). */
  onError?: (error: QuotekitError) => void;
}

/**
 * Reads the saved quote in `url` (default: this page). Returns it, or null
 * when there is none or it cannot be used — never throws, never touches the
 * page. An affiliate in the text is recorded with `attribution` only when
 * the visitor holds no signed click: anyone can write the text, so it must
 * not displace a real visit through an affiliate's link. The Order API
 * credits nobody from it either (it has no click token).
 */
export function openSavedQuote(
  url?: string | URL,
  { attribution, param = 'quote', onError }: OpenSavedQuoteOptions = {},
): SavedQuoteLink | null {
  try {
    const text = new URL(String(url ?? location.href), globalThis.location?.href).searchParams.get(
      param,
    );
    if (text === null) return null;
    const quote = decodeSavedQuote(text);
    if (quote.affiliate !== undefined) recordUnlessSigned(attribution, quote.affiliate);
    return quote;
  } catch (error) {
    report(onError, error);
    return null;
  }
}

export interface OpenStoredQuoteOptions extends CallOptions {
  client: QuoteClient;
  attribution?: AttributionTracker;
  /** The query parameter that carries a server-stored quote's id. Default `'qid'`. */
  param?: string;
  onError?: (error: QuotekitError) => void;
}

/** A link to `baseUrl` that opens the server-stored quote `id` (from `client.createSavedQuote`). */
export function storedQuoteUrl(
  baseUrl: string | URL,
  id: string,
  { param = 'qid' }: SavedQuoteUrlOptions = {},
): string {
  const url = new URL(String(baseUrl), globalThis.location?.href);
  url.searchParams.set(param, id);
  return url.href;
}

/**
 * Fetches the server-stored quote whose id is in `url` (default: this page),
 * recording its affiliate like `openSavedQuote`. Resolves to the stored quote,
 * or null when there is none or it cannot be loaded (expired, unknown,
 * offline) — never rejects, except with the reason of an aborted `signal`.
 */
export async function openStoredQuote(
  url: string | URL | undefined,
  { client, attribution, param = 'qid', onError, signal }: OpenStoredQuoteOptions,
): Promise<StoredSavedQuote | null> {
  let id: string | null;
  try {
    id = new URL(String(url ?? location.href), globalThis.location?.href).searchParams.get(param);
  } catch {
    return null;
  }
  if (id === null || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    if (id !== null) {
      report(onError, new QuotekitError('invalid_saved_quote', 'The saved-quote id is malformed.'));
    }
    return null;
  }
  try {
    const stored = await client.savedQuote(id, signal ? { signal } : {});
    // The server credits its affiliate through the order's `savedQuoteId`; the
    // tracker keeps a signed click it holds for orders made without the quote.
    if (stored.affiliate !== undefined) recordUnlessSigned(attribution, stored.affiliate);
    return stored;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    report(onError, error);
    return null;
  }
}

/** Records `affiliate` as a saved quote's; a signed click held stays (the tracker's `record`). */
function recordUnlessSigned(attribution: AttributionTracker | undefined, affiliate: string) {
  attribution?.record(affiliate, 'saved_quote');
}

function report(onError: ((error: QuotekitError) => void) | undefined, error: unknown) {
  try {
    onError?.(
      isQuotekitError(error)
        ? error
        : new QuotekitError('invalid_saved_quote', 'The saved quote could not be opened.'),
    );
  } catch {
    // A failing callback must not turn into an exception on the host page.
  }
}
