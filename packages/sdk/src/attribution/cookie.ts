/** Cookie attributes the attribution cookie is written with. */
export interface CookieAttributes {
  /** Days until expiry; 0 or less deletes the cookie. */
  days: number;
  /** Parent domain (`example.com`) so every subdomain shares the cookie; host-only when absent. */
  domain?: string | undefined;
  /** Adds `Secure`; true on https pages. */
  secure: boolean;
}

/**
 * The `document.cookie` assignment for one cookie: `Path=/`, `SameSite=Lax`,
 * expiry as `Max-Age` (every browser quotekit supports reads it; it does not
 * depend on the visitor's clock the way `Expires` does).
 */
export function serializeCookie(name: string, value: string, attrs: CookieAttributes): string {
  return `${name}=${value}; Path=/; SameSite=Lax; Max-Age=${Math.max(0, Math.round(attrs.days * 86400))}${attrs.domain ? `; Domain=${attrs.domain}` : ''}${attrs.secure ? '; Secure' : ''}`;
}

/** The value of cookie `name` on this page, or null. */
export function readCookie(name: string): string | null {
  for (const pair of document.cookie.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}
