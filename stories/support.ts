// What the stories share: an Order API per story (the real app over an
// in-memory database, answered by Mock Service Worker) and small helpers
// that act as a visitor would.
import { createHandlers, createMemoryDatabase } from '@quotekit/server/msw';
import { http, HttpResponse, type HttpHandler } from 'msw';

let count = 0;

/** A fresh API base for a story, so its quote session is its own. */
export function apiBase(): string {
  count += 1;
  return `https://api-${count}.stories.quotekit.test`;
}

/** The Order API's handlers at `base`, seeded with ACME/ACME5 and NORTHWIND/NW10. */
export function orderApi(base: string): HttpHandler[] {
  return createHandlers({ baseUrl: base, db: createMemoryDatabase() });
}

/** Requests under `path` of `base` fail as a dropped connection does. */
export function offline(base: string, path = '/v1/*'): HttpHandler {
  return http.all(`${base}${path}`, () => HttpResponse.error());
}

/** Requests under `path` of `base` never answer (a slow network). */
export function hanging(base: string, path = '/v1/*'): HttpHandler {
  return http.all(`${base}${path}`, () => new Promise<never>(() => {}));
}

export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
}

/** The first element matching `selector` in `root` or any shadow root below it. */
export function deep<T extends Element>(root: ParentNode, selector: string): T | null {
  const found = root.querySelector<T>(selector);
  if (found) return found;
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const inside = deep<T>(element.shadowRoot, selector);
      if (inside) return inside;
    }
  }
  return null;
}

/** The control labelled `name`, anywhere below `root`. */
export async function control(root: ParentNode, name: string): Promise<HTMLInputElement> {
  let found: HTMLInputElement | null = null;
  await until(() => {
    found = findLabelled(root, name);
    return found !== null;
  });
  if (!found) throw new Error(`No control labelled ${name}.`);
  return found;
}

function findLabelled(root: ParentNode, name: string): HTMLInputElement | null {
  for (const label of root.querySelectorAll('label')) {
    if (label.textContent?.trim() === name && label.control)
      return label.control as HTMLInputElement;
  }
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const inside = findLabelled(element.shadowRoot, name);
      if (inside) return inside;
    }
  }
  return null;
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Types an offer code into the first offer-code field below `root` and presses Enter. */
export async function applyCode(
  root: ParentNode,
  code: string,
  label = 'Offer code',
): Promise<void> {
  const input = await control(root, label);
  type(input, code);
  await new Promise((r) => setTimeout(r, 0));
  input.form?.requestSubmit();
}

/** Clicks the first button below `root` whose text is `name`. */
export async function press(root: ParentNode, name: string): Promise<void> {
  let button: HTMLButtonElement | null = null;
  await until(() => {
    button = findButton(root, name);
    return button !== null && !button.disabled;
  });
  if (!button) throw new Error(`No button ${name}.`);
  (button as HTMLButtonElement).click();
}

function findButton(root: ParentNode, name: string): HTMLButtonElement | null {
  for (const button of root.querySelectorAll('button')) {
    if (button.textContent?.trim() === name) return button;
  }
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const inside = findButton(element.shadowRoot, name);
      if (inside) return inside;
    }
  }
  return null;
}

/** Answers the story's requests with `handlers`, ahead of the defaults (msw-storybook-addon). */
export function use(context: unknown, handlers: HttpHandler[]): void {
  (context as { msw: { use(...handlers: HttpHandler[]): void } }).msw.use(...handlers);
}
