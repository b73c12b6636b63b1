// Which endpoint URLs may be saved. Browser-safe; the address each name
// resolves to is checked again at every delivery (address.ts).
import { fail } from '../http.js';
import { isPublicAddress } from './ip.js';

/** Host names that always mean this machine. */
const LOOPBACK_NAMES =
  /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/;

/** True for a loopback host: `localhost`, `127.0.0.0/8` or `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return LOOPBACK_NAMES.test(host) || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** A literal IPv4 address, or one in brackets (IPv6): the host needs no name lookup. */
const isLiteralAddress = (host: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

const refuse = (url: string, reason: string): never =>
  fail('invalid_webhook_url', `${url.slice(0, 200)} cannot receive webhooks: ${reason}.`, {
    url: url.slice(0, 200),
  });

/**
 * Checks an endpoint URL as it is saved and returns it normalised: `https`,
 * no credentials, no fragment; `http` only to a loopback host and only when
 * `allowPrivate` (`QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`). A host written as a
 * private, loopback or link-local address is refused here (unless
 * `allowPrivate`); a name is resolved and checked at each delivery instead,
 * since what it resolves to can change.
 */
export function checkEndpointUrl(text: string, options: { allowPrivate: boolean }): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(text, 'it is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') refuse(text, 'it carries credentials');
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!(options.allowPrivate && loopback)) {
      refuse(
        text,
        'it must be https (http only to a loopback address, with QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1)',
      );
    }
  } else if (url.protocol !== 'https:') {
    refuse(text, 'it must be https');
  }
  if (!options.allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (loopback || (isLiteralAddress(url.hostname) && !isPublicAddress(host))) {
      refuse(text, 'it is a private, loopback or link-local address');
    }
  }
  url.hash = '';
  return url.toString();
}
