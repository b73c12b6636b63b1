// Billing statements, the ledger, payout runs, closing and the partner's own
// views (seed 001 §1, §5, §7–§9, §12; seed 000), through the real app on
// PGlite and on PostgreSQL. Each test makes its own partners, so tests share
// one database per suite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  LedgerPageSchema,
  PartnerAccountSchema,
  PartnerReferralListSchema,
  PayoutRunResponseSchema,
  StatementAnswerSchema,
  type Order,
} from '@quotekit/core';
import {
  openPGliteDatabase,
  openPostgresDatabase,
  seedDemoData,
  type Database,
} from '@quotekit/server';
import { createStaffKey } from '../staff.js';
import { bearer, expectError, START, testApp, type App } from '../../test/harness.js';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from '../../test/postgres.js';

let sequence = 0;
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36).slice(-5)}${++sequence}`.toUpperCase();

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The seed's check: 25 users at $4 (100 %) and a Px2 at $200 (75 %), 5 % off with the code. */
const SEED_BILL = [
  { product: 'starter-plus-user', amount: '95.00' },
  { product: 'dedicated-px2', amount: '190.00' },
];

interface World {
  app: App;
  db: Database;
  now: Date;
  keys: { admin: string; billing: string; sales: string };
}

/** Helpers over one app: partners with a code and a key, orders, statements. */
function actions(w: World) {
  const request = (path: string, init: RequestInit = {}) => w.app.request(path, init);
  const admin = (method: string, path: string, body?: unknown) =>
    body === undefined
      ? request(path, { method, headers: bearer(w.keys.admin) })
      : request(path, json(method, body, bearer(w.keys.admin)));
  return {
    request,
    admin,
    /** A new partner with a 5 % offer code and its partner key. */
    async partner(
      options: {
        kind?: 'affiliate' | 'reseller';
        payout?: Record<string, string>;
        country?: string;
        linkedPartner?: string;
      } = {},
    ) {
      const id = unique('P');
      const res = await admin('POST', '/v1/partners', {
        id,
        kind: options.kind ?? 'affiliate',
        name: `Partner ${id}`,
        email: `partner@${id.toLowerCase()}.example`,
        country: options.country ?? 'US',
        payout: options.payout ?? {
          method: 'paypal',
          paypalEmail: `pay@${id.toLowerCase()}.example`,
        },
        ...(options.linkedPartner === undefined ? {} : { linkedPartner: options.linkedPartner }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const code = `${id}5`;
      const made = await admin('POST', `/v1/partners/${id}/offer-codes`, {
        code,
        discountRate: '0.05',
      });
      assert.equal(made.status, 201, await made.clone().text());
      const { key } = await createStaffKey(w.db, {
        name: `${id} portal`,
        role: 'partner',
        partner: id,
      });
      return { id, code, key };
    },
    /** A web order for the seed's lines with `code`, placed at the clock's time. */
    async order(code?: string, email = 'ann@customer.example'): Promise<Order> {
      const res = await request(
        '/v1/orders',
        json(
          'POST',
          {
            quote: {
              lines: [
                { product: 'starter-plus-user', quantity: 25 },
                { product: 'dedicated-px2', quantity: 1 },
              ],
              ...(code === undefined ? {} : { offerCode: code }),
            },
            expectedMonthlyPayment: code === undefined ? '300.00' : '285.00',
            customer: { name: 'Ann Lee', email, phone: '+1 617 555 0100', company: 'Customer Co' },
            channel: 'web',
          },
          { 'idempotency-key': unique('key') },
        ),
      );
      assert.equal(res.status, 201, await res.clone().text());
      return (await res.json()).order as Order;
    },
    statement: (body: unknown, key = w.keys.billing) =>
      request('/v1/statements', json('POST', body, bearer(key))),
    pay: (id: string, paidInFullAt: string) =>
      request(
        `/v1/statements/${id}/payments`,
        json('POST', { paidInFullAt }, bearer(w.keys.billing)),
      ),
    chargeBack: (id: string, body: Record<string, unknown>) =>
      request(`/v1/statements/${id}/chargebacks`, json('POST', body, bearer(w.keys.billing))),
    async account(key: string) {
      const res = await request('/v1/partner', { headers: bearer(key) });
      assert.equal(res.status, 200, await res.clone().text());
      return PartnerAccountSchema.parse(await res.json());
    },
    async ledger(key: string) {
      const res = await request('/v1/partner/ledger', { headers: bearer(key) });
      assert.equal(res.status, 200, await res.clone().text());
      return LedgerPageSchema.parse(await res.json()).entries;
    },
  };
}

function ledgerSuite(open: () => Promise<Database>) {
  const w = { now: new Date(START) } as World;
  let a: ReturnType<typeof actions>;
  before(async () => {
    w.db = await open();
    await seedDemoData(w.db);
    w.app = testApp(w.db, () => w.now, []);
    w.keys = {
      admin: (await createStaffKey(w.db, { name: 'Ops', role: 'admin' })).key,
      billing: (await createStaffKey(w.db, { name: 'Billing', role: 'billing' })).key,
      sales: (await createStaffKey(w.db, { name: 'Rep', role: 'sales' })).key,
    };
    a = actions(w);
  });
  after(() => w.db.close());
  const at = (iso: string) => (w.now = new Date(iso));

  test('a referral statement earns the tier rate less the offer-code discount on its affiliate-class value: 5 % of 237.50 = 11.88, unpaid', async () => {
    at(START.toISOString());
    const p = await a.partner();
    const order = await a.order(p.code);
    const id = unique('st');
    const body = {
      id,
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: SEED_BILL,
    };
    const res = await a.statement(body);
    assert.equal(res.status, 201, await res.clone().text());
    const answer = StatementAnswerSchema.parse(await res.json());
    assert.equal(answer.statement.figures.monthlyValue.affiliate, '237.50');
    assert.deepEqual(answer.commission, {
      partner: p.id,
      tierRate: '0.10',
      rate: '0.05',
      amount: '11.88',
      status: 'unpaid',
      payableAt: null,
    });
    assert.equal(answer.credit, null);
    // Unpaid: nothing is granted yet.
    assert.deepEqual(await a.ledger(p.key), []);
  });

  test('the same statement id and body again answers 200 with the same statement; another body is 409 statement_conflict', async () => {
    const p = await a.partner();
    const order = await a.order(p.code);
    const body = {
      id: unique('st'),
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: SEED_BILL,
      paidInFullAt: '2026-04-02T12:00:00Z',
    };
    const first = await a.statement(body);
    assert.equal(first.status, 201);
    // The same statement, its amounts spelled otherwise, is a retry.
    const again = await a.statement({
      ...body,
      lines: [
        { product: 'starter-plus-user', amount: 95 },
        { product: 'dedicated-px2', amount: '190.0' },
      ],
    });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), await first.json());
    await expectError(await a.statement({ ...body, period: '2026-04' }), 409, 'statement_conflict');
    // One commission, however often it was posted.
    assert.equal((await a.ledger(p.key)).length, 1);
  });

  test('a statement needs a billing or admin key: none 401, a sales or partner key 403', async () => {
    const p = await a.partner();
    const body = {
      id: unique('st'),
      orderId: 'ord_x',
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: SEED_BILL,
    };
    await expectError(await a.request('/v1/statements', json('POST', body)), 401, 'unauthorized');
    await expectError(await a.statement(body, w.keys.sales), 403, 'forbidden');
    await expectError(await a.statement(body, p.key), 403, 'forbidden');
    await expectError(await a.statement(body, w.keys.admin), 404, 'unknown_order');
  });

  const refusals: Array<[string, Record<string, unknown>, number, string]> = [
    ['an unknown order', { orderId: 'ord_nope' }, 404, 'unknown_order'],
    [
      'a negative amount',
      { lines: [{ product: 'starter-plus-user', amount: '-5.00' }] },
      422,
      'invalid_amount',
    ],
    [
      'a non-decimal amount',
      { lines: [{ product: 'starter-plus-user', amount: '5,00' }] },
      422,
      'invalid_amount',
    ],
    ['a period that is not a month', { period: '2026-13' }, 422, 'invalid_date'],
    [
      'an unknown product',
      { lines: [{ product: 'warp-drive', amount: '5.00' }] },
      422,
      'unknown_product',
    ],
    ['a currency other than USD', { currency: 'EUR' }, 422, 'invalid_currency'],
    ['both orderId and partner', { partner: 'ACME', subClients: ['a'] }, 400, 'invalid_request'],
  ];
  for (const [name, change, status, code] of refusals) {
    test(`${name} is ${status} ${code}, and nothing is stored`, async () => {
      const p = await a.partner();
      const order = await a.order(p.code);
      const id = unique('st');
      const body = {
        id,
        orderId: order.id,
        period: '2026-03',
        issuedAt: '2026-03-31',
        lines: SEED_BILL,
        ...change,
      };
      await expectError(await a.statement(body), status, code);
      assert.equal(await w.db.getStatement(id), null);
      assert.deepEqual(await a.ledger(p.key), []);
    });
  }

  test('a payment grants the commission: pending until the customer is more than 30 days old, then payable', async () => {
    at(START.toISOString());
    const p = await a.partner();
    const order = await a.order(p.code);
    const id = unique('st');
    await a.statement({
      id,
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-05',
      lines: SEED_BILL,
    });
    at('2026-03-10T12:00:00Z');
    const paid = await a.pay(id, '2026-03-10T12:00:00Z');
    assert.equal(paid.status, 200, await paid.clone().text());
    const answer = StatementAnswerSchema.parse(await paid.json());
    // The order was placed 2026-03-02 05:00 New York time: payable 30 New York days later.
    assert.equal(answer.commission?.status, 'pending');
    assert.equal(answer.commission?.payableAt, '2026-04-01T09:00:00.001Z');
    const [entry] = await a.ledger(p.key);
    assert.deepEqual(
      {
        type: entry?.type,
        amount: entry?.amount,
        payableAt: entry?.payableAt,
        balanceAfter: entry?.balanceAfter,
      },
      {
        type: 'commission',
        amount: '11.88',
        payableAt: '2026-04-01T09:00:00.001Z',
        balanceAfter: '11.88',
      },
    );
    let account = await a.account(p.key);
    assert.deepEqual(
      [account.balance, account.payable, account.pending],
      ['11.88', '0.00', '11.88'],
    );
    at('2026-04-01T09:00:00.001Z');
    account = await a.account(p.key);
    assert.deepEqual(
      [account.balance, account.payable, account.pending],
      ['11.88', '11.88', '0.00'],
    );
    // Below PayPal's minimum: April's run would roll it over.
    assert.deepEqual(
      [account.nextPayout.month, account.nextPayout.willPay, account.nextPayout.reason],
      ['2026-04', false, 'below_minimum'],
    );
    // The same payment again changes nothing; another date is a conflict.
    assert.equal((await a.pay(id, '2026-03-10T12:00:00Z')).status, 200);
    await expectError(await a.pay(id, '2026-03-11T12:00:00Z'), 409, 'statement_conflict');
    assert.equal((await a.ledger(p.key)).length, 1);
  });

  test('a month that has not ended cannot run (422 month_not_ended); an ended one pays PayPal above $25 once, and its CSV names the partner', async () => {
    at(START.toISOString());
    const p = await a.partner();
    const order = await a.order(p.code);
    const id = unique('st');
    // 1,000.00 of users: 10 % tier less 5 % → 50.00.
    await a.statement({
      id,
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '1000.00' }],
      paidInFullAt: '2026-04-02T12:00:00Z',
    });
    at('2026-04-30T12:00:00Z');
    const early = await a.admin('POST', '/v1/payout-runs', { month: '2026-04' });
    const error = await expectError(early, 422, 'month_not_ended');
    assert.equal(error.details?.endsAt, '2026-05-01T04:00:00.000Z');
    at('2026-05-01T12:00:00Z');
    const res = await a.admin('POST', '/v1/payout-runs', { month: '2026-04' });
    assert.equal(res.status, 201, await res.clone().text());
    const { run } = PayoutRunResponseSchema.parse(await res.json());
    const mine = run.payouts.find((line) => line.partner === p.id);
    assert.deepEqual(
      [mine?.amount, mine?.carried, mine?.method, mine?.reason],
      ['50.00', '0.00', 'paypal', null],
    );
    const again = await a.admin('POST', '/v1/payout-runs', { month: '2026-04' });
    assert.equal(again.status, 200);
    assert.deepEqual(PayoutRunResponseSchema.parse(await again.json()).run, run);
    const entries = await a.ledger(p.key);
    assert.deepEqual(
      entries.map((e) => [e.type, e.amount, e.balanceAfter]),
      [
        ['commission', '50.00', '50.00'],
        ['payout', '-50.00', '0.00'],
      ],
    );
    const csv = await a.request('/v1/payout-runs/2026-04', {
      headers: { ...bearer(w.keys.admin), accept: 'text/csv' },
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).split('\r\n');
    assert.equal(lines[0], '"partner","name","method","paypal_email_or_country","amount"');
    assert.ok(
      lines.includes(
        `"${p.id}","Partner ${p.id}","paypal","pay@${p.id.toLowerCase()}.example","50.00"`,
      ),
      lines.join('\n'),
    );
    const payouts = await a.request('/v1/partner/payouts', { headers: bearer(p.key) });
    assert.deepEqual(
      (await payouts.json()).payouts.map((x: { amount: string }) => x.amount),
      ['50.00'],
    );
  });

  test('a charge-back after the payout makes the balance negative, and closing is then 409 negative_balance', async () => {
    at(START.toISOString());
    const p = await a.partner();
    const order = await a.order(p.code);
    const id = unique('st');
    await a.statement({
      id,
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '1000.00' }],
      paidInFullAt: '2026-05-02T12:00:00Z',
    });
    // May's run, which no other test makes, pays the 50.00.
    at('2026-06-01T12:00:00Z');
    const run = await a.admin('POST', '/v1/payout-runs', { month: '2026-05' });
    assert.equal(run.status, 201);
    at('2026-06-03T12:00:00Z');
    const unpaid = unique('st');
    await a.statement({
      id: unpaid,
      orderId: order.id,
      period: '2026-04',
      issuedAt: '2026-04-30',
      lines: SEED_BILL,
    });
    await expectError(await a.chargeBack(unpaid, { at: '2026-06-03' }), 409, 'statement_not_paid');
    await expectError(await a.chargeBack(id, { at: '2026-05-01' }), 422, 'invalid_date');
    const res = await a.chargeBack(id, { at: '2026-06-03T12:00:00Z', reason: 'card disputed' });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(StatementAnswerSchema.parse(await res.json()).commission?.status, 'charged_back');
    const account = await a.account(p.key);
    assert.equal(account.balance, '-50.00');
    const closing = await expectError(
      await a.admin('POST', `/v1/partners/${p.id}/close`),
      409,
      'negative_balance',
    );
    assert.equal(closing.details?.balance, '-50.00');
    await expectError(
      await a.chargeBack(id, { at: '2026-06-04T12:00:00Z' }),
      409,
      'statement_conflict',
    );
  });

  test('closing pays the eligible balance in a final payout, closes the partner and its codes stop validating', async () => {
    at(START.toISOString());
    const p = await a.partner({ payout: { method: 'check' }, country: 'US' });
    const order = await a.order(p.code);
    await a.statement({
      id: unique('st'),
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '500.00' }],
      paidInFullAt: '2026-04-02T12:00:00Z',
    });
    at('2026-04-10T12:00:00Z');
    const res = await a.admin('POST', `/v1/partners/${p.id}/close`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    assert.equal(body.partner.status, 'closed');
    // A check of exactly $25.00 is paid (seed 001 §8: "greater than or equal to $25").
    assert.deepEqual(
      [body.payout.kind, body.payout.amount, body.payout.method],
      ['final', '25.00', 'check'],
    );
    assert.equal((await a.account(p.key)).balance, '0.00');
    const check = await a.request('/v1/offer-codes/validate', json('POST', { code: p.code }));
    assert.equal((await check.json()).valid, false);
  });

  test("a reseller's own bill answers its credit from 3 distinct sub-clients, recorded as reseller_credit without changing the balance", async () => {
    const r = await a.partner({ kind: 'reseller', payout: { method: 'account_credit' } });
    const bill = (subClients: string[]) => ({
      id: unique('bill'),
      partner: r.id,
      subClients,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [
        { product: 'starter-plus-user', amount: '100.00' },
        { product: 'dedicated-px2', amount: '200.00' },
      ],
    });
    const few = await a.statement(bill(['a', 'B', ' b ']));
    assert.equal(few.status, 201);
    assert.deepEqual(StatementAnswerSchema.parse(await few.json()).credit, {
      partner: r.id,
      rate: '0.00',
      amount: '0.00',
      subClients: 2,
      reason: 'too_few_sub_clients',
    });
    const res = await a.statement(bill(['a', 'b', 'c']));
    const answer = StatementAnswerSchema.parse(await res.json());
    // Seed 000 §4: 100 % × 100 + 75 % × 200 = 250.00 of value, 10 % credit.
    assert.deepEqual(answer.credit, {
      partner: r.id,
      rate: '0.10',
      amount: '25.00',
      subClients: 3,
    });
    assert.equal(answer.commission, null);
    const entries = await a.ledger(r.key);
    assert.deepEqual(
      entries.map((e) => [e.type, e.amount, e.balanceAfter, e.statementId]),
      [['reseller_credit', '25.00', '0.00', answer.statement.id]],
    );
    await expectError(
      await a.statement({ ...bill(['a', 'b', 'c']), partner: 'ACME' }),
      422,
      'invalid_input',
    );
  });

  test("a reseller's bill charged back takes its credit back as a reseller_credit of -25.00, the balance unchanged, once", async () => {
    const r = await a.partner({ kind: 'reseller', payout: { method: 'account_credit' } });
    const id = unique('bill');
    const res = await a.statement({
      id,
      partner: r.id,
      subClients: ['a', 'b', 'c'],
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [
        { product: 'starter-plus-user', amount: '100.00' },
        { product: 'dedicated-px2', amount: '200.00' },
      ],
      paidInFullAt: '2026-04-02',
    });
    assert.equal(res.status, 201);
    for (let i = 0; i < 2; i++) {
      const back = await a.chargeBack(id, { at: '2026-04-20', reason: 'card disputed' });
      assert.equal(back.status, 200, await back.clone().text());
    }
    assert.deepEqual(
      (await a.ledger(r.key)).map((e) => [e.type, e.amount, e.balanceAfter, e.statementId]),
      [
        ['reseller_credit', '25.00', '0.00', id],
        ['reseller_credit', '-25.00', '0.00', id],
      ],
    );
    assert.equal((await a.account(r.key)).balance, '0.00');
  });

  test("linked accounts: the reseller's credit counts the affiliate's referred accounts, the affiliate's tier counts the reseller's bill, and no commission on the reseller's own account", async () => {
    at(START.toISOString());
    const affiliate = await a.partner();
    const order = await a.order(affiliate.code);
    await a.statement({
      id: unique('st'),
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '100.00' }],
    });
    const reseller = await a.partner({
      kind: 'reseller',
      payout: { method: 'account_credit' },
      linkedPartner: affiliate.id,
    });
    // 40.00 alone is below the reseller's first tier; with the affiliate's 100.00 it is 10 %.
    const bill = await a.statement({
      id: unique('bill'),
      partner: reseller.id,
      subClients: ['a', 'b', 'c'],
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: [{ product: 'starter-plus-user', amount: '40.00' }],
    });
    assert.deepEqual(StatementAnswerSchema.parse(await bill.json()).credit, {
      partner: reseller.id,
      rate: '0.10',
      amount: '4.00',
      subClients: 3,
    });
    assert.equal((await a.account(affiliate.key)).tier.totalMonthlyPayments, '140.00');
    const own = await a.order(affiliate.code, `partner@${reseller.id.toLowerCase()}.example`);
    const res = await a.statement({
      id: unique('st'),
      orderId: own.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: SEED_BILL,
    });
    const commission = StatementAnswerSchema.parse(await res.json()).commission;
    assert.deepEqual([commission?.amount, commission?.reason], ['0.00', 'reseller_account']);
  });

  test("a reseller's bill without subClients is 400 invalid_request, and nothing is stored", async () => {
    const reseller = await a.partner({ kind: 'reseller', payout: { method: 'account_credit' } });
    const id = unique('bill');
    await expectError(
      await a.statement({
        id,
        partner: reseller.id,
        period: '2026-03',
        issuedAt: '2026-03-31',
        lines: SEED_BILL,
      }),
      400,
      'invalid_request',
    );
    assert.equal(await w.db.getStatement(id), null);
  });

  test('imported referrals from before 2012-03-01 count toward the tier and earn nothing; later ones are 422 invalid_date', async () => {
    const p = await a.partner();
    const res = await a.admin('POST', `/v1/partners/${p.id}/referrals`, {
      company: 'Old Co',
      signedUpAt: '2011-05-01',
      monthlyPayments: '600.00',
    });
    assert.equal(res.status, 201, await res.clone().text());
    const account = await a.account(p.key);
    assert.deepEqual(
      [
        account.tier.totalMonthlyPayments,
        account.tier.rate,
        account.tier.contactSales,
        account.tier.nextTier,
      ],
      ['600.00', '0.10', true, null],
    );
    await expectError(
      await a.admin('POST', `/v1/partners/${p.id}/referrals`, {
        company: 'New Co',
        signedUpAt: '2012-03-01',
        monthlyPayments: '10.00',
      }),
      422,
      'invalid_date',
    );
    await expectError(
      await a.admin('POST', '/v1/partners/NOPE00/referrals', {
        company: 'X',
        signedUpAt: '2011-01-01',
        monthlyPayments: '1',
      }),
      404,
      'not_found',
    );
  });

  test("a partner sees its own referrals without the customer's name, email or phone, and never another partner's", async () => {
    at(START.toISOString());
    const p = await a.partner();
    const other = await a.partner();
    const order = await a.order(p.code, 'secret.person@customer.example');
    await a.statement({
      id: unique('st'),
      orderId: order.id,
      period: '2026-03',
      issuedAt: '2026-03-31',
      lines: SEED_BILL,
      paidInFullAt: '2026-04-02',
    });
    const res = await a.request('/v1/partner/referrals', { headers: bearer(p.key) });
    const text = await res.text();
    for (const secret of ['secret.person', 'Ann Lee', '555'])
      assert.ok(!text.includes(secret), secret);
    const { referrals } = PartnerReferralListSchema.parse(JSON.parse(text));
    assert.deepEqual(referrals, [
      {
        orderId: order.id,
        signedUpAt: order.createdAt,
        method: 'offer_code',
        company: 'Customer Co',
        status: 'active',
        latestMonthlyPayment: '285.00',
        latestMonthlyValue: '237.50',
        commissionToDate: '11.88',
      },
    ]);
    const theirs = await a.request('/v1/partner/referrals', { headers: bearer(other.key) });
    assert.deepEqual((await theirs.json()).referrals, []);
    assert.deepEqual(await a.ledger(other.key), []);
    // An admin key acts for no partner.
    await expectError(
      await a.request('/v1/partner/ledger', { headers: bearer(w.keys.admin) }),
      403,
      'forbidden',
    );
    await expectError(await a.request('/v1/partner'), 401, 'unauthorized');
  });

  test('the ledger pages oldest first with a cursor', async () => {
    const p = await a.partner();
    for (let i = 0; i < 3; i++) {
      const order = await a.order(p.code);
      await a.statement({
        id: unique('st'),
        orderId: order.id,
        period: '2026-03',
        issuedAt: '2026-03-31',
        lines: SEED_BILL,
        paidInFullAt: '2026-04-02',
      });
    }
    const first = LedgerPageSchema.parse(
      await (await a.request('/v1/partner/ledger?limit=2', { headers: bearer(p.key) })).json(),
    );
    assert.equal(first.entries.length, 2);
    const rest = LedgerPageSchema.parse(
      await (
        await a.request(`/v1/partner/ledger?limit=2&cursor=${first.nextCursor}`, {
          headers: bearer(p.key),
        })
      ).json(),
    );
    assert.deepEqual(
      [...first.entries, ...rest.entries].map((e) => e.balanceAfter),
      ['11.88', '23.76', '35.64'],
    );
    assert.equal(rest.nextCursor, null);
    await expectError(
      await a.request('/v1/partner/ledger?cursor=x', { headers: bearer(p.key) }),
      400,
      'invalid_request',
    );
  });
}

describe('statements, ledger and payouts on PGlite', () => {
  ledgerSuite(() => openPGliteDatabase());
});

const schema = freshSchema('qk_ledger');
describe('statements, ledger and payouts on PostgreSQL', { skip: pgSkip }, () => {
  after(() => dropSchemas(schema));
  ledgerSuite(() => openPostgresDatabase({ connectionString: pgUrl!, schema }));
});
