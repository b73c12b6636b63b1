import { QuotekitError } from '@quotekit/core';
import { createAttribution, type AttributionTracker } from '../attribution/attribution.js';
import { createClient, type ClientOptions } from '../api/client.js';
import { createQuoteSession, type QuoteSession } from './session.js';

export interface QuoteSessionForOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Default: `createAttribution()`, which reads the visitor's `qk_ref` cookie. */
  attribution?: AttributionTracker;
}

const sessions = new Map<string, QuoteSession>();

/**
 * The page's quote session for an Order API: one per API base, so every
 * element pointed at the same `api-base` shows and changes the same quote.
 * The options count only when the session is made; a disposed session makes
 * way for a new one.
 *
 * @example
 * const session = quoteSessionFor('https://api.example.com');
 * session === quoteSessionFor('https://api.example.com/'); // true
 */
export function quoteSessionFor(
  apiBase: string,
  options: QuoteSessionForOptions = {},
): QuoteSession {
  const key = normalise(apiBase);
  const existing = sessions.get(key);
  if (existing) return existing;
  const { attribution = createAttribution(), ...clientOptions } = options;
  const session = createQuoteSession({
    client: createClient({ ...clientOptions, baseUrl: key }),
    attribution,
  });
  const dispose = session.dispose;
  session.dispose = () => {
    if (sessions.get(key) === session) sessions.delete(key);
    session.client.close();
    dispose();
  };
  sessions.set(key, session);
  return session;
}

/** The API base as a session key: absolute (against the page), without a trailing `/`. */
function normalise(apiBase: string): string {
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
