import { defineElement } from '../../internal/define.js';
import { PartnerPortal } from './partner-portal.js';

defineElement('partner-portal', PartnerPortal);

declare global {
  interface HTMLElementTagNameMap {
    'partner-portal': PartnerPortal;
  }
}

export { PartnerPortal };
