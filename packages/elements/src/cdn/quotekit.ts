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
import type { AttributionTracker } from '@quotekit/sdk/attribution';

// <offer-code-input> through ./offer-code-input.ts: its code is shared with <quote-builder>.
const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'quote-builder': () => import('../components/quote-builder/define.js'),
  'offer-code-input': () => import('./offer-code-input.js'),
  'commission-estimator': () => import('../components/commission-estimator/define.js'),
  'support-token-calculator': () => import('../components/support-token-calculator/define.js'),
  'partner-portal': () => import('../components/partner-portal/define.js'),
};
/**
 * Every chunk each element's chunk imports, however deep, as the build wrote
 * them (names in ./chunks/, without `.js`). The build replaces the placeholder; from
 * source (tests, dev server) it stays empty and nothing is preloaded.
 */
const PRELOADS = ((raw: string): Record<string, string[]> => {
  try {
    return JSON.parse(raw) as Record<string, string[]>;
  } catch {
    return {};
  }
})('__QK_PRELOADS__');
const requested = new Set<string>();

/** One <link rel="modulepreload"> per chunk of the element, so its whole graph loads in one round. */
// Kept in a variable: Vite rewrites `new URL(`…${x}`, import.meta.url)` into an asset lookup.
const here = import.meta.url;
function preload(tag: string): void {
  for (const file of PRELOADS[tag] ?? []) {
    const href = new URL(`./chunks/${file}.js`, here).href;
    if (document.querySelector(`link[rel="modulepreload"][href="${href}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
}

function load(root: ParentNode): void {
  for (const tag of Object.keys(ELEMENTS)) {
    if (requested.has(tag) || customElements.get(tag)) continue;
    const here = root instanceof Element && root.localName === tag;
    if (here || root.querySelector(tag)) {
      requested.add(tag);
      preload(tag);
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

/** Loads the attribution code (only when the page has it on) and captures the visit. */
async function captureAttribution(): Promise<AttributionTracker> {
  const { createAttribution } = await import('@quotekit/sdk/attribution');
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
  load(document);
  // `quotekit` is defined once attribution has loaded (at once when it is off).
  const ready = (attribution: AttributionTracker | null) => (globalThis.quotekit = { attribution });
  if (meta('attribution') === 'off') ready(null);
  else
    captureAttribution().then(ready, (error: unknown) => {
      console.error('quotekit: attribution could not be loaded.', error);
      ready(null);
    });
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) if (node instanceof Element) load(node);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

// One autoloader a page: a second copy (the same file at another address, as when an
// element's chunk imports the copy without a page's `?v=`) starts nothing.
const STARTED = Symbol.for('quotekit.autoloader');
const page = globalThis as { [STARTED]?: true };
if (!page[STARTED]) {
  page[STARTED] = true;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
}
