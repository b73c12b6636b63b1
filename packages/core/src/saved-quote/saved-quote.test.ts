import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isQuotekitError } from '../errors.js';
import {
  decodeSavedQuote,
  encodeSavedQuote,
  MAX_SAVED_QUOTE_LENGTH,
  SAVED_QUOTE_VERSION,
} from './saved-quote.js';
import type { SavedQuoteLink } from './saved-quote.schema.js';

const seedQuote: SavedQuoteLink = {
  lines: [
    { product: 'starter-plus-user', quantity: 25 },
    { product: 'dedicated-px2', quantity: 1 },
  ],
  offerCode: 'ACME5',
  affiliate: 'ACME',
  currency: 'USD',
};

/** Asserts that `run` throws `invalid_saved_quote` with `details.reason === reason`. */
function refused(run: () => unknown, reason: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(isQuotekitError(error), 'a QuotekitError');
    assert.equal(error.code, 'invalid_saved_quote');
    assert.equal(error.details?.reason, reason);
    return true;
  });
}

/** Builds `version.payload.checksum` by hand, for text that encode would refuse to make. */
function forge(version: number | string, json: string): string {
  return forgeBytes([...Buffer.from(json, 'utf8')], version);
}

function forgeBytes(bytes: number[], version: number | string = 1): string {
  const head = `${version}.${Buffer.from(bytes).toString('base64url')}`;
  return `${head}.${crc36(head)}`;
}

/** CRC-32 (IEEE) in base 36, written independently of the codec's table-driven one. */
function crc36(text: string): string {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i += 1) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(36).padStart(7, '0');
}

describe('saved-quote codec (SPEC: "Encoded in the URL (versioned, compact, URL-safe)")', () => {
  test('round-trips the seed quote', () => {
    const text = encodeSavedQuote(seedQuote);
    assert.deepEqual(decodeSavedQuote(text), seedQuote);
  });

  test('is URL-safe, versioned and compact', () => {
    const text = encodeSavedQuote(seedQuote);
    assert.match(text, /^1\.[A-Za-z0-9_-]+\.[0-9a-z]{7}$/);
    assert.equal(encodeURIComponent(text), text);
    assert.ok(text.length < 150, `compact: ${text.length} characters`);
    assert.equal(SAVED_QUOTE_VERSION, 1);
  });

  test('keeps decimal-string quantities exactly', () => {
    const quote = { lines: [{ product: 'units', quantity: '1250.5' }] };
    assert.deepEqual(decodeSavedQuote(encodeSavedQuote(quote)), quote);
  });

  test('omits absent optional fields rather than writing undefined', () => {
    const decoded = decodeSavedQuote(encodeSavedQuote({ lines: [] }));
    assert.deepEqual(Object.keys(decoded), ['lines']);
  });

  test('the checksum is CRC-32 of the version and payload', () => {
    const text = encodeSavedQuote(seedQuote);
    const [version, payload] = text.split('.');
    assert.equal(forge(Number(version), Buffer.from(payload!, 'base64url').toString('utf8')), text);
  });
});

