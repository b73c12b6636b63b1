/**
 * The locale an element speaks: its `locale` attribute, else the nearest
 * `lang` up the tree (across shadow roots), else the browser's, else `en`.
 * Anything Intl cannot read falls back the same way.
 */
export function resolveLocale(element: Element, attribute: string | null | undefined): string {
  for (const candidate of [attribute, closestLang(element), globalThis.navigator?.language]) {
    const locale = canonical(candidate);
    if (locale) return locale;
  }
  return 'en';
}

function closestLang(element: Element): string | null {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return null;
}

function canonical(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    return Intl.getCanonicalLocales(text.trim())[0] ?? null;
  } catch {
    return null;
  }
}
