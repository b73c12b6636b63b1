// The partner client in Chromium against the real Order API app, served by
// its Mock Service Worker handlers over a memory database.
import { expect } from '@open-wc/testing';
import { isQuotekitError, opportunityExpiry } from '@quotekit/core';
import { createStaffKey, seedDemoData } from '@quotekit/server/msw';
import { API, createHarness, fast, rejection, type Harness } from '../../test/api-harness.js';
import { createPartnerClient, type PartnerClient } from './partner-client.js';

let run = 0;

/** A harness with the demo partners and a client for `partner` with its own key. */
async function partnerFor(partner = 'ACME'): Promise<{ harness: Harness; client: PartnerClient }> {
  const harness = createHarness();
  await seedDemoData(harness.store);
  const { key } = await createStaffKey(harness.store, {
    name: `${partner} portal`,
    role: 'partner',
    partner,
  });
  const client = createPartnerClient({
    baseUrl: API,
    partnerKey: key,
    fetch: harness.fetch,
    ...fast,
  });
  return { harness, client };
}

/** Places a web order for 25 Starter Plus users through the harness; answers its id. */
async function placeOrder(harness: Harness, email: string, extra: Record<string, unknown> = {}) {
  const res = await harness.fetch(`${API}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `order-${++run}` },
    body: JSON.stringify({
      quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }] },
      expectedMonthlyPayment: '100.00',
      customer: { name: 'Ann Lee', email },
      channel: 'web',
      ...extra,
    }),
  });
  expect(res.status).to.equal(201);
  return (await res.json()).order.id as string;
}

describe('createPartnerClient', () => {
  it('refuses a missing or malformed partner key with invalid_options, before any request', () => {
    for (const partnerKey of ['', '  ', 'two words', undefined]) {
      let error: unknown;
      try {
        createPartnerClient({ baseUrl: API, partnerKey: partnerKey as string });
      } catch (caught) {
        error = caught;
      }
      expect(isQuotekitError(error) && error.code).to.equal('invalid_options');
    }
  });

  it('registers, lists and edits opportunities; an edit renews them', async () => {
    const { client } = await partnerFor();
    const created = await client.registerOpportunity({
      company: 'Globex',
      email: 'it@globex.example',
      phone: '+1 617 555 0100',
    });
    expect(created.opportunity.status).to.equal('active');
    expect(created.expiresAt).to.equal(opportunityExpiry(created.opportunity.createdAt));
    expect((await client.opportunities()).map((o) => o.id)).to.deep.equal([created.id]);
    const edited = await client.updateOpportunity(created.id, { phone: null, contactName: 'Hank' });
    expect(edited.phone).to.equal(undefined);
    expect(edited.contactName).to.equal('Hank');
    expect(edited.expiresAt).to.equal(opportunityExpiry(edited.updatedAt));
  });

  it('another partner’s opportunity is not_found, a bad body invalid_request, both typed', async () => {
    const { harness, client } = await partnerFor();
    const { key } = await createStaffKey(harness.store, {
      name: 'NW portal',
      role: 'partner',
      partner: 'NORTHWIND',
    });
    const northwind = createPartnerClient({
      baseUrl: API,
      partnerKey: key,
      fetch: harness.fetch,
      ...fast,
    });
    const theirs = await northwind.registerOpportunity({ company: 'Initech' });
    const notFound = await rejection(client.updateOpportunity(theirs.id, { company: 'Mine' }));
    expect(notFound.code).to.equal('not_found');
    expect(notFound.details?.status).to.equal(404);
    const invalid = await rejection(client.registerOpportunity({ company: '' }));
    expect(invalid.code).to.equal('invalid_request');
    expect((invalid.details?.problems as { path: string }[])[0]?.path).to.equal('company');
  });

  it('asks for post facto once per order while pending, and lists the requests', async () => {
    const { harness, client } = await partnerFor();
    const orderId = await placeOrder(harness, 'ann@hooli.example');
    const asked = await client.requestPostFacto({ orderId, evidence: 'Referred at a meetup.' });
    expect(asked.status).to.equal('pending');
    expect((await client.requestPostFacto({ orderId, evidence: 'again' })).id).to.equal(asked.id);
    expect((await client.postFactoRequests()).map((r) => r.id)).to.deep.equal([asked.id]);
  });

  it('post facto on an order that has a referrer is already_attributed', async () => {
    const { harness, client } = await partnerFor();
    const orderId = await placeOrder(harness, 'bob@piedpiper.example', {
      quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'NW10' },
      expectedMonthlyPayment: '90.00',
    });
    const error = await rejection(client.requestPostFacto({ orderId, evidence: 'Mine.' }));
    expect(error.code).to.equal('already_attributed');
    expect(error.details?.status).to.equal(409);
  });

  it('counts today’s clicks through the partner’s links', async () => {
    const { harness, client } = await partnerFor();
    for (let i = 0; i < 2; i++) {
      const res = await harness.fetch(`${API}/v1/attribution`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ affiliate: 'ACME' }),
      });
      expect(res.status).to.equal(200);
    }
    const today = new Date().toISOString().slice(0, 10);
    const clicks = await client.clicks({ from: today, to: today });
    expect(clicks).to.deep.equal({
      from: today,
      to: today,
      total: 2,
      days: [{ date: today, clicks: 2 }],
    });
    expect((await client.clicks()).days.length).to.equal(30);
  });

  it('sets the payout method; a check outside the US is invalid_method', async () => {
    const { harness, client } = await partnerFor();
    expect(await client.setPayoutMethod({ method: 'account_credit' })).to.deep.equal({
      method: 'account_credit',
      paypalEmail: null,
    });
    await harness.store.updatePartner('ACME', { country: 'DE' });
    const error = await rejection(client.setPayoutMethod({ method: 'check' }));
    expect(error.code).to.equal('invalid_method');
    expect((await harness.store.getPartner('ACME'))?.payout.method).to.equal('account_credit');
  });

  it('a revoked or unknown key is unauthorized', async () => {
    const { harness } = await partnerFor();
    const stranger = createPartnerClient({
      baseUrl: API,
      partnerKey: 'qk_partner_unknown',
      fetch: harness.fetch,
      ...fast,
    });
    expect((await rejection(stranger.opportunities())).code).to.equal('unauthorized');
  });

  it('retries a read after a network failure, but sends a registration only once', async () => {
    const { harness, client } = await partnerFor();
    harness.inject('/v1/partner/opportunities', 'network');
    expect(await client.opportunities()).to.deep.equal([]);
    // The server registers it, then the answer is lost: a retry would register it twice.
    harness.inject('/v1/partner/opportunities', 'lost');
    const error = await rejection(client.registerOpportunity({ company: 'Lost Inc' }));
    expect(error.code).to.equal('network_error');
    const posts = harness.log.filter(
      (entry) => entry.method === 'POST' && entry.path === '/v1/partner/opportunities',
    );
    expect(posts.length).to.equal(1);
    expect((await client.opportunities()).map((o) => o.company)).to.deep.equal(['Lost Inc']);
  });

  it('an aborted call rejects with the signal’s reason', async () => {
    const { harness, client } = await partnerFor();
    harness.inject('/v1/partner/clicks', 'hang');
    const controller = new AbortController();
    const pending = client.clicks({}, { signal: controller.signal });
    const reason = new DOMException('left the page', 'AbortError');
    controller.abort(reason);
    expect(await rejection(pending)).to.equal(reason);
  });

  it('reads the account, referrals, ledger and payouts the ledger keeps for the partner', async () => {
    const { harness, client } = await partnerFor();
    const orderId = await placeOrder(harness, 'ann@hooli.example', {
      quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
      expectedMonthlyPayment: '95.00',
    });
    const { key: billing } = await createStaffKey(harness.store, {
      name: 'Billing',
      role: 'billing',
    });
    const now = new Date();
    const res = await harness.fetch(`${API}/v1/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${billing}` },
      body: JSON.stringify({
        id: 'st-1',
        orderId,
        period: now.toISOString().slice(0, 7),
        issuedAt: now.toISOString(),
        lines: [{ product: 'starter-plus-user', amount: '95.00' }],
        paidInFullAt: now.toISOString(),
      }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    // Seed 001: $95.00 a month is the 10 % tier, less the 5 % ACME5 gave: 5 % of $95.00 value.
    const account = await client.account();
    expect(account.partner.id).to.equal('ACME');
    expect([account.balance, account.pending, account.payable]).to.deep.equal([
      '4.75',
      '4.75',
      '0.00',
    ]);
    const { referrals, nextCursor } = await client.referrals();
    expect(nextCursor).to.equal(null);
    expect(referrals.map((r) => [r.orderId, r.method, r.commissionToDate])).to.deep.equal([
      [orderId, 'offer_code', '4.75'],
    ]);
    const ledger = await client.ledger({ limit: 1 });
    expect(ledger.entries.map((e) => [e.type, e.amount, e.balanceAfter])).to.deep.equal([
      ['commission', '4.75', '4.75'],
    ]);
    expect(ledger.nextCursor).to.equal(null);
    expect(await client.payouts()).to.deep.equal([]);
    const bad = await rejection(client.ledger({ limit: 0 }));
    expect(bad.code).to.equal('invalid_request');
  });
});