describe('saved-quote refusals (SPEC: "malformed, oversized, tampered or future-version … a clear error state")', () => {
  const text = encodeSavedQuote(seedQuote);
  const rows: [name: string, input: () => string, reason: string][] = [
    ['empty', () => '', 'empty'],
    ['blank', () => '   ', 'empty'],
    ['oversized', () => '1.' + 'A'.repeat(MAX_SAVED_QUOTE_LENGTH) + '.0000000', 'too_long'],
    ['garbage', () => 'hello world', 'malformed'],
    ['script-like text', () => '<script>alert(1)</script>', 'malformed'],
    ['no checksum', () => text.slice(0, text.lastIndexOf('.')), 'malformed'],
    ['future version', () => '2' + text.slice(1), 'unsupported_version'],
    ['far-future version', () => '999999' + text.slice(1), 'unsupported_version'],
    ['version zero', () => forge(0, '{"l":[]}'), 'malformed'],
    [
      'one payload character changed',
      () => text.replace(/\.(.)/, (_, c) => '.' + (c === 'A' ? 'B' : 'A')),
      'checksum',
    ],
    ['checksum changed', () => text.slice(0, -1) + (text.endsWith('0') ? '1' : '0'), 'checksum'],
    ['truncated payload', () => text.slice(0, 20) + text.slice(text.lastIndexOf('.')), 'checksum'],
    ['payload not base64', () => `1.A.${crc36('1.A')}`, 'malformed'],
    ['payload not JSON', () => forge(1, 'not json'), 'malformed'],
    ['payload not UTF-8', () => forgeBytes([0xff, 0xfe, 0x7b]), 'malformed'],
    ['payload a JSON array', () => forge(1, '[1,2]'), 'invalid_content'],
    ['unknown key', () => forge(1, '{"l":[],"x":1}'), 'invalid_content'],
    ['lines not pairs', () => forge(1, '{"l":[["seat"]]}'), 'invalid_content'],
    ['negative quantity', () => forge(1, '{"l":[["seat",-1]]}'), 'invalid_content'],
    ['infinite quantity', () => forge(1, '{"l":[["seat",1e400]]}'), 'invalid_content'],
    ['script in product id', () => forge(1, '{"l":[["<img onerror=x>",1]]}'), 'invalid_content'],
    ['script in offer code', () => forge(1, '{"l":[],"o":"<script>"}'), 'invalid_content'],
    ['huge affiliate code', () => forge(1, `{"l":[],"a":"${'A'.repeat(500)}"}`), 'invalid_content'],
    ['a currency that is not a code', () => forge(1, '{"l":[],"c":"dollars"}'), 'invalid_content'],
  ];
  for (const [name, input, reason] of rows) {
    test(`${name} → ${reason}`, () => refused(() => decodeSavedQuote(input()), reason));
  }

  test('a currency code in any case is read as upper case', () => {
    assert.equal(decodeSavedQuote(forge(1, '{"l":[],"c":" usd"}')).currency, 'USD');
  });

  test('a non-string input is refused, not thrown as a TypeError', () => {
    refused(() => decodeSavedQuote(undefined as unknown as string), 'empty');
    refused(() => decodeSavedQuote(42 as unknown as string), 'empty');
  });

  test('the message never repeats the input', () => {
    try {
      decodeSavedQuote('<script>alert(1)</script>');
      assert.fail('should throw');
    } catch (error) {
      assert.ok(!String((error as Error).message).includes('<script>'));
    }
  });

  test('encode refuses an invalid quote and one too large for a link', () => {
    refused(
      () => encodeSavedQuote({ lines: [{ product: 'Bad Id', quantity: 1 }] }),
      'invalid_content',
    );
    refused(() => encodeSavedQuote({ lines: [], offerCode: 'x' }), 'invalid_content');
    const big = {
      lines: Array.from({ length: 200 }, (_, i) => ({
        product: `product-with-a-long-identifier-${i}`,
        quantity: 123456789,
      })),
    };
    refused(() => encodeSavedQuote(big), 'too_long');
  });
});

const code = fc.stringMatching(/^[A-Za-z0-9_-]{2,32}$/);
const productId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/);
const quantity = fc.oneof(
  fc.nat({ max: 1_000_000_000 }),
  fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((n) => Math.abs(n)),
  fc.stringMatching(/^\d{1,9}(?:\.\d{1,6})?$/),
);
const savedQuote = fc.record(
  {
    lines: fc.array(fc.record({ product: productId, quantity }, { noNullPrototype: true }), {
      maxLength: 12,
    }),
    offerCode: code,
    affiliate: code,
    currency: fc.constantFrom('USD', 'GBP', 'AUD', 'EUR', 'JPY'),
  },
  { requiredKeys: ['lines'], noNullPrototype: true },
);

describe('saved-quote properties', () => {
  test('decode(encode(q)) deep-equals q for every valid quote', () => {
    fc.assert(
      fc.property(savedQuote, (quote) => {
        assert.deepEqual(decodeSavedQuote(encodeSavedQuote(quote)), quote);
      }),
      { numRuns: 500 },
    );
  });

  test('any single changed character is refused, never misread', () => {
    fc.assert(
      fc.property(savedQuote, fc.nat(), fc.constantFrom(...'AZaz09-_.x'), (quote, at, char) => {
        const text = encodeSavedQuote(quote);
        const i = at % text.length;
        fc.pre(text[i] !== char);
        const changed = text.slice(0, i) + char + text.slice(i + 1);
        assert.throws(
          () => decodeSavedQuote(changed),
          (error: unknown) => isQuotekitError(error) && error.code === 'invalid_saved_quote',
        );
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary text never throws anything but invalid_saved_quote', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^1\.[A-Za-z0-9_-]{0,40}\.[0-9a-z]{7}$/)),
        (text) => {
          try {
            decodeSavedQuote(text);
          } catch (error) {
            assert.ok(
              isQuotekitError(error) && error.code === 'invalid_saved_quote',
              String(error),
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
