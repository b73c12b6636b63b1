import {
  attributionCandidates,
  isSelfReferral,
  type AttributionRefused,
  type OrderAttribution,
  type OrderChannel,
} from '@quotekit/core';
import { getDomain } from 'tldts';
import {
  creditedAffiliate,
  type Affiliate,
  type OfferCode,
  type SavedQuoteRecord,
  type Database,
} from './db/database.js';

/** The server-set attribution cookie (`POST /v1/attribution`). */
export const ATTRIBUTION_COOKIE = 'qk_ref_s';

export interface AttributionSources {
  channel: OrderChannel;
  /** The order's offer code, already found valid. */
  offerCode: OfferCode | null;
  /**
   * The saved quote the order came from, when it exists and has not expired;
   * it names a candidate only when it credits its affiliate (`creditedAffiliate`).
   */
  savedQuote: SavedQuoteRecord | null;
  /** What the client says (from its first-party cookie). */
  claimed: OrderAttribution | undefined;
  /** The id of the signed click behind `claimed`. */
  claimedClick?: string | undefined;
  /** The affiliate of the `qk_ref_s` cookie the server set. */
  cookie: string | undefined;
  /** The id of the signed click the cookie carries. */
  cookieClick?: string | undefined;
  customerEmail: string;
}

export interface AttributionResult {
  attribution: OrderAttribution | null;
  attributionRefused?: AttributionRefused;
  /** The click (token id) that credited the order: its claim's, cookie's or saved quote's. */
  clickId?: string;
}

/** The click behind the winning candidate, when a click is what earned it. */
function clickOf(sources: AttributionSources, winner: OrderAttribution): string | undefined {
  if (winner.method === 'saved_quote') return sources.savedQuote?.clickId ?? undefined;
  if (winner.method !== 'affiliate_url') return undefined;
  // The claim comes before the cookie in precedence: the same affiliate in both is the claim's.
  return sources.claimed?.affiliate === winner.affiliate
    ? sources.claimedClick
    : sources.cookieClick;
}

/**
 * The affiliate the order's saved quote credits: the one the server made it
 * for (`creditedAffiliate`), or the one it names when the order's valid
 * offer code is that affiliate's own — the code credits that affiliate
 * anyway, so the quote takes nothing from anyone (seed 001: a saved quote
 * carries its affiliate's code). A name alone credits nobody.
 */
function savedQuoteAffiliate({ savedQuote, offerCode }: AttributionSources): string | null {
  if (savedQuote === null) return null;
  const credited = creditedAffiliate(savedQuote);
  if (credited !== null) return credited;
  return savedQuote.affiliate !== null && savedQuote.affiliate === offerCode?.affiliate
    ? savedQuote.affiliate
    : null;
}

/** The registrable domain from the public-suffix list: `mail.acme.example` → `acme.example`. */
export const registrableDomain = (host: string) => getDomain(host, { allowPrivateDomains: true });

/**
 * Who the order is attributed to: core's `attributionCandidates` in their
 * order of precedence, looked up here; an affiliate the database does not
 * know is passed over. A self-referral (core's `isSelfReferral`) is not
 * attributed, and `attributionRefused` says so.
 */
export async function resolveAttribution(
  db: Database,
  sources: AttributionSources,
): Promise<AttributionResult> {
  const candidates = attributionCandidates({
    channel: sources.channel,
    offerCodeAffiliate: sources.offerCode?.affiliate ?? null,
    savedQuoteAffiliate: savedQuoteAffiliate(sources),
    claimed: sources.claimed ?? null,
    cookieAffiliate: sources.cookie ?? null,
  });
  for (const candidate of candidates) {
    const affiliate: Affiliate | null = await db.getAffiliate(candidate.affiliate);
    if (affiliate === null) continue;
    if (isSelfReferral(sources.customerEmail, affiliate.email, { registrableDomain })) {
      return {
        attribution: null,
        attributionRefused: { affiliate: affiliate.id, reason: 'self_referral' },
      };
    }
    const attribution = { affiliate: affiliate.id, method: candidate.method };
    const clickId = clickOf(sources, candidate);
    return { attribution, ...(clickId === undefined ? {} : { clickId }) };
  }
  return { attribution: null };
}
