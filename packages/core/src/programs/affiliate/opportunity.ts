// Seed 001 §6e: "the LuxSci system compares the customer's contact
// information with all registered opportunities and presents the matches".
// What is compared is a set of keys per side; a match is a key both share.
import { canonicalEmail, isSharedMailDomain } from './attribution.js';
import { websiteHost, type MatchKeyKind } from './opportunity.schema.js';

/** Contact details of a customer or of a registered opportunity. */
export interface MatchContact {
  email?: string | null | undefined;
  company?: string | null | undefined;
  phone?: string | null | undefined;
  /** Opportunities only: the prospect's web site. */
  website?: string | null | undefined;
}

export interface MatchKeyOptions {
  /**
   * The registrable domain of a host name (`mail.acme.example` →
   * `acme.example`), from the public-suffix list; the server passes one.
   * Default: the host name itself.
   */
  registrableDomain?: (host: string) => string | null;
}

// Words that name a company's legal form, not the company: "Acme, Inc." is "Acme".
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sarl',
  'srl',
  'bv',
  'nv',
  'pty',
  'pc',
  'pllc',
]);

/**
 * A company name as compared: accents and case dropped, `&` read as "and",
 * punctuation as spaces (so "L.L.C." is "llc"), a leading "the" and trailing
 * legal forms (Inc, LLC, Ltd, GmbH, …) removed. Null when nothing of at
 * least two characters is left.
 *
 * @example
 * normalizeCompany('The ACME Co., Inc.'); // 'acme'
 */
export function normalizeCompany(name: string): string | null {
  const words = String(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // Initials written with dots are one word: "l.l.c." is "llc".
    .replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  const joined = words.join(' ');
  return joined.length >= 2 ? joined : null;
}

/**
 * A phone number as compared: its digits, without a `00` international
 * prefix, and only the last ten when there are more, so `+1 (617) 555-0100`
 * and `617.555.0100`, or `+44 20 7946 0958` and `020 7946 0958`, are one
 * number. Null with fewer than seven digits, too few to say whose it is.
 *
 * @example
 * phoneDigits('+1 (617) 555-0100'); // '6175550100'
 */
export function phoneDigits(phone: string): string | null {
  const digits = String(phone).replace(/\D/g, '').replace(/^00/, '');
  if (digits.length < 7) return null;
  return digits.length > 10 ? digits.slice(-10) : digits;
}

/** The domain of a host as compared: registrable, unless it is a shared mailbox provider's. */
function domainKey(host: string, registrableDomain: (host: string) => string | null) {
  if (isSharedMailDomain(host)) return null;
  const domain = registrableDomain(host);
  return domain === null || isSharedMailDomain(domain) ? null : domain;
}

/**
 * The keys a customer or an opportunity is compared by, each `kind:value`:
 * `email:` the canonical mailbox (`canonicalEmail`), `domain:` the
 * registrable domain of the email address and of the web site — never a
 * shared mailbox provider's (gmail.com and the like say nothing about who
 * someone is) — `company:` the normalized company name, `phone:` its digits.
 * The name of a contact person is not a key: too many people share one.
 *
 * @example
 * matchKeys({ email: 'Ann@Mail.Acme.example', company: 'Acme Inc.' }, { registrableDomain: () => 'acme.example' });
 * // ['email:ann@mail.acme.example', 'domain:acme.example', 'company:acme']
 */
export function matchKeys(contact: MatchContact, options: MatchKeyOptions = {}): string[] {
  const registrableDomain = options.registrableDomain ?? ((host: string) => host);
  const keys = new Set<string>();
  if (contact.email) {
    const mailbox = canonicalEmail(contact.email);
    const at = mailbox.lastIndexOf('@');
    if (at > 0 && at < mailbox.length - 1) {
      keys.add(`email:${mailbox}`);
      const domain = domainKey(mailbox.slice(at + 1), registrableDomain);
      if (domain !== null) keys.add(`domain:${domain}`);
    }
  }
  if (contact.website) {
    const host = websiteHost(contact.website);
    const domain = host === null ? null : domainKey(host, registrableDomain);
    if (domain !== null) keys.add(`domain:${domain}`);
  }
  if (contact.company) {
    const company = normalizeCompany(contact.company);
    if (company !== null) keys.add(`company:${company}`);
  }
  if (contact.phone) {
    const digits = phoneDigits(contact.phone);
    if (digits !== null) keys.add(`phone:${digits}`);
  }
  return [...keys];
}

const KIND_ORDER: readonly MatchKeyKind[] = ['email', 'domain', 'company', 'phone'];

/**
 * What two sets of `matchKeys` share, by kind, in the order email, domain,
 * company, phone; empty when they do not match.
 */
export function matchedOn(a: readonly string[], b: readonly string[]): MatchKeyKind[] {
  const other = new Set(b);
  const kinds = new Set(a.filter((key) => other.has(key)).map((key) => key.split(':')[0]));
  return KIND_ORDER.filter((kind) => kinds.has(kind));
}
