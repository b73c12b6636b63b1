import type { Catalog, PricedQuote } from '@quotekit/core';
import type { QuoteSession } from '@quotekit/sdk';
import type { Translate } from '../controllers/host.js';

/** What every template of the builder reads: the session, its catalog and quote, and the words. */
export interface View {
  session: QuoteSession;
  catalog: Catalog;
  quote: PricedQuote | null;
  locale: string;
  t: Translate;
}
