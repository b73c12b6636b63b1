import { ContextConsumer } from '@lit/context';
import { isQuotekitError, QuotekitError } from '@quotekit/core';
import { quoteSessionFor, type QuoteSession } from '@quotekit/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { quoteSessionContext } from './context.js';

export { quoteSessionContext };

/** An element that finds its quote session through `for`, its ancestors or `api-base`. */
export interface SessionHost extends ReactiveControllerHost, HTMLElement {
  apiBase?: string | null;
  htmlFor?: string | null;
}

/** An element that exposes its quote session to `for="<its id>"`. */
interface SessionOwner extends Element {
  session?: QuoteSession | null;
}

/**
 * Finds the host's quote session: the element named by `for` (a
 * `<quote-builder>`'s id), else the nearest ancestor that provides one,
 * else the page's session for `api-base`. Calls `onChange` when that
 * changes; `error` says why there is none when one was asked for.
 */
export class SessionController implements ReactiveController {
  session: QuoteSession | null = null;
  error: QuotekitError | null = null;
  private fromContext: QuoteSession | undefined;
  private key = '';

  constructor(
    private readonly host: SessionHost,
    private readonly onChange: (session: QuoteSession | null) => void,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: quoteSessionContext,
      subscribe: true,
      callback: (session) => {
        this.fromContext = session;
        this.resolve();
      },
    });
  }

  hostConnected(): void {
    this.resolve();
  }

  hostUpdate(): void {
    if (this.key !== this.keyOf()) this.resolve();
  }

  private keyOf() {
    return `${this.host.htmlFor ?? ''}|${this.host.apiBase ?? ''}`;
  }

  resolve(): void {
    this.key = this.keyOf();
    let next: QuoteSession | null = null;
    let error: QuotekitError | null = null;
    const id = this.host.htmlFor;
    try {
      if (id) {
        const root = this.host.getRootNode() as Document | ShadowRoot;
        const target = (root.getElementById?.(id) ??
          document.getElementById(id)) as SessionOwner | null;
        next = target?.session ?? null;
        if (!next && target?.getAttribute('api-base')) {
          next = quoteSessionFor(target.getAttribute('api-base')!);
        }
        if (!next) {
          error = new QuotekitError(
            'invalid_options',
            `for="${id}" names no <quote-builder> with an api-base on this page.`,
            { for: id },
          );
          // It may not be upgraded yet.
          void customElements.whenDefined('quote-builder').then(() => {
            if (this.session === null && this.host.htmlFor === id) this.resolve();
          });
        }
      } else if (this.fromContext) {
        next = this.fromContext;
      } else if (this.host.apiBase) {
        next = quoteSessionFor(this.host.apiBase);
      }
    } catch (caught) {
      error = isQuotekitError(caught)
        ? caught
        : new QuotekitError('invalid_options', String(caught));
    }
    this.error = error;
    if (next !== this.session) {
      this.session = next;
      this.onChange(next);
    }
    this.host.requestUpdate();
  }
}
