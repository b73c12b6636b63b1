// React wrappers (`@quotekit/elements/react`): each element as a React
// component, with its qk-* events as `on…` props. React is an optional peer.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { CommissionEstimator as CommissionEstimatorElement } from './components/commission-estimator/define.js';
import { PartnerPortal as PartnerPortalElement } from './components/partner-portal/define.js';
import { OfferCodeInput as OfferCodeInputElement } from './components/offer-code-input/define.js';
import { QuoteBuilder as QuoteBuilderElement } from './components/quote-builder/define.js';
import { SupportTokenCalculator as SupportTokenCalculatorElement } from './components/support-token-calculator/define.js';

const errorEvent = { onError: 'qk-error' } as const;

/** `<quote-builder>` for React: `<QuoteBuilder apiBase="…" onOrderSuccess={(e) => …} />`. */
export const QuoteBuilder = createComponent({
  tagName: 'quote-builder',
  elementClass: QuoteBuilderElement,
  react: React,
  events: {
    onQuoteChange: 'qk-quote-change',
    onOfferChange: 'qk-offer-change',
    onOrderSubmit: 'qk-order-submit',
    onOrderQueued: 'qk-order-queued',
    onOrderSuccess: 'qk-order-success',
    onOrderError: 'qk-order-error',
    onLinkCopy: 'qk-link-copy',
    ...errorEvent,
  },
});

/** `<offer-code-input>` for React. */
export const OfferCodeInput = createComponent({
  tagName: 'offer-code-input',
  elementClass: OfferCodeInputElement,
  react: React,
  events: { onOfferChange: 'qk-offer-change', ...errorEvent },
});

/** `<commission-estimator>` for React. */
export const CommissionEstimator = createComponent({
  tagName: 'commission-estimator',
  elementClass: CommissionEstimatorElement,
  react: React,
  events: errorEvent,
});

/** `<support-token-calculator>` for React. */
export const SupportTokenCalculator = createComponent({
  tagName: 'support-token-calculator',
  elementClass: SupportTokenCalculatorElement,
  react: React,
  events: errorEvent,
});

/** `<partner-portal>` for React: `<PartnerPortal apiBase="…" partnerKey={key} onPartnerSignin={(e) => …} />`. */
export const PartnerPortal = createComponent({
  tagName: 'partner-portal',
  elementClass: PartnerPortalElement,
  react: React,
  events: {
    onPartnerSignin: 'qk-partner-signin',
    onOpportunityCreate: 'qk-opportunity-create',
    onPayoutChange: 'qk-payout-change',
    ...errorEvent,
  },
});
