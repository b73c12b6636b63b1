import type { QuotekitError } from '@quotekit/core';

/** Something stops the element working (an unreachable API, a bad attribute): `detail.error`. Bubbles and crosses shadow roots. */
export class QuotekitErrorEvent extends CustomEvent<{ error: QuotekitError }> {
  static readonly type = 'qk-error';
  constructor(detail: { error: QuotekitError }) {
    super(QuotekitErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-error': QuotekitErrorEvent;
  }
}
