import type { QuotekitError } from '@quotekit/core';
import type { QuoteSession } from '@quotekit/sdk';
import type { ReactiveControllerHost } from 'lit';
import type { QuoteBuilderMode } from '../attributes.js';
import type { messages } from '../messages.js';

/** A message key of the builder. */
export type MessageKey = keyof (typeof messages)['en'] & string;
/** The builder's message lookup in its locale. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** What the builder's controllers need of it. */
export interface BuilderHost extends ReactiveControllerHost, EventTarget {
  readonly session: QuoteSession | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The mode in force. */
  readonly builderMode: QuoteBuilderMode;
  /** `phone`: the sales rep's key. */
  readonly salesKey: string | null;
  /** `affiliate`: the affiliate's partner key, which makes its links credit it. */
  readonly partnerKey: string | null;
  /** The builder's message lookup. */
  readonly words: Translate;
  /** Shows a problem that stops the builder working. */
  fail(error: QuotekitError): void;
  /** The lines a new quote starts with: the catalog's required products the builder shows. */
  openingLines(): Array<{ product: string; quantity: number }>;
}
