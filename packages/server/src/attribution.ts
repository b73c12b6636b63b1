import type { Attribution, AttributionRefused, OrderChannel } from '@quotekit/core';
import type { Affiliate, OfferCode, SavedQuoteRecord, Database } from './db/database.js';

/** The server-set attribution cookie (`POST /v1/attribution`). */
export const ATTRIBUTION_COOKIE = 'qk_ref_s';

// Sharing a mailbox provider with an affiliate says nothing about who the
// customer is: on these domains only the exact address counts as self-referral.
const SHARED_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'fastmail.com',
]);

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** True when the customer's email, or its own (non-shared) domain, is the affiliate's. */
export function isSelfReferral(customerEmail: string, affiliateEmail: string): boolean {
  const customer = customerEmail.trim().toLowerCase();
  const affiliate = affiliateEmail.trim().toLowerCase();
  if (customer === affiliate) return true;
  const domain = domainOf(customer);
  return !SHARED_MAIL_DOMAINS.has(domain) && domain === domainOf(affiliate);
}

export interface AttributionSources {
  channel: OrderChannel;
  /** The order's offer code, already found valid. */
  offerCode: OfferCode | null;
  /** The saved quote the order came from, when it exists and has not expired. */
  savedQuote: SavedQuoteRecord | null;
  /** What the client says (from its first-party cookie). */
  claimed: Attribution | undefined;
  /** The `qk_ref_s` cookie the server set. */
  cookie: string | undefined;
  customerEmail: string;
}

export interface AttributionResult {
  attribution: Attribution | null;
  attributionRefused?: AttributionRefused;
}

/**
 * Who the order is attributed to. Precedence: a valid offer code, then the
 * saved quote's affiliate, then the client's claim, then the server cookie;
 * an affiliate the database does not know is passed over. A self-referral is
 * not attributed, and `attributionRefused` says so.
 */
export async function resolveAttribution(
  db: Database,
  sources: AttributionSources,
): Promise<AttributionResult> {
  const candidates: Array<Attribution | null> = [
    sources.offerCode && {
      affiliate: sources.offerCode.affiliate,
      // Seed 001 lists "phone order with an offer code" as its own method.
      method: sources.channel === 'phone' ? 'phone' : 'offer_code',
    },
    sources.savedQuote?.affiliate
      ? { affiliate: sources.savedQuote.affiliate, method: 'saved_quote' }
      : null,
    sources.claimed ?? null,
    // The server sets qk_ref_s only when a visitor arrives through an affiliate URL.
    sources.cookie ? { affiliate: sources.cookie, method: 'affiliate_url' } : null,
  ];
  for (const candidate of candidates) {
    if (candidate === null) continue;
    const affiliate: Affiliate | null = await db.getAffiliate(candidate.affiliate);
    if (affiliate === null) continue;
    if (isSelfReferral(sources.customerEmail, affiliate.email)) {
      return {
        attribution: null,
        attributionRefused: { affiliate: affiliate.id, reason: 'self_referral' },
      };
    }
    return { attribution: { affiliate: affiliate.id, method: candidate.method } };
  }
  return { attribution: null };
}
