// Loaded by the autoloader when the page has a `<quote-builder>`, beside the
// element's chunk: starts each builder's first-paint request from its
// attributes while the element's code loads.
import { requestFirstPaintFor } from '../components/quote-builder/first-paint-request.js';

/** Starts the first-paint request of every `<quote-builder>` in the document. */
export function requestFirstPaints(): void {
  for (const builder of document.querySelectorAll('quote-builder')) requestFirstPaintFor(builder);
}
