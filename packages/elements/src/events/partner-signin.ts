/** The visitor signed in to `<partner-portal>` with a partner key the API accepted: `detail` names the partner (never the key). Bubbles and crosses shadow roots. */
export class PartnerSigninEvent extends CustomEvent<{
  partner: string;
  kind: 'affiliate' | 'reseller';
}> {
  static readonly type = 'qk-partner-signin';
  constructor(detail: { partner: string; kind: 'affiliate' | 'reseller' }) {
    super(PartnerSigninEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-partner-signin': PartnerSigninEvent;
  }
}
