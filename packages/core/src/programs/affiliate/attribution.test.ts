import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attributionCandidates, isSelfReferral } from './attribution.js';

describe('isSelfReferral: an affiliate referring themselves earns nothing', () => {
  for (const [customerEmail, affiliateEmail, self] of [
    ['a@acme.example', 'partner@acme.example', true],
    ['partner@acme.example', ' PARTNER@acme.example ', true],
    ['a@other.example', 'partner@acme.example', false],
    ['someone@gmail.com', 'affiliate@gmail.com', false],
    ['affiliate@gmail.com', 'affiliate@gmail.com', true],
    // Without a public-suffix list the host names are compared as they are.
    ['a@sub.acme.example', 'partner@acme.example', false],
    // Gmail ignores dots and +tags: one mailbox.
    ['p.a.r.t.n.e.r+shop@gmail.com', 'partner@gmail.com', true],
    ['partner@googlemail.com', 'partner@gmail.com', true],
  ] as const) {
    test(`isSelfReferral(${customerEmail}, ${affiliateEmail.trim()}) is ${self}`, () => {
      assert.equal(isSelfReferral(customerEmail, affiliateEmail), self);
    });
  }
});

describe('isSelfReferral with the registrable domain', () => {
  // What a public-suffix list answers for these hosts.
  const registrableDomain = (host: string) =>
    ({ 'mail.acme.example': 'acme.example', 'acme.example': 'acme.example', 'b.co.uk': 'b.co.uk' })[
      host
    ] ?? host;
  test('boss@mail.acme.example is the affiliate partner@acme.example', () => {
    assert.equal(
      isSelfReferral('boss@mail.acme.example', 'partner@acme.example', { registrableDomain }),
      true,
    );
  });
  test('a shared provider never counts by domain, whatever its registrable domain', () => {
    assert.equal(
      isSelfReferral('ann@outlook.com', 'partner@outlook.com', { registrableDomain }),
      false,
    );
  });
});

describe('attributionCandidates: offer code, then saved quote, then the client, then the cookie', () => {
  const all = {
    offerCodeAffiliate: 'ACME',
    savedQuoteAffiliate: 'SAVED',
    claimed: { affiliate: 'CLIENT', method: 'affiliate_url' as const },
    cookieAffiliate: 'COOKIE',
  };

  test('every source, in order of precedence', () => {
    assert.deepEqual(attributionCandidates({ channel: 'web', ...all }), [
      { affiliate: 'ACME', method: 'offer_code' },
      { affiliate: 'SAVED', method: 'saved_quote' },
      { affiliate: 'CLIENT', method: 'affiliate_url' },
      { affiliate: 'COOKIE', method: 'affiliate_url' },
    ]);
  });

  test('"phone order with an offer code" is its own method', () => {
    assert.deepEqual(attributionCandidates({ channel: 'phone', offerCodeAffiliate: 'NORTHWIND' }), [
      { affiliate: 'NORTHWIND', method: 'phone' },
    ]);
  });

  test("seed 001 §6b: a saved quote with its affiliate's own offer code is a saved-quote referral", () => {
    // "…enter one of their \"Special Offer Codes\" and then save the configuration as a
    // \"Saved Quote\"… This ensures that the Affiliate will get a commission on the order".
    assert.deepEqual(
      attributionCandidates({
        channel: 'web',
        offerCodeAffiliate: 'ACME',
        savedQuoteAffiliate: 'acme',
        cookieAffiliate: 'COOKIE',
      }),
      [
        { affiliate: 'acme', method: 'saved_quote' },
        { affiliate: 'COOKIE', method: 'affiliate_url' },
      ],
    );
    // Another affiliate's code typed by the customer still comes first, as an offer code.
    assert.deepEqual(
      attributionCandidates({
        channel: 'web',
        offerCodeAffiliate: 'NORTHWIND',
        savedQuoteAffiliate: 'ACME',
      })[0],
      { affiliate: 'NORTHWIND', method: 'offer_code' },
    );
    // On the phone the offer code makes it a phone referral.
    assert.deepEqual(
      attributionCandidates({
        channel: 'phone',
        offerCodeAffiliate: 'ACME',
        savedQuoteAffiliate: 'ACME',
      })[0],
      { affiliate: 'ACME', method: 'phone' },
    );
  });

  test('missing sources are left out; none gives none', () => {
    assert.deepEqual(attributionCandidates({ channel: 'web', cookieAffiliate: 'COOKIE' }), [
      { affiliate: 'COOKIE', method: 'affiliate_url' },
    ]);
    assert.deepEqual(attributionCandidates({ channel: 'web' }), []);
  });
});
