import { expect } from '@open-wc/testing';
import { isQuotekitError } from '@quotekit/core';
import { createClient } from './client.js';
import {
  clearOutboxes,
  clientFor,
  createHarness,
  rejection,
  seedOrder,
} from '../../test/api-harness.js';

describe('client: calls and answers', () => {
  beforeEach(() => clearOutboxes());

  it('catalog() validates the catalog', async () => {
    const catalog = await clientFor(createHarness()).catalog();
    expect(catalog.id).to.equal('luxsci');
    expect(catalog.products.some((p) => p.id === 'starter-plus-user')).to.equal(true);
  });

  it('validateOfferCode: the discount of a valid code, the reason for another', async () => {
    const client = clientFor(createHarness());
    expect(await client.validateOfferCode('ACME5')).to.deep.equal({
      valid: true,
      code: 'ACME5',
      discountRate: '0.05',
    });
    expect(await client.validateOfferCode('NOPE99')).to.deep.equal({
      valid: false,
      reason: 'unknown',
    });
  });

  it('saved quotes round-trip through the server', async () => {
    const client = clientFor(createHarness());
    const created = await client.createSavedQuote({
      quote: { lines: [{ product: 'starter-plus-user', quantity: 3 }] },
      offerCode: 'NW10',
    });
    const stored = await client.savedQuote(created.id);
    expect(stored.quote.lines).to.deep.equal([{ product: 'starter-plus-user', quantity: 3 }]);
    expect(stored.offerCode).to.equal('NW10');
    const missing = await rejection(client.savedQuote('nope'));
    expect(missing.code).to.equal('not_found');
    expect(missing.details?.status).to.equal(404);
  });

  it("a final 4xx carries the server's own code and is not retried", async () => {
    const harness = createHarness();
    const error = await rejection(
      clientFor(harness).submitOrder(
        seedOrder({ quote: { lines: [{ product: 'no-such-thing', quantity: 1 }] } }),
      ),
    );
    expect(error.code).to.equal('unknown_product');
    expect(error.details?.status).to.equal(422);
    expect(harness.log.filter((r) => r.path === '/v1/orders')).to.have.length(1);
  });

  it('an error answer without one of our codes is api_error, with what it sent', async () => {
    const page = '<html><body>Teapot</body></html>';
    const client = createClient({
      baseUrl: 'https://api.example',
      retries: 0,
      fetch: async () =>
        new Response(page, { status: 418, headers: { 'content-type': 'text/html' } }),
    });
    const error = await rejection(client.catalog());
    expect(error.code).to.equal('api_error');
    expect(error.details).to.deep.include({ status: 418, body: page });
    const coded = createClient({
      baseUrl: 'https://api.example',
      retries: 0,
      fetch: async () =>
        Response.json({ error: { code: 'teapot', message: 'No coffee.' } }, { status: 418 }),
    });
    const foreign = await rejection(coded.catalog());
    expect([foreign.code, foreign.details?.code, foreign.message]).to.deep.equal([
      'api_error',
      'teapot',
      'No coffee.',
    ]);
  });

  it('price_changed carries the server quote in details', async () => {
    const harness = createHarness();
    const client = clientFor(harness);
    const error = await rejection(
      client.submitOrder(seedOrder({ expectedMonthlyPayment: '1.00' })),
    );
    expect(error.code).to.equal('price_changed');
    const quote = error.details?.quote as { totals: { monthlyPayment: string } };
    expect(quote.totals.monthlyPayment).to.equal('300.00');
    expect(client.outbox(), 'a final 4xx leaves the outbox').to.have.length(0);
    expect(await harness.orders()).to.equal(0);
  });

  it('an order the API could never accept is refused before it is queued', async () => {
    const harness = createHarness();
    const client = clientFor(harness);
    const error = await rejection(
      client.submitOrder(seedOrder({ customer: { name: '', email: 'not-an-email' } })),
    );
    expect(error.code).to.equal('invalid_order');
    expect(client.outbox()).to.have.length(0);
    expect(harness.log).to.have.length(0);
  });

  it('invalid_response for a 2xx body outside the contract', async () => {
    const harness = createHarness();
    harness.inject('/v1/catalog', 'garbage');
    expect((await rejection(clientFor(harness).catalog())).code).to.equal('invalid_response');
  });

  it('retries network errors and 5xx with backoff, then succeeds', async () => {
    const harness = createHarness();
    harness.inject('/v1/offer-codes', 'network', { status: 503 }, { status: 500 });
    const answer = await clientFor(harness).validateOfferCode('ACME5');
    expect(answer.valid).to.equal(true);
    expect(harness.log).to.have.length(4);
  });

  it('gives up after `retries` further attempts', async () => {
    const harness = createHarness();
    harness.inject('/v1/catalog', 'network', 'network', 'network');
    const error = await rejection(clientFor(harness, { retries: 2 }).catalog());
    expect(error.code).to.equal('network_error');
    expect(harness.log).to.have.length(3);
  });

  it('waits at least Retry-After on a 429, then retries', async () => {
    const harness = createHarness();
    harness.inject('/v1/offer-codes', { status: 429, retryAfter: 1 });
    const started = performance.now();
    expect((await clientFor(harness).validateOfferCode('NW10')).valid).to.equal(true);
    const [first, second] = harness.log;
    expect(second!.at - first!.at).to.be.at.least(990);
    expect(performance.now() - started).to.be.below(3000);
  });

  it('answers rate_limited with retryAfter when the wait is longer than it will wait', async () => {
    const harness = createHarness({ limits: { offerCodeAttemptsPerMinute: 2 } });
    const client = clientFor(harness);
    // Wrong guesses use up the allowance; valid codes are given back.
    await client.validateOfferCode('NOPE1');
    await client.validateOfferCode('NOPE2');
    const error = await rejection(client.validateOfferCode('ACME5'));
    expect(error.code).to.equal('rate_limited');
    expect(error.details?.retryAfter).to.be.within(1, 60);
    expect(harness.log, 'not retried: the server asked for a minute').to.have.length(3);
  });

  it('times out a hung attempt (timeout), and retries it', async () => {
    const harness = createHarness();
    harness.inject('/v1/catalog', 'hang', 'hang');
    const error = await rejection(clientFor(harness, { timeoutMs: 50, retries: 1 }).catalog());
    expect(error.code).to.equal('timeout');
    expect(error.details?.timeoutMs).to.equal(50);
    expect(harness.log).to.have.length(2);
    harness.inject('/v1/catalog', 'hang');
    expect((await clientFor(harness, { timeoutMs: 50 }).catalog()).id).to.equal('luxsci');
  });

  it('an AbortSignal rejects at once with its reason and stops the retries', async () => {
    const harness = createHarness();
    harness.inject('/v1/catalog', 'hang');
    const controller = new AbortController();
    const pending = clientFor(harness).catalog({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect((error as unknown as DOMException).name).to.equal('AbortError');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.log).to.have.length(1);
    const already = await rejection(
      clientFor(harness).validateOfferCode('ACME5', { signal: AbortSignal.abort() }),
    );
    expect((already as unknown as DOMException).name).to.equal('AbortError');
  });

  it('every error is a QuotekitError with a message for people', async () => {
    const harness = createHarness();
    harness.inject('/v1/catalog', { status: 500 });
    const error = await rejection(clientFor(harness, { retries: 0 }).catalog());
    expect(isQuotekitError(error)).to.equal(true);
    expect(error.code).to.equal('internal_error');
    expect(error.details?.status).to.equal(500);
    expect(error.message).to.be.a('string').and.not.equal('');
  });
});
