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

/** True for a shared mailbox provider (`gmail.com`, `outlook.com`, …): its domain says nothing about whose address it is. */
export const isSharedMailDomain = (domain: string): boolean =>
  SHARED_MAIL_DOMAINS.has(domain.trim().toLowerCase());

// Providers that ignore dots and "+tags" in the mailbox name: a.b+x@gmail.com is ab@gmail.com.
const DOTLESS_PROVIDERS = new Set(['gmail.com', 'googlemail.com']);

/** An address as its mailbox provider delivers it: lower case, gmail's dots and tags removed. */
export function canonicalEmail(email: string): string {
  const address = String(email).trim().toLowerCase();
  const at = address.lastIndexOf('@');
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  if (DOTLESS_PROVIDERS.has(domain)) {
    local = local.split('+')[0]!.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

export interface SelfReferralOptions {
  /**
   * The registrable domain of a host name (`mail.acme.example` →
   * `acme.example`), from the public-suffix list; the server passes one.
   * Default: the host name itself.
   */
  registrableDomain?: (host: string) => string | null;
}

/**
 * Whether a customer is the affiliate referring themselves: the same
 * mailbox (any case; gmail's dots and `+tags` ignored), or the same
 * registrable domain (`boss@mail.acme.example` and `partner@acme.example`)
 * unless it is a shared mailbox provider (gmail.com, outlook.com, …), where
 * only the same mailbox counts. A self-referral earns no commission.
 *
 * @example
 * isSelfReferral('boss@acme.example', 'partner@acme.example'); // true
 * isSelfReferral('ann@gmail.com', 'partner@gmail.com'); // false
 * isSelfReferral('p.a.r.t.n.e.r+shop@gmail.com', 'partner@gmail.com'); // true
 */
export function isSelfReferral(
  customerEmail: string,
  affiliateEmail: string,
  { registrableDomain = (host) => host }: SelfReferralOptions = {},
): boolean {
  const customer = canonicalEmail(customerEmail);
  const affiliate = canonicalEmail(affiliateEmail);
  if (customer === affiliate) return true;
  const host = customer.slice(customer.lastIndexOf('@') + 1);
  if (SHARED_MAIL_DOMAINS.has(host)) return false;
  const mine = registrableDomain(host);
  return (
    mine !== null && mine === registrableDomain(affiliate.slice(affiliate.lastIndexOf('@') + 1))
  );
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
 * client's claim, then the server's cookie (`affiliate_url`). A web order
 * from a saved quote whose offer code is its own affiliate's is that saved
 * quote's (`saved_quote`): the link carried the code. The first one
 * the affiliate program knows, and that is not a self-referral, wins.
 *
 * @example
 * attributionCandidates({ channel: 'web', offerCodeAffiliate: 'ACME', cookieAffiliate: 'NORTHWIND' });
 * // [{ affiliate: 'ACME', method: 'offer_code' }, { affiliate: 'NORTHWIND', method: 'affiliate_url' }]
 */
export function attributionCandidates(sources: AttributionSources): OrderAttribution[] {
  const offer = sources.offerCodeAffiliate?.toUpperCase();
  // Seed 001 §6b: a saved quote carries its affiliate's special offer code and
  // "ensures that the Affiliate will get a commission on the order": an order
  // made from it with that code came by the saved quote.
  if (
    sources.channel === 'web' &&
    offer !== undefined &&
    offer === sources.savedQuoteAffiliate?.toUpperCase()
  ) {
    return [
      { affiliate: sources.savedQuoteAffiliate!, method: 'saved_quote' },
      ...attributionCandidates({ ...sources, savedQuoteAffiliate: null }).slice(1),
    ];
  }
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
