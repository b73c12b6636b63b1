import { ContextEvent } from '@lit/context';
import { isQuotekitError, QuotekitError } from '@quotekit/core';
import {
  createOfferCheck,
  onSession,
  sessionKey,
  type OfferCheck,
  type QuoteSession,
} from '@quotekit/sdk';
import type { ReactiveController } from 'lit';
import { quoteSessionContext } from '../../internal/context.js';
import type { SessionHost } from '../../internal/session.js';

interface SessionOwner extends Element {
  session?: QuoteSession | null;
}

/**
 * Where an offer-code field's code goes. Bound to a `<quote-builder>`
 * (`for` its id, or inside one): the builder's session, waited for when the
 * builder is not ready yet. Otherwise, with `api-base`: the page's session
 * for that API if there is one, else a lone offer check, which loads
 * neither the session nor pricing.
 */
export class OfferSourceController implements ReactiveController {
  session: QuoteSession | null = null;
  check: OfferCheck | null = null;
  error: QuotekitError | null = null;
  /** Bound to a builder whose session is not made yet. */
  waiting = false;
  private fromContext: QuoteSession | undefined;
  /** Stops an enclosing builder's answers to this field's context request. */
  private unsubscribe: (() => void) | undefined;
  private key = '';
  private checkBase = '';
  private stop: () => void = () => {};

  constructor(
    private readonly host: SessionHost,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
    // Asks an enclosing <quote-builder> for its session (Lit's context
    // protocol, as a ContextConsumer asks): it answers now and on each change.
    this.host.dispatchEvent(
      new ContextEvent(
        quoteSessionContext,
        this.host,
        (session, unsubscribe) => {
          if (unsubscribe !== this.unsubscribe) this.unsubscribe?.();
          this.unsubscribe = unsubscribe;
          this.fromContext = session;
          this.resolve();
        },
        true,
      ),
    );
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.stop();
    this.check?.dispose();
    this.check = null;
    this.key = '';
  }

  hostUpdate(): void {
    if (this.key !== this.keyOf()) this.resolve();
  }

  private keyOf() {
    return `${this.host.htmlFor ?? ''}|${this.host.apiBase ?? ''}|${this.fromContext ? 1 : 0}`;
  }

  private set(session: QuoteSession | null, check: OfferCheck | null) {
    if (check !== this.check) this.check?.dispose();
    const changed = session !== this.session || check !== this.check;
    this.session = session;
    this.check = check;
    if (changed) this.onChange();
    this.host.requestUpdate();
  }

  resolve(): void {
    this.key = this.keyOf();
    this.stop();
    this.stop = () => {};
    this.error = null;
    this.waiting = false;
    const id = this.host.htmlFor;
    try {
      if (id) {
        const root = this.host.getRootNode() as Document | ShadowRoot;
        const target = (root.getElementById?.(id) ??
          document.getElementById(id)) as SessionOwner | null;
        const apiBase = target?.getAttribute('api-base');
        if (target?.session) return this.set(target.session, null);
        if (apiBase) {
          // The builder makes its session when it starts: wait for it.
          this.waiting = true;
          this.stop = onSession(apiBase, (session) => {
            this.waiting = false;
            this.set(session, null);
          });
          return this.host.requestUpdate();
        }
        this.error = new QuotekitError(
          'invalid_options',
          `for="${id}" names no <quote-builder> with an api-base on this page.`,
          { for: id },
        );
        // It may not be on the page or upgraded yet.
        void customElements.whenDefined('quote-builder').then(() => {
          if (this.session === null && this.host.htmlFor === id) this.resolve();
        });
        return this.set(null, null);
      }
      if (this.fromContext) return this.set(this.fromContext, null);
      if (this.host.apiBase) {
        const key = sessionKey(this.host.apiBase);
        const shared = { found: false };
        this.stop = onSession(key, (session) => {
          shared.found = true;
          if (this.key === this.keyOf()) this.set(session, null);
        });
        if (shared.found) return;
        const reuse = this.check && this.checkBase === key;
        this.checkBase = key;
        return this.set(null, reuse ? this.check : createOfferCheck({ baseUrl: key }));
      }
    } catch (caught) {
      this.error = isQuotekitError(caught)
        ? caught
        : new QuotekitError('invalid_options', String(caught));
    }
    this.set(null, null);
  }
}
