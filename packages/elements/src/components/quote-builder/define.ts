import { defineElement } from '../../internal/define.js';
import { QuoteBuilder } from './quote-builder.js';

defineElement('quote-builder', QuoteBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'quote-builder': QuoteBuilder;
  }
}

export { QuoteBuilder };
