import type { QuotekitError } from '@quotekit/core';

/** The order was refused or could not be placed: `detail.error.code` says why. Bubbles and crosses shadow roots. */
export class OrderErrorEvent extends CustomEvent<{ error: QuotekitError }> {
  static readonly type = 'qk-order-error';
  constructor(detail: { error: QuotekitError }) {
    super(OrderErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-order-error': OrderErrorEvent;
  }
}
