/** The visitor applied or cleared an offer code: `detail` is `{ code, discountRate }` (`null`s when cleared or refused). Fires on user action only. Bubbles and crosses shadow roots. */
export class OfferChangeEvent extends CustomEvent<{
  code: string | null;
  discountRate: string | null;
}> {
  static readonly type = 'qk-offer-change';
  constructor(detail: { code: string | null; discountRate: string | null }) {
    super(OfferChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-offer-change': OfferChangeEvent;
  }
}
