import type { PayoutMethod } from '@quotekit/core';

/** The partner chose how it is paid in `<partner-portal>` and the API accepted it: `detail` is `{ method, paypalEmail }` (`null` unless PayPal). Fires on user action only. Bubbles and crosses shadow roots. */
export class PayoutChangeEvent extends CustomEvent<{
  method: PayoutMethod;
  paypalEmail: string | null;
}> {
  static readonly type = 'qk-payout-change';
  constructor(detail: { method: PayoutMethod; paypalEmail: string | null }) {
    super(PayoutChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-payout-change': PayoutChangeEvent;
  }
}
