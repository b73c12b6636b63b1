// A partner program for partner-portal tests: the real Order API app over a
// memory database of the test's own, with a clock the test moves, and what
// the vendor's billing system and admins do to it (orders, statements,
// payments, charge-backs, payout runs), through the API as they would.
import { createMemoryDatabase, createStaffKey, seedDemoData } from '@quotekit/server/msw';
import { expect } from '@open-wc/testing';
import { api } from './api.js';

let run = 0;

/** The seed's bill: 25 users at $4 and a Px2 at $200, 5 % off with the code ($237.50 of value). */
const BILL = [
  { product: 'starter-plus-user', amount: '95.00' },
  { product: 'dedicated-px2', amount: '190.00' },
];

export type World = Awaited<ReturnType<typeof partnerWorld>>;

/** ACME and NORTHWIND as `npm start` seeds them, with a key for each role, the clock at `start`. */
export async function partnerWorld(start = '2026-01-05T15:00:00.000Z') {
  const db = createMemoryDatabase();
  let now = new Date(start);
  await seedDemoData(db, now);
  const base = await api({ db, clock: () => now });
  const key = async (role: 'admin' | 'billing' | 'partner', partner?: string) =>
    (
      await createStaffKey(db, {
        name: `${partner ?? role} key`,
        role,
        ...(partner ? { partner } : {}),
      })
    ).key;
  const keys = { admin: await key('admin'), billing: await key('billing') };
  const send = async (path: string, method: string, body: unknown, bearer?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `portal-${++run}`,
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).to.be.below(300);
    return res.json();
  };
  return {
    base,
    db,
    keys,
    /** A partner key for `partner` (default ACME). */
    partnerKey: (partner = 'ACME') => key('partner', partner),
    /** The server's time is now `at`. */
    at(at: string) {
      now = new Date(at);
    },
    now: () => now.getTime(),
    /** A web order with `code` at the clock's time; answers its id. */
    async order(code: string | null, company = 'Customer Co'): Promise<string> {
      const answer = await send('/v1/orders', 'POST', {
        quote: {
          lines: [{ product: 'starter-plus-user', quantity: 25 }],
          ...(code ? { offerCode: code } : {}),
        },
        expectedMonthlyPayment: code ? '95.00' : '100.00',
        customer: { name: 'Ann Lee', email: `ann${++run}@customer.example`, company },
        channel: 'web',
      });
      return answer.order.id as string;
    },
    /** The vendor bills `orderId` for `period` ("2026-01"), paid in full at `paidAt` when given. */
    statement: (id: string, orderId: string, period: string, paidAt?: string, lines = BILL) =>
      send(
        '/v1/statements',
        'POST',
        {
          id,
          orderId,
          period,
          issuedAt: `${period}-02T12:00:00.000Z`,
          lines,
          ...(paidAt ? { paidInFullAt: paidAt } : {}),
        },
        keys.billing,
      ),
    /** A visit through `partner`'s link at the clock's time. */
    click: (partner = 'ACME') => send('/v1/attribution', 'POST', { affiliate: partner }),
    /** A reseller with a partner key; `country` decides whether checks can pay it. */
    async reseller(id: string, country = 'US') {
      await send(
        '/v1/partners',
        'POST',
        {
          id,
          kind: 'reseller',
          name: `Reseller ${id}`,
          email: `resell@${id.toLowerCase()}.example`,
          country,
          payout: { method: 'account_credit' },
        },
        keys.admin,
      );
      return key('partner', id);
    },
    /** A reseller's own bill for `period`, naming the sub-clients it serves. */
    resellerBill: (id: string, partner: string, period: string, subClients: string[]) =>
      send(
        '/v1/statements',
        'POST',
        {
          id,
          partner,
          subClients,
          period,
          issuedAt: `${period}-02T12:00:00.000Z`,
          lines: BILL,
          paidInFullAt: `${period}-05T12:00:00.000Z`,
        },
        keys.billing,
      ),
    chargeBack: (id: string, at: string) =>
      send(`/v1/statements/${id}/chargebacks`, 'POST', { at }, keys.billing),
    payouts: (month: string) => send('/v1/payout-runs', 'POST', { month }, keys.admin),
  };
}

/**
 * ACME's year so far: Globex with its offer code, billed $285.00 a month
 * January to March ($11.88 commission a month: the 10 % tier less the 5 %
 * discount on $237.50 of value), paid out by the March run ($35.64);
 * Initech in April, billed $95.00 ($4.75, pending until May). The clock
 * ends at 20 April 2026.
 */
export async function acmeHistory(world: World): Promise<void> {
  const first = await world.order('ACME5', 'Globex');
  await world.statement('bill-jan', first, '2026-01', '2026-01-10T15:00:00.000Z');
  await world.statement('bill-feb', first, '2026-02', '2026-02-10T15:00:00.000Z');
  await world.statement('bill-mar', first, '2026-03', '2026-03-10T15:00:00.000Z');
  world.at('2026-04-02T15:00:00.000Z');
  await world.payouts('2026-01');
  await world.payouts('2026-02');
  await world.payouts('2026-03');
  world.at('2026-04-05T15:00:00.000Z');
  const second = await world.order('ACME5', 'Initech');
  await world.statement('bill-apr', second, '2026-04', '2026-04-08T15:00:00.000Z', [
    { product: 'starter-plus-user', amount: '95.00' },
  ]);
  world.at('2026-04-20T15:00:00.000Z');
}
