// What element tests do to a page, as a visitor would: find a control by its
// label, type into it, press a button, enter an offer code, and wait for the
// element to answer.
import { expect, fixture, waitUntil, type html } from '@open-wc/testing';
import type { OfferCodeInput } from '../src/components/offer-code-input/offer-code-input.js';
import type { QuoteBuilder } from '../src/components/quote-builder/quote-builder.js';

type Template = ReturnType<typeof html>;

/** The element's shadow root. */
export const root = (el: Element): ShadowRoot => el.shadowRoot!;

/** A node's text as a visitor reads it: whitespace runs as one space, trimmed. */
export const text = (node: Element | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * Waits, polling every 10 ms, until `check` holds; fails with "<what> not
 * reached" after `timeout` ms.
 */
export async function until(
  check: () => boolean,
  what = 'condition',
  timeout = 3000,
): Promise<void> {
  await waitUntil(check, `${what} not reached`, { interval: 10, timeout });
}

/**
 * Appends `el` to the page and resolves at its first render: in the microtask
 * after Lit writes its shadow root, before anything the element loads after
 * that render can arrive, however fast the server answers.
 */
export function appendForFirstRender(el: HTMLElement): Promise<ShadowRoot> {
  return new Promise((resolve) => {
    document.body.append(el);
    const shadow = el.shadowRoot!;
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve(shadow);
    });
    observer.observe(shadow, { childList: true, subtree: true });
  });
}

/** The form control of the label in `el`'s shadow root that reads `label`; fails if there is none. */
export function control<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(
  el: Element,
  label: string,
): T {
  const found = [...root(el).querySelectorAll('label')].find((l) => text(l) === label);
  expect(found, `a control labelled ${label}`).to.not.equal(undefined);
  expect(found!.control, `the control of ${label}`).to.not.equal(null);
  return found!.control as T;
}

/** The button in `el`'s shadow root that reads `name`, or undefined. */
export const button = (el: Element, name: string): HTMLButtonElement | undefined =>
  [...root(el).querySelectorAll('button')].find((b) => text(b) === name);

/** Focuses `input` and gives it `value`, as typing does (one `input` event). */
export function type(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/**
 * Gives the control labelled `label` in `el` the `value`: a select fires
 * `change`, any other control `input`, as a visitor's choice or typing does.
 */
export function set(el: Element, label: string, value: string): void {
  const field = control<HTMLInputElement | HTMLSelectElement>(el, label);
  if (field instanceof HTMLSelectElement) {
    field.value = value;
    field.dispatchEvent(new Event('change'));
  } else {
    type(field, value);
  }
}

/**
 * A `<quote-builder>` from `template` once its catalog is in: `ready`, or by
 * default settled (ready, failed, or no session to load one).
 */
export async function builder(
  template: Template,
  catalog: 'ready' | 'settled' = 'settled',
): Promise<QuoteBuilder> {
  const el = await fixture<QuoteBuilder>(template);
  // The builder loads its session after its first paint…
  await el.opened;
  await until(() => {
    const status = el.session?.$catalog.get().status;
    return catalog === 'ready' ? status === 'ready' : status !== 'loading';
  }, 'catalog');
  await el.updateComplete;
  // …and shows its quantities once the saved quote or offer code is applied.
  await el.opened;
  return el;
}

/** Types `code` into an `<offer-code-input>` and presses Enter, then waits for the answer. */
export async function enterCode(offer: OfferCodeInput, code: string): Promise<void> {
  await offer.updateComplete;
  const input = root(offer).querySelector('input')!;
  type(input, code);
  await offer.updateComplete;
  input.form!.requestSubmit();
  await until(
    () => (offer.session ?? offer.offerCheck)?.$offer.get().status !== 'checking',
    'offer check',
  );
  await offer.updateComplete;
}

/** Enters `code` in the builder's own offer field and waits for the builder to show the answer. */
export async function applyCode(el: QuoteBuilder, code: string): Promise<void> {
  const offer = root(el).querySelector('offer-code-input')!;
  await enterCode(offer, code);
  await until(() => el.session!.$offer.get().status !== 'checking', 'offer check');
  await el.updateComplete;
}
