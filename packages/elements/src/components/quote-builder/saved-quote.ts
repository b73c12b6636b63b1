import { decodeSavedQuote, type QuotekitError, type SavedQuoteLink } from '@quotekit/core';
import { openSavedQuote, openStoredQuote, type QuoteSession } from '@quotekit/sdk';
import { isStoredQuoteId, type QuoteBuilderMode } from './attributes.js';

/**
 * The saved quote the builder opens with: the `saved-quote` attribute (a
 * link's text or a stored quote's id), else — for visitors and reps — one in
 * the page's address. Null when there is none; a bad one throws.
 */
export async function findSavedQuote(
  session: QuoteSession,
  attribute: string | null,
  mode: QuoteBuilderMode,
): Promise<SavedQuoteLink | Awaited<ReturnType<typeof openStoredQuote>>> {
  const attribution = session.attribution ?? undefined;
  let failure: QuotekitError | null = null;
  const onError = (error: QuotekitError) => (failure = error);
  const text = attribute?.trim();
  let saved: SavedQuoteLink | Awaited<ReturnType<typeof openStoredQuote>> = null;
  if (text) {
    saved = isStoredQuoteId(text) ? await session.client.savedQuote(text) : decodeSavedQuote(text);
  } else if (mode === 'visitor' || mode === 'phone') {
    saved =
      openSavedQuote(location.href, { ...(attribution ? { attribution } : {}), onError }) ??
      (await openStoredQuote(location.href, {
        client: session.client,
        ...(attribution ? { attribution } : {}),
        onError,
      }));
  }
  if (failure) throw failure;
  return saved;
}
