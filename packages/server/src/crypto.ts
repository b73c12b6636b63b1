// SHA-256 and HMAC-SHA-256 for an app that runs on Node and in browsers (the
// Mock Service Worker handlers). On Node, node:crypto hashes synchronously in
// about 2 µs; Web Crypto, the only choice in a browser, takes 40 µs or more a
// call in Node. node:crypto is found with `process.getBuiltinModule`, not
// imported, so a browser bundle never sees it.

import type * as NodeCryptoModule from 'node:crypto';

type NodeCrypto = typeof NodeCryptoModule;

/** The digests the app needs, as text. */
export interface Hashes {
  /** Hex SHA-256 of `text` (UTF-8). */
  sha256(text: string): Promise<string>;
  /** A function computing the base64url HMAC-SHA-256 of a text under `secret` (both UTF-8). */
  hmacSha256(secret: string): Promise<(text: string) => Promise<string>>;
}

const encoder = new TextEncoder();

/** Bytes as base64url without padding. */
export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Web Crypto: browsers, and Node when node:crypto is not at hand. */
export const webHashes: Hashes = {
  async sha256(text) {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  },
  async hmacSha256(secret) {
    const key = await crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return async (text) => base64url(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  },
};

/** node:crypto when this runs on Node, else null. */
const builtinCrypto = (): NodeCrypto | null =>
  ((
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  ).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;

/** node:crypto's hashes, or undefined without it (outside Node). */
export function nodeHashes(node: NodeCrypto | null = builtinCrypto()): Hashes | undefined {
  if (node === null) return undefined;
  return {
    sha256: (text) => Promise.resolve(node.createHash('sha256').update(text).digest('hex')),
    hmacSha256(secret) {
      const key = node.createSecretKey(secret, 'utf8');
      return Promise.resolve((text) =>
        Promise.resolve(node.createHmac('sha256', key).update(text).digest('base64url')),
      );
    },
  };
}

/** The fastest hashes this runtime has: node:crypto on Node, Web Crypto elsewhere. */
export const hashes: Hashes = nodeHashes() ?? webHashes;
