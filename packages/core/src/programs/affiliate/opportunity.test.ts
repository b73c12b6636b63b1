// Seed 001 §6e: new customers are compared with registered opportunities by
// their contact information; these are the keys that comparison uses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { opportunityExpiry, referralEligibility } from './affiliate.js';
import { matchedOn, matchKeys, normalizeCompany, phoneDigits } from './opportunity.js';
import {
  OpportunityInputSchema,
  OpportunityUpdateSchema,
  PostFactoInputSchema,
  websiteHost,
} from './opportunity.schema.js';

// What a public-suffix list answers for the hosts below.
const registrableDomain = (host: string) =>
  ({
    'mail.acme.example': 'acme.example',
    'www.acme.example': 'acme.example',
    'acme.example': 'acme.example',
    'shop.acme.co.uk': 'acme.co.uk',
    'www.acme.co.uk': 'acme.co.uk',
    'mail.google.com': 'google.com',
  })[host] ?? host;

describe('normalizeCompany: one company however it is written', () => {
  for (const [a, b] of [
    ['Acme, Inc.', 'ACME'],
    ['The Acme Company', 'acme'],
    ['Acme L.L.C.', 'Acme'],
    ['Acme Corp.', 'acme corporation'],
    ['Müller GmbH', 'Muller'],
    ['Smith & Sons Ltd', 'smith and sons'],
    ['  Acme   Widgets  ', 'acme widgets'],
  ] as const) {
    test(`"${a}" and "${b}" are one company`, () => {
      assert.equal(normalizeCompany(a), normalizeCompany(b));
      assert.notEqual(normalizeCompany(a), null);
    });
  }
  test('a legal form alone is kept as the name, not emptied ("Company")', () => {
    assert.equal(normalizeCompany('Company'), 'company');
  });
  test('different companies stay different ("Acme Widgets" is not "Acme")', () => {
    assert.notEqual(normalizeCompany('Acme Widgets'), normalizeCompany('Acme'));
  });
  for (const name of ['', ' ', '.', 'A', '-.,']) {
    test(`${JSON.stringify(name)} gives no key`, () => {
      assert.equal(normalizeCompany(name), null);
    });
  }
});

describe('phoneDigits: one number however it is written', () => {
  for (const [a, b] of [
    ['+1 (617) 555-0100', '617.555.0100'],
    ['+44 20 7946 0958', '020 7946 0958'],
    ['0044 20 7946 0958', '+44 (0)20 7946 0958'],
    ['555 0100', '555-0100'],
  ] as const) {
    test(`${a} and ${b} are one number`, () => {
      assert.equal(phoneDigits(a), phoneDigits(b));
      assert.notEqual(phoneDigits(a), null);
    });
  }
  test('the last ten digits are the key: +1 617 555 0100 is 6175550100', () => {
    assert.equal(phoneDigits('+1 617 555 0100'), '6175550100');
  });
  for (const phone of ['', '911', '+1 234', '123456']) {
    test(`${JSON.stringify(phone)} has too few digits to be a key`, () => {
      assert.equal(phoneDigits(phone), null);
    });
  }
});

describe('websiteHost', () => {
  for (const [website, host] of [
    ['https://www.acme.example/about?x=1', 'www.acme.example'],
    ['acme.example', 'acme.example'],
    ['HTTP://Acme.Example:8080', 'acme.example'],
    ['www.acme.example.', 'www.acme.example'],
    ['https://user@acme.example/', 'acme.example'],
    ['localhost', null],
    ['not a site', null],
    ['https://', null],
  ] as const) {
    test(`${website} → ${host}`, () => assert.equal(websiteHost(website), host));
  }
});

