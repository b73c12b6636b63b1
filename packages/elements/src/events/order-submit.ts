import type { OrderChannel } from '@quotekit/core';

/** "Place order" was pressed and the order is on its way. Bubbles and crosses shadow roots. */
export class OrderSubmitEvent extends CustomEvent<{ channel: OrderChannel }> {
  static readonly type = 'qk-order-submit';
  constructor(detail: { channel: OrderChannel }) {
    super(OrderSubmitEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-order-submit': OrderSubmitEvent;
  }
}
