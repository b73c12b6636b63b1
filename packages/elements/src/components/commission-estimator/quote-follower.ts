import {
  hasChosenProducts,
  QuotekitError,
  type Catalog,
  type PricedQuote,
  type QuoteLineInput,
} from '@quotekit/core';
import type { QuoteSession } from '@quotekit/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** An element that follows the quote of the `<quote-builder>` whose id is its `for`. */
export interface FollowerHost extends ReactiveControllerHost, HTMLElement {
  htmlFor: string | null;
}

/** What a `<quote-builder>` offers those that follow it: its public quote session. */
interface Followed extends Element {
  session?: QuoteSession | null;
}

/**
 * Where the followed quote stands:
 * - `missing`: no `<quote-builder>` with that id on the page (yet);
 * - `loading`: the builder's session or its catalog is not in yet;
 * - `unpriced`: the builder's quote cannot be priced (the builder says why);
 * - `empty`: nothing chosen beyond the catalog's required products;
 * - `ready`: the quote, with what it was priced from.
 */
export type FollowedQuote =
  | { status: 'missing' | 'loading' | 'unpriced' | 'empty' }
  | { status: 'ready'; quote: PricedQuote; catalog: Catalog; lines: QuoteLineInput[] };

/**
 * Follows the quote of the `<quote-builder>` named by the host's `for`
 * through the builder's public `session` (its stores), live: a builder
 * added later to the page or upgraded later, one removed, an id or an
 * `api-base` that changes, and a `for` changed at runtime are all followed.
 */
export class QuoteFollower implements ReactiveController {
  private target: Followed | null = null;
  private session: QuoteSession | null = null;
  private followedId: string | null = null;
  private observer: MutationObserver | null = null;
  private stops: Array<() => void> = [];
  private stopWaiting: () => void = () => {};

  constructor(private readonly host: FollowerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.start();
  }

  hostDisconnected(): void {
    this.stop();
  }

  hostUpdate(): void {
    if (this.host.isConnected && this.host.htmlFor !== this.followedId) this.start();
  }

  /** A developer's mistake to report: `for` names nothing once the page has loaded. */
  get problem(): QuotekitError | null {
    const id = this.host.htmlFor;
    if (!id || this.target || document.readyState === 'loading') return null;
    return new QuotekitError(
      'invalid_options',
      `for="${id}" names no <quote-builder> on this page.`,
      { for: id },
    );
  }

  /** The followed quote as it stands now. */
  state(): FollowedQuote {
    if (!this.target) return { status: 'missing' };
    const session = this.session;
    if (!session) return { status: 'loading' };
    const catalog = session.$catalog.get();
    const quote = session.$quote.get();
    if (catalog.status === 'loading' || quote.status === 'loading') return { status: 'loading' };
    if (!catalog.catalog || !quote.quote) return { status: 'unpriced' };
    const lines = session.$config.get().lines;
    if (!hasChosenProducts(catalog.catalog, lines)) return { status: 'empty' };
    return { status: 'ready', quote: quote.quote, catalog: catalog.catalog, lines };
  }

  private start() {
    this.stop();
    const id = (this.followedId = this.host.htmlFor);
    if (!id) return;
    const root = this.host.getRootNode() as Document | ShadowRoot;
    // Builders come and go, and ids change: look again after each change.
    this.observer = new MutationObserver(() => this.find());
    this.observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['id'],
    });
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => this.host.requestUpdate(), {
        once: true,
      });
    }
    this.find();
  }

  private stop() {
    this.observer?.disconnect();
    this.observer = null;
    this.followedId = null;
    this.follow(null);
  }

  /** Finds the builder named by `for` and follows its session. */
  private find() {
    const id = this.host.htmlFor;
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const found = id ? (root.getElementById?.(id) ?? document.getElementById(id)) : null;
    const target = found?.localName === 'quote-builder' ? (found as Followed) : null;
    if (target === this.target) return;
    this.follow(target);
    if (target) {
      this.listen(target.session ?? null);
      // The builder makes its session after its first paint, and a new one
      // when its api-base changes, and announces neither: look at its public
      // `session` while following it.
      const timer = setInterval(() => {
        const now = target.session ?? null;
        if (now !== this.session) this.listen(now);
      }, 100);
      this.stopWaiting = () => clearInterval(timer);
    }
  }

  private follow(target: Followed | null) {
    this.stopWaiting();
    this.stopWaiting = () => {};
    for (const stop of this.stops) stop();
    this.stops = [];
    this.target = target;
    this.session = null;
    this.host.requestUpdate();
  }

  private listen(session: QuoteSession | null) {
    for (const stop of this.stops) stop();
    this.session = session;
    const changed = () => this.host.requestUpdate();
    this.stops = session
      ? [session.$catalog, session.$config, session.$quote].map((store) => store.listen(changed))
      : [];
    this.host.requestUpdate();
  }
}