describe('matchKeys and matchedOn: what a customer and an opportunity share', () => {
  const opportunity = {
    company: 'Acme, Inc.',
    email: 'Buyer@acme.example',
    phone: '+1 617 555 0100',
    website: 'https://www.acme.example',
  };
  const cases: [string, Parameters<typeof matchKeys>[0], string[]][] = [
    ['the same mailbox, in another case', { email: 'buyer@ACME.example' }, ['email', 'domain']],
    [
      'another mailbox at a subdomain of the same registrable domain',
      { email: 'it@mail.acme.example' },
      ['domain'],
    ],
    ['the company written differently', { email: 'x@other.example', company: 'ACME' }, ['company']],
    [
      'the phone written differently',
      { email: 'x@other.example', phone: '617-555-0100' },
      ['phone'],
    ],
    [
      'everything',
      { email: 'buyer@acme.example', company: 'The Acme Company', phone: '(617) 555 0100' },
      ['email', 'domain', 'company', 'phone'],
    ],
    ['nothing', { email: 'x@other.example', company: 'Other', phone: '212 555 0199' }, []],
  ];
  for (const [what, customer, kinds] of cases) {
    test(`${what}: matched on ${kinds.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(
        matchedOn(
          matchKeys(customer, { registrableDomain }),
          matchKeys(opportunity, { registrableDomain }),
        ),
        kinds,
      );
    });
  }

  test('two gmail.com customers never match by domain, only by the same mailbox', () => {
    const keys = (email: string) => matchKeys({ email }, { registrableDomain });
    assert.deepEqual(matchedOn(keys('ann@gmail.com'), keys('bob@gmail.com')), []);
    assert.deepEqual(matchedOn(keys('a.n.n+shop@gmail.com'), keys('ann@googlemail.com')), [
      'email',
    ]);
  });
  test('a shared provider as the web site is no domain key either (gmail.com, outlook.com)', () => {
    assert.deepEqual(matchKeys({ website: 'https://gmail.com' }, { registrableDomain }), []);
    assert.deepEqual(matchKeys({ website: 'outlook.com' }), []);
  });
  test('the web site and the customer email meet at the registrable domain (.co.uk)', () => {
    assert.deepEqual(
      matchedOn(
        matchKeys({ email: 'it@shop.acme.co.uk' }, { registrableDomain }),
        matchKeys({ company: 'Other', website: 'www.acme.co.uk' }, { registrableDomain }),
      ),
      ['domain'],
    );
  });
  test('without a public-suffix list hosts compare as they are', () => {
    assert.deepEqual(
      matchedOn(
        matchKeys({ email: 'a@mail.acme.example' }),
        matchKeys({ email: 'b@acme.example' }),
      ),
      [],
    );
  });
});

describe('opportunityExpiry: 180 New York days after registration or the last edit', () => {
  test('registered 2024-03-01 10:00 New York (EST) expires 2024-08-28 10:00 New York (EDT)', () => {
    // 180 calendar days on from 1 March is 28 August; the wall-clock time stays 10:00.
    assert.equal(opportunityExpiry('2024-03-01T15:00:00Z'), '2024-08-28T14:00:00.000Z');
  });
  test('agrees with referralEligibility: a sign-up at the expiry no longer counts, one before it does', () => {
    const registeredAt = '2024-03-01T15:00:00Z';
    const expires = opportunityExpiry(registeredAt);
    const at = (t: number) =>
      referralEligibility({
        method: 'opportunity',
        signedUpAt: new Date(t).toISOString(),
        now: new Date(t).toISOString(),
        opportunity: { registeredAt },
      });
    assert.equal(at(Date.parse(expires)).eligible, false);
    assert.equal(at(Date.parse(expires) - 1).eligible, true);
    assert.equal(at(Date.parse(expires)).deadline, expires);
  });
  test('a malformed date is invalid_date, not Invalid Date', () => {
    assert.throws(() => opportunityExpiry('soon'), { code: 'invalid_date' });
  });
});

describe('request schemas', () => {
  test('an opportunity needs a company; the rest is optional', () => {
    assert.equal(OpportunityInputSchema.safeParse({ company: 'Acme' }).success, true);
    assert.equal(OpportunityInputSchema.safeParse({ email: 'a@acme.example' }).success, false);
  });
  for (const bad of [
    { company: 'Acme\u0000' },
    { company: 'Acme', email: 'not-an-email' },
    { company: 'Acme', phone: '<script>' },
    { company: 'Acme', website: 'javascript:alert(1)' },
    { company: 'x'.repeat(201) },
  ]) {
    test(`refuses ${JSON.stringify(bad).slice(0, 60)}`, () => {
      assert.equal(OpportunityInputSchema.safeParse(bad).success, false);
    });
  }
  test('an update may clear an optional field with null, never the company', () => {
    assert.equal(OpportunityUpdateSchema.safeParse({ phone: null }).success, true);
    assert.equal(OpportunityUpdateSchema.safeParse({ company: null }).success, false);
    assert.equal(OpportunityUpdateSchema.safeParse({}).success, true);
  });
  test('post facto evidence keeps line breaks and refuses other control characters', () => {
    assert.equal(
      PostFactoInputSchema.safeParse({
        orderId: 'ord_1',
        evidence: 'Call notes:\n- met at the fair',
      }).success,
      true,
    );
    assert.equal(
      PostFactoInputSchema.safeParse({ orderId: 'ord_1', evidence: 'a\u001b[31m' }).success,
      false,
    );
    assert.equal(
      PostFactoInputSchema.safeParse({ orderId: 'ord_1', evidence: '   ' }).success,
      false,
    );
  });
});
