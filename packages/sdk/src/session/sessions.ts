import { QuotekitError } from '@quotekit/core';
import type { QuoteSession } from './session.js';

// The page's quote sessions by API base, apart from the code that makes
// them, so an element can find or wait for a session without loading the
// session, the client or pricing.

const sessions = new Map<string, QuoteSession>();
const waiting = new Map<string, Set<(session: QuoteSession) => void>>();

/** The API base as a session key: absolute (against the page), without a trailing `/`. */
export function sessionKey(apiBase: string): string {
  let url: URL;
  try {
    url = new URL(String(apiBase ?? '').trim(), globalThis.location?.href);
  } catch {
    url = new URL('invalid:');
  }
  if (!/^https?:$/.test(url.protocol) || String(apiBase ?? '').trim() === '') {
    throw new QuotekitError(
      'invalid_options',
      `The API base must be an http(s) address, got ${JSON.stringify(String(apiBase).slice(0, 100))}.`,
      { apiBase: String(apiBase).slice(0, 100) },
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** The page's session for `apiBase` if one has been made, else undefined. */
export function existingSession(apiBase: string): QuoteSession | undefined {
  return sessions.get(sessionKey(apiBase));
}

/**
 * Calls `listener` with the page's session for `apiBase` once one is made
 * (at once, if there is one). Returns a function that stops waiting.
 */
export function onSession(apiBase: string, listener: (session: QuoteSession) => void): () => void {
  const key = sessionKey(apiBase);
  const existing = sessions.get(key);
  if (existing) {
    listener(existing);
    return () => {};
  }
  const set = waiting.get(key) ?? new Set();
  waiting.set(key, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Records the page's session for `key` and tells whoever waits for it. */
export function registerSession(key: string, session: QuoteSession): void {
  sessions.set(key, session);
  const listeners = waiting.get(key);
  waiting.delete(key);
  for (const listener of listeners ?? []) listener(session);
}

/** Forgets `session` as the page's session for `key`. */
export function forgetSession(key: string, session: QuoteSession): void {
  if (sessions.get(key) === session) sessions.delete(key);
}
