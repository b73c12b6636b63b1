import type { SavedQuoteLink } from '@quotekit/core';
import { savedQuoteUrl, storedQuoteUrl } from '@quotekit/sdk';
import { toQuotekitError } from '@quotekit/sdk';
import { LinkCopyEvent } from '../../../events/link-copy.js';
import type { BuilderHost } from './host.js';

/** Text links longer than this are stored on the server and shared by id. */
const MAX_LINK_LENGTH = 2000;

/** The affiliate's link: made from the quote, stored when it must be, and copied. */
export class ShareController {
  /** The link made and what copying it did, or null before one is made. */
  share: { url: string; note: string } | null = null;

  // No lifecycle of its own: it works when the affiliate asks, and asks the host to render.
  constructor(private readonly host: BuilderHost) {}

  /** Forgets the link: the quote it was made from has changed. */
  reset(): void {
    if (!this.share) return;
    this.share = null;
    this.host.requestUpdate();
  }

  /**
   * Makes a link to `href` (default: this page) for the quote, naming
   * `affiliate` if any; it credits `affiliate` when the host has its partner key.
   */
  async makeLink(href: string | null, affiliate: string | null): Promise<void> {
    const session = this.host.session;
    const quote = session?.$quote.get().quote;
    if (!session || !quote) return;
    const base = href || location.href.split(/[?#]/)[0]!;
    const config = session.$config.get();
    const offer = session.$offer.get();
    const content: SavedQuoteLink = {
      lines: config.lines,
      ...(config.currency ? { currency: config.currency } : {}),
      ...(offer.status === 'valid' && offer.code ? { offerCode: offer.code } : {}),
      ...(affiliate ? { affiliate } : {}),
    };
    let url: string | null = null;
    try {
      url = savedQuoteUrl(base, content);
    } catch {
      // Too large for a link: stored on the server below.
    }
    // Only the affiliate's own key makes a link that credits it.
    const partnerKey = this.host.partnerKey;
    const crediting = affiliate && partnerKey ? { affiliate, partnerKey } : null;
    try {
      // A crediting link is stored on the server, which then knows the
      // affiliate and the code itself: the Order API credits no affiliate
      // named only in a link. Otherwise the text link will do (its offer
      // code still credits), unless it is too long.
      if (crediting || url === null || url.length > MAX_LINK_LENGTH) {
        const { id } = await session.saveQuote(crediting ?? {});
        url = storedQuoteUrl(base, id);
      }
      this.share = { url, note: '' };
      this.host.requestUpdate();
    } catch (error) {
      this.host.fail(toQuotekitError(error));
    }
  }

  readonly copyLink = async (): Promise<void> => {
    if (!this.share) return;
    const { url } = this.share;
    try {
      await navigator.clipboard.writeText(url);
      this.share = { url, note: this.host.words('copied') };
      this.host.dispatchEvent(new LinkCopyEvent({ url }));
    } catch {
      this.share = { url, note: this.host.words('copyFailed') };
      this.host.renderRoot.querySelector<HTMLInputElement>('#share-url')?.select();
    }
    this.host.requestUpdate();
  };
}
