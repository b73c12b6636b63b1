/**
 * Registers `tag` unless something already did: two copies of the elements
 * on one page (a CDN bundle beside an npm build) must not throw.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, element);
}
