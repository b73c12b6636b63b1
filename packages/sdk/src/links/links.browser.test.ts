import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { QuotekitError, SavedQuoteLink } from '@quotekit/core';
import { API, createHarness } from '../../test/api-harness.js';
import { createStaffKey, seedDemoData } from '@quotekit/server/msw';
import { createAttribution } from '../attribution/attribution.js';
import { createClient } from '../api/client.js';
import { openSavedQuote, openStoredQuote, savedQuoteUrl, storedQuoteUrl } from './links.js';

const forget = () => cookieStore.delete('qk_ref');

const code = fc.stringMatching(/^[A-Za-z0-9_-]{2,32}$/);
const savedQuote: fc.Arbitrary<SavedQuoteLink> = fc.record(
  {
    lines: fc.array(
      fc.record(
        {
          product: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/),
          quantity: fc.oneof(fc.nat({ max: 1e9 }), fc.stringMatching(/^\d{1,9}(?:\.\d{1,6})?$/)),
        },
        { noNullPrototype: true },
      ),
      { maxLength: 10 },
    ),
    offerCode: code,
    affiliate: code,
    currency: fc.constantFrom('USD', 'GBP', 'AUD'),
  },
  { requiredKeys: ['lines'], noNullPrototype: true },
);

describe('saved-quote links', () => {
  beforeEach(forget);
  afterEach(forget);

  it('round-trip any quote through a URL, keeping the base URL’s parameters and hash (property)', () => {
    fc.assert(
      fc.property(savedQuote, fc.constantFrom('quote', 'q', 'saved'), (quote, param) => {
        const url = savedQuoteUrl('https://shop.example/pricing?plan=pro#form', quote, { param });
        const parsed = new URL(url);
        expect(parsed.searchParams.get('plan')).to.equal('pro');
        expect(parsed.hash).to.equal('#form');
        expect(url.length).to.be.below(4200);
        expect(openSavedQuote(url, { param })).to.deep.equal(quote);
      }),
      { numRuns: 300 },
    );
  });

  it('a relative base URL resolves against the page', () => {
    const url = savedQuoteUrl('/pricing', { lines: [{ product: 'seat', quantity: 2 }] });
    expect(url.startsWith(`${location.origin}/pricing?quote=1.`)).to.equal(true);
  });

  it('opening records the affiliate with method saved_quote', async () => {
    const attribution = createAttribution();
    const url = savedQuoteUrl(location.origin, {
      lines: [{ product: 'starter-plus-user', quantity: 25 }],
      offerCode: 'ACME5',
      affiliate: 'ACME',
    });
    expect(openSavedQuote(url, { attribution })?.offerCode).to.equal('ACME5');
    const record = attribution.current();
    expect(record?.affiliate).to.equal('ACME');
    expect(record?.method).to.equal('saved_quote');
    expect((await cookieStore.get('qk_ref'))?.value?.startsWith('ACME.saved_quote.')).to.equal(
      true,
    );
  });

  it("a text link's affiliate does not displace a signed click the visitor holds", async () => {
    const now = Date.now();
    const token = 'NORTHWIND:1772445600:abcdefgh12:c2lnbmF0dXJl';
    document.cookie = `qk_ref=NORTHWIND.affiliate_url.${now}.${now}.${token}; path=/`;
    const attribution = createAttribution();
    const url = savedQuoteUrl(location.origin, {
      lines: [{ product: 'starter-plus-user', quantity: 25 }],
      offerCode: 'ACME5',
      affiliate: 'ACME',
    });
    expect(openSavedQuote(url, { attribution })?.offerCode).to.equal('ACME5');
    expect(attribution.current()).to.include({
      affiliate: 'NORTHWIND',
      method: 'affiliate_url',
      token,
    });
  });

  it('a page without a saved quote gives null and reports nothing', () => {
    const errors: QuotekitError[] = [];
    expect(openSavedQuote(undefined, { onError: (e) => errors.push(e) })).to.equal(null);
    expect(errors).to.have.length(0);
  });

  const good = savedQuoteUrl(location.origin, {
    lines: [{ product: 'seat', quantity: 1 }],
    affiliate: 'ACME',
  });
  const text = new URL(good).searchParams.get('quote')!;
  const hostile: [string, string][] = [
    ['script-like text', `?quote=${encodeURIComponent('<script>alert(1)</script>')}`],
    [
      'markup in a well-formed shell',
      `?quote=1.${btoa('{"l":[["<img src=x onerror=alert(1)>",1]]}').replace(/=+$/, '')}.0000000`,
    ],
    ['a huge value', `?quote=${'A'.repeat(100_000)}`],
    ['a bad percent encoding', '?quote=%E0%A4%A'],
    [
      'a tampered payload',
      `?quote=${text.replace(/\.(.)/, (_, c) => `.${c === 'A' ? 'B' : 'A'}`)}`,
    ],
    ['a future version', `?quote=9${text.slice(1)}`],
    ['an empty value', '?quote='],
  ];
  for (const [name, query] of hostile) {
    it(`${name}: null, a clear error, no markup, no cookie`, async () => {
      const attribution = createAttribution();
      const before = document.body.innerHTML;
      const errors: QuotekitError[] = [];
      const result = openSavedQuote(`${location.origin}/${query}`, {
        attribution,
        onError: (error) => errors.push(error),
      });
      expect(result).to.equal(null);
      expect(errors).to.have.length(1);
      expect(errors[0]!.code).to.equal('invalid_saved_quote');
      expect(errors[0]!.message).to.not.contain('<');
      expect(document.body.innerHTML).to.equal(before);
      expect(attribution.current()).to.equal(null);
      expect(await cookieStore.get('qk_ref')).to.equal(null);
    });
  }

  it('never throws, even for a URL that cannot be parsed or a throwing callback', () => {
    expect(openSavedQuote('http://[bad')).to.equal(null);
    expect(
      openSavedQuote(`${location.origin}/?quote=x`, {
        onError: () => {
          throw new Error('host bug');
        },
      }),
    ).to.equal(null);
  });
});

