import { QuotekitError } from '../errors.js';
import { parseWith } from '../validation.js';
import { SavedQuoteLinkSchema, type SavedQuoteLink } from './saved-quote.schema.js';

/** The format version `encodeSavedQuote` writes; a higher version is refused, never guessed at. */
export const SAVED_QUOTE_VERSION = 1;
/** The longest saved-quote text accepted, in characters. */
export const MAX_SAVED_QUOTE_LENGTH = 4000;

/** Why a saved quote was refused, in `details.reason`. */
export type SavedQuoteProblem =
  'empty' | 'too_long' | 'malformed' | 'unsupported_version' | 'checksum' | 'invalid_content';

const TEXT = /^(\d{1,6})\.([A-Za-z0-9_-]+)\.([0-9a-z]{7})$/;

/**
 * Encodes a saved quote as compact, URL-safe text: `1.<payload>.<checksum>`,
 * where the payload is base64url JSON and the checksum a CRC-32 of what
 * precedes it. The checksum catches edited or truncated links; it is not a
 * signature — the server prices every order itself.
 *
 * Throws `QuotekitError` `invalid_saved_quote` when the quote is not valid or
 * its text would be longer than `MAX_SAVED_QUOTE_LENGTH`.
 *
 * @example
 * encodeSavedQuote({ lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' });
 * // "1.eyJsIjpbWyJzdGFydGVyLXBsdXMtdXNlciIsMjVdXSwibyI6IkFDTUU1In0.03hzh9v"
 */
export function encodeSavedQuote(quote: SavedQuoteLink): string {
  const valid = validate(quote);
  const wire: Wire = { l: valid.lines.map((line) => [line.product, line.quantity]) };
  if (valid.offerCode !== undefined) wire.o = valid.offerCode;
  if (valid.affiliate !== undefined) wire.a = valid.affiliate;
  if (valid.currency !== undefined) wire.c = valid.currency;
  const head = `${SAVED_QUOTE_VERSION}.${toBase64Url(new TextEncoder().encode(JSON.stringify(wire)))}`;
  const text = `${head}.${checksum(head)}`;
  if (text.length > MAX_SAVED_QUOTE_LENGTH) {
    throw refuse(
      'too_long',
      `This quote is too large for a link (${text.length} characters, at most ${MAX_SAVED_QUOTE_LENGTH}); save it on the server instead.`,
    );
  }
  return text;
}

/**
 * Reads text made by `encodeSavedQuote` and returns the validated quote.
 * Throws `QuotekitError` `invalid_saved_quote` for empty, oversized, garbled,
 * tampered or future-version text; `details.reason` says which
 * (`SavedQuoteProblem`). The message never repeats the input.
 */
export function decodeSavedQuote(text: string): SavedQuoteLink {
  if (typeof text !== 'string' || text.trim() === '') {
    throw refuse('empty', 'The saved quote is empty.');
  }
  if (text.length > MAX_SAVED_QUOTE_LENGTH) {
    throw refuse(
      'too_long',
      `The saved quote is longer than ${MAX_SAVED_QUOTE_LENGTH} characters.`,
    );
  }
  const match = TEXT.exec(text.trim());
  if (match === null)
    throw refuse('malformed', 'The saved quote is not in a format quotekit reads.');
  const [, versionText, payload, sum] = match as unknown as [string, string, string, string];
  const version = Number(versionText);
  if (version > SAVED_QUOTE_VERSION) {
    throw refuse(
      'unsupported_version',
      `The saved quote was made by a newer version (${version}); this page reads version ${SAVED_QUOTE_VERSION}.`,
      { version },
    );
  }
  if (version < 1) throw refuse('malformed', 'The saved quote has no valid version.');
  if (checksum(`${versionText}.${payload}`) !== sum) {
    throw refuse('checksum', 'The saved quote was changed or cut short after it was made.');
  }
  let wire: unknown;
  try {
    wire = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(payload)));
  } catch {
    throw refuse('malformed', 'The saved quote could not be read.');
  }
  return validate(fromWire(wire));
}

function validate(input: unknown): SavedQuoteLink {
  try {
    return parseWith(SavedQuoteLinkSchema, input, 'invalid_saved_quote', 'saved quote');
  } catch (error) {
    const { message, details } = error as QuotekitError;
    throw refuse('invalid_content', message, details);
  }
}

/** The JSON inside the payload: short keys, lines as `[product, quantity]` pairs. */
interface Wire {
  l: [string, number | string][];
  o?: string;
  a?: string;
  c?: string;
}

function fromWire(wire: unknown): unknown {
  if (wire === null || typeof wire !== 'object' || Array.isArray(wire)) return wire;
  const { l, o, a, c, ...rest } = wire as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || !Array.isArray(l)) {
    throw refuse('invalid_content', 'The saved quote has an unexpected shape.');
  }
  const quote: Record<string, unknown> = {
    lines: l.map((pair: unknown) =>
      Array.isArray(pair) && pair.length === 2 ? { product: pair[0], quantity: pair[1] } : pair,
    ),
  };
  if (o !== undefined) quote.offerCode = o;
  if (a !== undefined) quote.affiliate = a;
  if (c !== undefined) quote.currency = c;
  return quote;
}

function refuse(
  reason: SavedQuoteProblem,
  message: string,
  extra: Record<string, unknown> = {},
): QuotekitError {
  return new QuotekitError('invalid_saved_quote', message, { reason, ...extra });
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) of the text's UTF-16 code units, as 7 base-36 digits. */
function checksum(text: string): string {
  const table = (crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i += 1) {
    crc = table[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(36).padStart(7, '0');
}
