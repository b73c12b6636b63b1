/** A saved-quote link was copied: `detail.url`. Bubbles and crosses shadow roots. */
export class LinkCopyEvent extends CustomEvent<{ url: string }> {
  static readonly type = 'qk-link-copy';
  constructor(detail: { url: string }) {
    super(LinkCopyEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-link-copy': LinkCopyEvent;
  }
}
