import type { OrderChannel } from '../../order/order.schema.js';
import type { OrderAttribution } from '../../order/order.schema.js';

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

/**
 * Whether a customer is the affiliate referring themselves: the same email
 * address (any case, surrounding space ignored), or the same domain unless
 * it is a shared mailbox provider (gmail.com, outlook.com, …), where only
 * the exact address counts. A self-referral earns no commission.
 *
 * @example
 * isSelfReferral('boss@acme.example', 'partner@acme.example'); // true
 * isSelfReferral('ann@gmail.com', 'partner@gmail.com'); // false
 */
export function isSelfReferral(customerEmail: string, affiliateEmail: string): boolean {
  const customer = String(customerEmail).trim().toLowerCase();
  const affiliate = String(affiliateEmail).trim().toLowerCase();
  if (customer === affiliate) return true;
  const domain = domainOf(customer);
  return !SHARED_MAIL_DOMAINS.has(domain) && domain === domainOf(affiliate);
}

/** What an order brings that may name an affiliate. */
export interface AttributionSources {
  channel: OrderChannel;
  /** The affiliate of the order's valid offer code. */
  offerCodeAffiliate?: string | null;
  /** The affiliate of the saved quote the order came from (when it has not expired). */
  savedQuoteAffiliate?: string | null;
  /** What the client says, from its first-party cookie. */
  claimed?: OrderAttribution | null;
  /** The affiliate in the server's own cookie, set on an affiliate-URL visit. */
  cookieAffiliate?: string | null;
}

/**
 * The affiliates an order may be attributed to, in the program's order of
 * precedence: a valid offer code (method `phone` on a phone order,
 * `offer_code` otherwise), then the saved quote's affiliate, then the
 * client's claim, then the server's cookie (`affiliate_url`). The first one
 * the affiliate program knows, and that is not a self-referral, wins.
 *
 * @example
 * attributionCandidates({ channel: 'web', offerCodeAffiliate: 'ACME', cookieAffiliate: 'NORTHWIND' });
 * // [{ affiliate: 'ACME', method: 'offer_code' }, { affiliate: 'NORTHWIND', method: 'affiliate_url' }]
 */
export function attributionCandidates(sources: AttributionSources): OrderAttribution[] {
  const candidates: (OrderAttribution | null)[] = [
    sources.offerCodeAffiliate
      ? {
          affiliate: sources.offerCodeAffiliate,
          method: sources.channel === 'phone' ? 'phone' : 'offer_code',
        }
      : null,
    sources.savedQuoteAffiliate
      ? { affiliate: sources.savedQuoteAffiliate, method: 'saved_quote' }
      : null,
    sources.claimed ?? null,
    sources.cookieAffiliate
      ? { affiliate: sources.cookieAffiliate, method: 'affiliate_url' }
      : null,
  ];
  return candidates.filter((c): c is OrderAttribution => c !== null);
}
