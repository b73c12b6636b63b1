import type { PricedQuote } from '@quotekit/core';

/** The visitor changed the quote (a quantity, the currency): `detail` is the priced quote, money as decimal strings. Fires on user input only. Bubbles and crosses shadow roots. */
export class QuoteChangeEvent extends CustomEvent<PricedQuote> {
  static readonly type = 'qk-quote-change';
  constructor(detail: PricedQuote) {
    super(QuoteChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-quote-change': QuoteChangeEvent;
  }
}
