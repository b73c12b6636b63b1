// The paste-in autoloader (`dist/cdn/quotekit.js`). Loads each element's
// chunk the first time its tag appears in the document, from this folder,
// and records an affiliate visit (`?aff=` → the one-year `qk_ref` cookie).
//
//   <script type="module" src="/path/to/cdn/quotekit.js"></script>
//   <quote-builder api-base="https://api.vendor.example"></quote-builder>
//
// Page settings, as <meta> tags in the head:
//   <meta name="quotekit:api-base" content="https://api.vendor.example">   the Order API that
//       signs affiliate visits (default: the first element's api-base)
//   <meta name="quotekit:attribution" content="off">   no attribution capture
//   <meta name="quotekit:consent" content="pending">   granted (default) | pending | denied
// With `pending`, the affiliate is held in memory until the page calls
// `quotekit.attribution.setConsent('granted')` (or `'denied'`).
import { createAttribution, type AttributionTracker } from '@quotekit/sdk/attribution';

const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'quote-builder': () => import('../components/quote-builder/define.js'),
  'offer-code-input': () => import('../components/offer-code-input/define.js'),
  'commission-estimator': () => import('../components/commission-estimator/define.js'),
  'support-token-calculator': () => import('../components/support-token-calculator/define.js'),
};
const requested = new Set<string>();

function load(root: ParentNode): void {
  for (const tag of Object.keys(ELEMENTS)) {
    if (requested.has(tag) || customElements.get(tag)) continue;
    const here = root instanceof Element && root.localName === tag;
    if (here || root.querySelector(tag)) {
      requested.add(tag);
      ELEMENTS[tag]!().catch((error: unknown) => {
        requested.delete(tag);
        console.error(`quotekit: <${tag}> could not be loaded.`, error);
      });
    }
  }
}

function meta(name: string): string | null {
  return document.querySelector(`meta[name="quotekit:${name}"]`)?.getAttribute('content') ?? null;
}

function captureAttribution(): AttributionTracker | null {
  if (meta('attribution') === 'off') return null;
  const consent = meta('consent');
  // The Order API that signs affiliate visits: the meta tag's, or the page's elements'.
  const apiBase =
    meta('api-base') ?? document.querySelector('[api-base]')?.getAttribute('api-base');
  // Valid options: createAttribution cannot throw, and capture() never does.
  const attribution = createAttribution({
    consent: consent === 'pending' || consent === 'denied' ? consent : 'granted',
    ...(apiBase ? { apiBase } : {}),
  });
  attribution.capture();
  return attribution;
}

declare global {
  var quotekit: { attribution: AttributionTracker | null } | undefined;
}

function start(): void {
  globalThis.quotekit = { attribution: captureAttribution() };
  load(document);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) if (node instanceof Element) load(node);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