describe('server-stored saved quotes', () => {
  beforeEach(forget);
  afterEach(forget);

  it('a stored quote opens from its short link and records its affiliate', async () => {
    const harness = createHarness();
    const client = createClient({ baseUrl: API, fetch: harness.fetch, autoFlush: false });
    // Saved by NORTHWIND itself, with its partner key: the quote credits it.
    await seedDemoData(harness.store);
    const { key } = await createStaffKey(harness.store, {
      name: 'NORTHWIND portal',
      role: 'partner',
      partner: 'NORTHWIND',
    });
    const { id, affiliate } = await client.createSavedQuote(
      {
        quote: { lines: [{ product: 'starter-plus-user', quantity: 10 }] },
        affiliate: 'NORTHWIND',
        offerCode: 'NW10',
      },
      { partnerKey: key },
    );
    expect(affiliate).to.equal('NORTHWIND');
    const url = storedQuoteUrl('https://shop.example/pricing', id);
    expect(url).to.equal(`https://shop.example/pricing?qid=${id}`);
    const attribution = createAttribution();
    const stored = await openStoredQuote(url, { client, attribution });
    expect(stored?.quote.lines).to.deep.equal([{ product: 'starter-plus-user', quantity: 10 }]);
    expect(attribution.current()?.method).to.equal('saved_quote');
    expect(attribution.current()?.affiliate).to.equal('NORTHWIND');
  });

  it('unknown, malformed or unreachable ids give null and an error, never a rejection', async () => {
    const harness = createHarness();
    const client = createClient({
      baseUrl: API,
      fetch: harness.fetch,
      autoFlush: false,
      retries: 0,
    });
    const errors: string[] = [];
    const onError = (error: QuotekitError) => errors.push(error.code);
    expect(await openStoredQuote('https://x.example/?qid=nope', { client, onError })).to.equal(
      null,
    );
    expect(
      await openStoredQuote('https://x.example/?qid=%3Cscript%3E', { client, onError }),
    ).to.equal(null);
    harness.inject('/v1/saved-quotes', 'network');
    expect(await openStoredQuote('https://x.example/?qid=abc', { client, onError })).to.equal(null);
    expect(await openStoredQuote('https://x.example/', { client, onError })).to.equal(null);
    expect(errors).to.deep.equal(['not_found', 'invalid_saved_quote', 'network_error']);
  });
});
