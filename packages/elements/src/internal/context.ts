import { createContext } from '@lit/context';
import type { QuoteSession } from '@quotekit/sdk';

/** The quote session a `<quote-builder>` shares with the elements inside it. */
export const quoteSessionContext = createContext<QuoteSession | undefined>(
  Symbol.for('quotekit.session'),
);
