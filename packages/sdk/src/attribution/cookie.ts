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

/**
 * One calendar year after `t`, at the same New York wall-clock date and time
 * (29 February → 28 February): the affiliate program's "within 1 year", as
 * core's `affiliateCookieExpiry` computes it, written out here so that this
 * entry point imports nothing.
 */
export function oneYearAfter(t: number): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // New York's wall clock at `x`, read as if it were UTC.
  const wall = (x: number) => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(x)) p[part.type] = +part.value;
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  };
  const offset = (x: number) => wall(x) - (x - (x % 1000));
  const date = new Date(wall(t));
  const year = date.getUTCFullYear() + 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (date.getUTCMonth() === 1 && date.getUTCDate() === 29 && !leap) date.setUTCDate(28);
  date.setUTCFullYear(year);
  const target = date.getTime();
  return target - offset(target - offset(target)) + (t % 1000);
}
