import type { Opportunity } from '@quotekit/core';

/** The partner registered an opportunity in `<partner-portal>`: `detail.opportunity` as the API stored it (with `expiresAt`). Bubbles and crosses shadow roots. */
export class OpportunityCreateEvent extends CustomEvent<{ opportunity: Opportunity }> {
  static readonly type = 'qk-opportunity-create';
  constructor(detail: { opportunity: Opportunity }) {
    super(OpportunityCreateEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qk-opportunity-create': OpportunityCreateEvent;
  }
}
