import { AffiliateIdSchema, affiliateCookieExpiry } from '@quotekit/core';

/**
 * HMAC-SHA-256 over Web Crypto, so the app signs the same in Node and in a
 * browser (the Mock Service Worker handlers). The first secret signs; every
 * secret verifies, so a secret can be rotated without voiding the tokens
 * already handed out (see docs/deploy.md).
 */
export interface Signer {
  sign(text: string): Promise<string>;
  verify(text: string, signature: string): Promise<boolean>;
}

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes as base64url. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Signs with `secrets[0]` and accepts a signature by any of `secrets`. */
export async function createSigner(secrets: readonly string[]): Promise<Signer> {
  const usable = secrets.filter((secret) => secret.length > 0);
  if (usable.length === 0) throw new Error('A signing secret is needed.');
  const keys = await Promise.all(
    usable.map((secret) =>
      crypto.subtle.importKey(
        'raw',
        encoder.encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      ),
    ),
  );
  const signWith = async (key: CryptoKey, text: string) =>
    base64url(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return {
    sign: (text) => signWith(keys[0]!, text),
    async verify(text, signature) {
      for (const key of keys) {
        if (constantTimeEqual(await signWith(key, text), signature)) return true;
      }
      return false;
    },
  };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** What a click token proves: this server saw a visit through this affiliate's link. */
export interface Click {
  affiliate: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  id: string;
}

/** Why a claimed click does not count. */
export type ClickRefusal = 'unsigned_claim' | 'invalid_signature' | 'expired_claim';

const TOKEN_PATTERN =
  /^([A-Za-z0-9_-]{1,64}):(\d{1,12}):([A-Za-z0-9_-]{8,64}):([A-Za-z0-9_-]{43})$/;
const payloadOf = (click: Click) => `qk-click:${click.affiliate}:${click.issuedAt}:${click.id}`;

/** `AFFILIATE:issuedAt:clickId:signature`, the value of `qk_ref_s` and of an order's claim. */
export async function signClick(signer: Signer, click: Click): Promise<string> {
  const payload = payloadOf(click);
  return `${click.affiliate}:${click.issuedAt}:${click.id}:${await signer.sign(payload)}`;
}

/**
 * The click a token proves, or why it proves nothing: not a token of ours
 * (`unsigned_claim`), altered (`invalid_signature`), or past the program's
 * window of one calendar year from the visit (`expired_claim`).
 */
export async function verifyClick(
  signer: Signer,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; click: Click } | { ok: false; reason: ClickRefusal }> {
  const match = token === undefined ? null : TOKEN_PATTERN.exec(token);
  if (match === null) return { ok: false, reason: 'unsigned_claim' };
  const click: Click = { affiliate: match[1]!, issuedAt: Number(match[2]), id: match[3]! };
  if (!AffiliateIdSchema.safeParse(click.affiliate).success) {
    return { ok: false, reason: 'unsigned_claim' };
  }
  if (!(await signer.verify(payloadOf(click), match[4]!))) {
    return { ok: false, reason: 'invalid_signature' };
  }
  const expires = Date.parse(affiliateCookieExpiry(new Date(click.issuedAt * 1000)));
  if (now.getTime() >= expires) return { ok: false, reason: 'expired_claim' };
  return { ok: true, click };
}

/** A keyed hash of the client's address: clicks can be told apart without keeping the address. */
export async function addressHash(signer: Signer, address: string): Promise<string> {
  return (await signer.sign(`qk-address:${address}`)).slice(0, 22);
}

/** The order's receipt token: only the client that placed the order (or retries it) gets it. */
export function receiptToken(signer: Signer, orderId: string): Promise<string> {
  return signer.sign(`qk-receipt:${orderId}`);
}

/** Whether `token` is the receipt of `orderId`. */
export function verifyReceipt(signer: Signer, orderId: string, token: string): Promise<boolean> {
  return signer.verify(`qk-receipt:${orderId}`, token);
}
