import { defineElement } from '../../internal/define.js';
import { OfferCodeInput } from './offer-code-input.js';

defineElement('offer-code-input', OfferCodeInput);

declare global {
  interface HTMLElementTagNameMap {
    'offer-code-input': OfferCodeInput;
  }
}

export { OfferCodeInput };
