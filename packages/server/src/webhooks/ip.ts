// Whether an IP address is on the public internet. Pure, so that saving an
// endpoint (also in a browser, behind the Mock Service Worker handlers) and
// delivering to it apply the same ranges.

/** IPv4 networks that are not the public internet, as [first address, prefix length]. */
const IPV4_BLOCKED: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];

function ipv4Number(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function ipv4Public(value: number): boolean {
  return !IPV4_BLOCKED.some(([network, prefix]) => {
    const size = 2 ** (32 - prefix);
    const first = ipv4Number(network)!;
    return value >= first && value < first + size;
  });
}

/** An IPv6 address as eight 16-bit groups, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const value = ipv4Number(v4[1]!);
    if (value === undefined) return undefined;
    text = `${text.slice(0, -v4[1]!.length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => parseInt(group, 16));
}

/**
 * True when `address`, an IPv4 or IPv6 address, is on the public internet:
 * not private, loopback, link-local, multicast, reserved or documentation.
 * An IPv6 address carrying an IPv4 one (`::ffff:10.0.0.1`) is judged by it.
 * Anything that is not an address is not public.
 */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4Number(address);
  if (v4 !== undefined) return ipv4Public(v4);
  const g = ipv6Groups(address.replace(/^\[|\]$/g, ''));
  if (g === undefined) return false;
  const zeros = (n: number) => g.slice(0, n).every((group) => group === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): the IPv4 address inside.
  if (zeros(5) && (g[5] === 0xffff || g[5] === 0) && !(g[5] === 0 && g[6] === 0)) {
    return ipv4Public(g[6]! * 65536 + g[7]!);
  }
  if (zeros(8)) return false; // unspecified
  if (zeros(7) && g[7] === 1) return false; // loopback
  if ((g[0]! & 0xfe00) === 0xfc00) return false; // unique local, fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return false; // link-local, fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return false; // site-local, fec0::/10
  if ((g[0]! & 0xff00) === 0xff00) return false; // multicast
  if (g[0] === 0x64 && g[1] === 0xff9b) return false; // NAT64 reaches IPv4 inside too
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  return true;
}
