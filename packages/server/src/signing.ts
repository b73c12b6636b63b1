import { AffiliateIdSchema, affiliateCookieExpiry } from '@quotekit/core';
import { base64url, hashes } from './crypto.js';

/**
 * HMAC-SHA-256, the same in Node (node:crypto) and in a browser (Web Crypto,
 * for the Mock Service Worker handlers). The first secret signs; every
 * secret verifies, so a secret can be rotated without voiding the tokens
 * already handed out (see docs/deploy.md).
 */
export interface Signer {
  sign(text: string): Promise<string>;
  verify(text: string, signature: string): Promise<boolean>;
}

/** `bytes` random bytes as base64url. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The fewest random bytes a server's signing secret must carry (256 bits, the HMAC-SHA-256 key size). */
export const MIN_SECRET_BYTES = 32;

/** How to make a secret that passes `checkSigningSecret`, for error messages and docs. */
export const MAKE_A_SECRET =
  'Make one with `openssl rand -base64 32` or ' +
  "`node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`.";

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

/**
 * Why `secret` cannot be a server's signing secret, or `undefined` when it
 * can. Randomness cannot be measured from one string, so the rule is about
 * what a generator prints: 32 random bytes as hex (64 or more hex digits,
 * 4 bits each) or as base64/base64url (43 or more characters, 6 bits each,
 * `=` padding allowed), with at least 10 different characters (a typed
 * `aaaa…` or `abab…` fails; 32 random bytes never do in practice).
 * Passphrases fail: a sentence carries far less than 32 bytes of entropy.
 */
export function checkSigningSecret(secret: string): string | undefined {
  const digits = secret.replace(/=+$/, '');
  const bytes = HEX.test(secret)
    ? Math.floor(secret.length / 2)
    : BASE64.test(secret)
      ? Math.floor((digits.length * 6) / 8)
      : undefined;
  if (bytes === undefined) {
    return `it is not hex or base64 (a generated secret is; letters, digits and + / _ - = only)`;
  }
  if (bytes < MIN_SECRET_BYTES) {
    return `it carries at most ${bytes} bytes; at least ${MIN_SECRET_BYTES} random bytes are needed`;
  }
  if (new Set(secret).size < 10) return 'it repeats too few characters to be random';
  return undefined;
}

/**
 * The secrets in `QUOTEKIT_SIGNING_SECRET`: separated by whitespace (spaces
 * or newlines), which no generated secret contains. Commas, the separator
 * of earlier versions, still separate: no hex or base64 secret contains one
 * either, so `new,old` cannot be read two ways.
 */
export function parseSigningSecrets(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * Throws, naming the variable and how to make a secret, when any of
 * `secrets` fails `checkSigningSecret` or there are none. The secret itself
 * is never in the message: only its position in the list.
 */
export function assertSigningSecrets(secrets: readonly string[], source: string): void {
  if (secrets.length === 0) throw new Error(`${source} holds no secret. ${MAKE_A_SECRET}`);
  secrets.forEach((secret, index) => {
    const problem = checkSigningSecret(secret);
    if (problem === undefined) return;
    const which = secrets.length === 1 ? 'The secret' : `Secret ${index + 1} of ${secrets.length}`;
    throw new Error(
      `${source} is too weak to sign with: ${which} is refused because ${problem}. ${MAKE_A_SECRET}`,
    );
  });
}

/** Signs with `secrets[0]` and accepts a signature by any of `secrets`. */
export async function createSigner(secrets: readonly string[]): Promise<Signer> {
  const usable = secrets.filter((secret) => secret.length > 0);
  if (usable.length === 0) throw new Error('A signing secret is needed.');
  const macs = await Promise.all(usable.map((secret) => hashes.hmacSha256(secret)));
  return {
    sign: (text) => macs[0]!(text),
    async verify(text, signature) {
      for (const mac of macs) {
        if (constantTimeEqual(await mac(text), signature)) return true;
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
export type ClickRefusal =
  'unsigned_claim' | 'invalid_signature' | 'expired_claim' | 'future_claim';

/**
 * How far ahead of this server's clock a click may be dated (5 minutes):
 * instances' clocks differ a little, never by more.
 */
export const CLICK_CLOCK_SKEW_MS = 5 * 60_000;

// `issuedAt` in canonical form only: no leading zero, no sign, so one click has one token.
const TOKEN_PATTERN =
  /^([A-Za-z0-9_-]{1,64}):([1-9]\d{0,11}):([A-Za-z0-9_-]{8,64}):([A-Za-z0-9_-]{43})$/;
const payloadOf = (click: Click) => `qk-click:${click.affiliate}:${click.issuedAt}:${click.id}`;

/** `AFFILIATE:issuedAt:clickId:signature`, the value of `qk_ref_s` and of an order's claim. */
export async function signClick(signer: Signer, click: Click): Promise<string> {
  const payload = payloadOf(click);
  return `${click.affiliate}:${click.issuedAt}:${click.id}:${await signer.sign(payload)}`;
}

/**
 * The click a token proves, or why it proves nothing: not a token of ours
 * (`unsigned_claim`, also for an `issuedAt` that is not in canonical
 * form), altered (`invalid_signature`), past the program's window of one
 * calendar year from the visit (`expired_claim`), or dated later than now
 * plus `CLICK_CLOCK_SKEW_MS` (`future_claim`: a token that would never
 * expire, made with a leaked secret or on a server whose clock is wrong).
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
  if (click.issuedAt * 1000 > now.getTime() + CLICK_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'future_claim' };
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
