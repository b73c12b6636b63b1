// Which addresses a delivery may connect to: public ones only, unless
// QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1. Checked on the addresses a name resolves
// to at delivery time, and the request then connects to the address checked.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from './ip.js';

/** A resolved address and its family. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (`dns.lookup`, as connections do). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** Why a host may not be delivered to. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

/**
 * The address to connect to for `hostname`: resolved, every address checked
 * (one private address among public ones refuses the host: a name that can
 * point inside is not an outside endpoint), the first one returned.
 */
export async function checkedAddress(
  hostname: string,
  options: { resolver: Resolver; allowPrivate: boolean },
): Promise<ResolvedAddress> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: ResolvedAddress[] =
    literal === 0 ? await options.resolver(host) : [{ address: host, family: literal as 4 | 6 }];
  if (addresses.length === 0) throw new RefusedAddressError(`${hostname} has no address.`);
  if (!options.allowPrivate) {
    const inside = addresses.find(({ address }) => !isPublicAddress(address));
    if (inside !== undefined) {
      throw new RefusedAddressError(
        `${hostname} resolves to ${inside.address}, a private, loopback or link-local address.`,
      );
    }
  }
  return addresses[0]!;
}
