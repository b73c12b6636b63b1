import { createAttribution, type AttributionTracker } from '../attribution/attribution.js';
import { createClient, type ClientOptions } from '../api/client.js';
import { createQuoteSession, type QuoteSession } from './session.js';
import { existingSession, forgetSession, registerSession, sessionKey } from './sessions.js';

export interface QuoteSessionForOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Default: `createAttribution()`, which reads the visitor's `qk_ref` cookie. */
  attribution?: AttributionTracker;
}

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
  const key = sessionKey(apiBase);
  const existing = existingSession(key);
  if (existing) return existing;
  const { attribution = createAttribution(), ...clientOptions } = options;
  const session = createQuoteSession({
    client: createClient({ ...clientOptions, baseUrl: key }),
    attribution,
  });
  const dispose = session.dispose;
  session.dispose = () => {
    forgetSession(key, session);
    session.client.close();
    dispose();
  };
  registerSession(key, session);
  return session;
}
