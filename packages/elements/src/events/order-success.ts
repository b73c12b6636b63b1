import type { Order } from '@quotekit/core';

/** The server stored the order: `detail.order` (its `number` is for people). Bubbles and crosses shadow roots. */
export class OrderSuccessEvent extends CustomEvent<{ order: Order }> {
  static readonly type = 'qk-order-success';
  constructor(detail: { order: Order }) {
    super(OrderSuccessEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-order-success': OrderSuccessEvent;
  }
}
