/** The API could not be reached: the order is saved on this device and will be sent when the connection is back. Bubbles and crosses shadow roots. */
export class OrderQueuedEvent extends CustomEvent<{ key: string | null }> {
  static readonly type = 'qk-order-queued';
  constructor(detail: { key: string | null }) {
    super(OrderQueuedEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-order-queued': OrderQueuedEvent;
  }
}
