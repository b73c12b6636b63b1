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
    ['a@sub.acme.example', 'partner@acme.example', false],
  ] as const) {
    test(`isSelfReferral(${customerEmail}, ${affiliateEmail.trim()}) is ${self}`, () => {
      assert.equal(isSelfReferral(customerEmail, affiliateEmail), self);
    });
  }
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

  test('missing sources are left out; none gives none', () => {
    assert.deepEqual(attributionCandidates({ channel: 'web', cookieAffiliate: 'COOKIE' }), [
      { affiliate: 'COOKIE', method: 'affiliate_url' },
    ]);
    assert.deepEqual(attributionCandidates({ channel: 'web' }), []);
  });
});
