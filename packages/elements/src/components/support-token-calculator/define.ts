import { defineElement } from '../../internal/define.js';
import { SupportTokenCalculator } from './support-token-calculator.js';

defineElement('support-token-calculator', SupportTokenCalculator);

declare global {
  interface HTMLElementTagNameMap {
    'support-token-calculator': SupportTokenCalculator;
  }
}

export { SupportTokenCalculator };
