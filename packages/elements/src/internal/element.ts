import type { QuotekitError } from '@quotekit/core';
import { LitElement } from 'lit';
import { QuotekitErrorEvent } from '../events/error.js';
import { resolveLocale } from './locale.js';
import { fill, loadMessages, messagesFor, type MessageTable } from './messages.js';

/**
 * What every quotekit element has: `locale`, `strings` overrides over its
 * messages table, and `qk-error` for whatever stops it working.
 */
export abstract class QuotekitElement<M extends Record<string, string>> extends LitElement {
  static override properties = {
    locale: { type: String },
    strings: { attribute: false },
  };

  /** BCP 47 locale for text, numbers, money and dates. Default: the page's `lang`, then the browser's. */
  declare locale: string | undefined;
  /** Replaces any of the element's messages, e.g. `{ apply: 'Redeem' }`. */
  declare strings: Partial<M> | undefined;

  protected abstract readonly messages: MessageTable<M>;
  private reported = '';

  /** The locale in force. */
  protected get resolvedLocale(): string {
    return resolveLocale(this, this.locale);
  }

  /** Waits for the messages of the element's locale (German loads on first use), then updates. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = loadMessages(this.messages, this.resolvedLocale);
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** A message in the element's locale, with `{name}` placeholders filled. */
  protected t(key: keyof M & string, values?: Record<string, string | number>): string {
    return fill(messagesFor(this.messages, this.resolvedLocale, this.strings)[key] ?? key, values);
  }

  /** Fires `qk-error` once per distinct problem, so a re-render does not repeat it. */
  protected report(error: QuotekitError | null): void {
    const key = error ? `${error.code}|${error.message}` : '';
    if (key === this.reported) return;
    this.reported = key;
    if (error) this.dispatchEvent(new QuotekitErrorEvent({ error }));
  }
}
