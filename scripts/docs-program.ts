// Writes docs/program.md: a vendor's month end with the partner program,
// made of real requests to the real app and the answers it gave. Run
// `npm run docs:program` after changing the routes; a test fails while the
// file differs from what this script produces.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogs, priceQuote } from '@quotekit/core';
import { createApp, createMemoryDatabase, createStaffKey, seedDemoData } from '@quotekit/server';

/** Where the walk-through is written. */
export const PROGRAM_DOC = fileURLToPath(new URL('../docs/program.md', import.meta.url));

interface Step {
  title: string;
  text: string;
  method: 'GET' | 'POST';
  path: string;
  key: 'BILLING_KEY' | 'ADMIN_KEY' | 'ACME_KEY';
  body?: unknown;
  accept?: string;
  /** Show only the status line (the body repeats an earlier answer). */
  statusOnly?: string;
  /** The clock for this request. */
  at: string;
}

/** The walk-through's Markdown, from the app's real answers (a memory database and a fixed clock). */
export async function programDocs(): Promise<string> {
  let now = new Date('2026-03-02T15:00:00.000Z');
  const db = createMemoryDatabase();
  await seedDemoData(db, now);
  const app = createApp({ db, clock: () => now });
  const keys = {
    BILLING_KEY: (await createStaffKey(db, { name: 'Billing system', role: 'billing' }, now)).key,
    ADMIN_KEY: (await createStaffKey(db, { name: 'Finance', role: 'admin' }, now)).key,
    ACME_KEY: (
      await createStaffKey(db, { name: 'ACME portal', role: 'partner', partner: 'ACME' }, now)
    ).key,
  };
  // Two customers ordered with ACME's offer code ACME5 (5 % off) on 2 March.
  const order = async (
    id: string,
    lines: { product: string; quantity: number }[],
    email: string,
  ) => {
    await db.insertOrder(
      {
        id,
        status: 'received',
        createdAt: now.toISOString(),
        channel: 'web',
        customer: { name: 'A customer', email },
        quote: priceQuote(catalogs.luxsci, { lines, discountRate: '0.05' }),
        offerCode: 'ACME5',
        attribution: { affiliate: 'ACME', method: 'offer_code' },
      },
      `docs-${id}`,
      'docs',
    );
  };
  await order(
    'ord_docs_hr',
    [{ product: 'starter-plus-user', quantity: 250 }],
    'it@clinic.example',
  );
  await order(
    'ord_docs_px2',
    [
      { product: 'starter-plus-user', quantity: 25 },
      { product: 'dedicated-px2', quantity: 1 },
    ],
    'ops@lab.example',
  );

  const steps: Step[] = [
    {
      title: '1. Post March’s statements',
      text:
        'At the end of March the billing system posts each referred customer’s statement with the order that ' +
        'opened the account. The commission is fixed now: ACME’s tier is 10 % (its referred accounts pay ' +
        '$950.00 a month, which is also from $500.00, so `contactSales`), less the 5 % its code gave the customer. ' +
        'Nothing is granted until the statement is paid in full.',
      method: 'POST',
      path: '/v1/statements',
      key: 'BILLING_KEY',
      at: '2026-03-31T16:00:00.000Z',
      body: {
        id: 'inv-2026-03-0001',
        orderId: 'ord_docs_hr',
        period: '2026-03',
        issuedAt: '2026-03-31T16:00:00Z',
        lines: [{ product: 'starter-plus-user', amount: '950.00' }],
      },
    },
    {
      title: '2. A statement paid when it is posted',
      text:
        'A statement already paid carries `paidInFullAt`. Its commission is granted at once and stays `pending` ' +
        'until the customer has been one for more than 30 days (the customers’ 30-day refund window). The Px2 server counts at 75 %, so ' +
        'the commissionable value is $237.50. Posting the same id and body again answers `200` with the same ' +
        'statement; another body under this id is `409 statement_conflict`.',
      method: 'POST',
      path: '/v1/statements',
      key: 'BILLING_KEY',
      at: '2026-03-31T16:05:00.000Z',
      body: {
        id: 'inv-2026-03-0002',
        orderId: 'ord_docs_px2',
        period: '2026-03',
        issuedAt: '2026-03-31T16:05:00Z',
        lines: [
          { product: 'starter-plus-user', amount: '95.00' },
          { product: 'dedicated-px2', amount: '190.00' },
        ],
        paidInFullAt: '2026-03-31T16:05:00Z',
      },
    },
    {
      title: '3. Record a payment',
      text: 'The first customer pays on 2 April; its commission is granted and, the customer being over 30 days old, payable at once.',
      method: 'POST',
      path: '/v1/statements/inv-2026-03-0001/payments',
      key: 'BILLING_KEY',
      at: '2026-04-02T14:00:00.000Z',
      body: { paidInFullAt: '2026-04-02T14:00:00Z' },
    },
    {
      title: '4. Record a charge-back',
      text:
        'The second customer’s card payment is disputed. The charge-back debits the commission the statement ' +
        'earned, even after it was paid out; the balance may go negative.',
      method: 'POST',
      path: '/v1/statements/inv-2026-03-0002/chargebacks',
      key: 'BILLING_KEY',
      at: '2026-04-20T13:00:00.000Z',
      body: { at: '2026-04-20T13:00:00Z', reason: 'card payment disputed' },
    },
    {
      title: '5. A month runs only once it has ended',
      text: 'April ends at midnight in New York; asked earlier, the run is refused and says when it can run.',
      method: 'POST',
      path: '/v1/payout-runs',
      key: 'ADMIN_KEY',
      at: '2026-04-30T20:00:00.000Z',
      body: { month: '2026-04' },
    },
    {
      title: '6. Run April’s payouts',
      text:
        'Each partner with a ledger is paid what was payable at the month’s end, by its payout method: ACME is ' +
        'paid by PayPal, above $25.00. A partner below the minimum, or paid by check outside the US, rolls over ' +
        'with its `reason`.',
      method: 'POST',
      path: '/v1/payout-runs',
      key: 'ADMIN_KEY',
      at: '2026-05-01T14:00:00.000Z',
      body: { month: '2026-04' },
    },
    {
      title: '7. Running it again pays nothing again',
      text: 'The same month again — a retry, or a second operator on another instance — answers `200` with the first run.',
      method: 'POST',
      path: '/v1/payout-runs',
      key: 'ADMIN_KEY',
      at: '2026-05-01T14:01:00.000Z',
      body: { month: '2026-04' },
      statusOnly: 'the same `{ run }` as step 6',
    },
    {
      title: '8. Export the run for the finance team',
      text:
        'With `Accept: text/csv` the run is one row per partner paid. Every cell is quoted, and a cell that a ' +
        "spreadsheet would run as a formula is prefixed with `'`.",
      method: 'GET',
      path: '/v1/payout-runs/2026-04',
      key: 'ADMIN_KEY',
      accept: 'text/csv',
      at: '2026-05-01T14:02:00.000Z',
    },
    {
      title: '9. What the partner sees',
      text: 'ACME’s own key reads its ledger: every entry with the balance after it. Entries are never changed or removed.',
      method: 'GET',
      path: '/v1/partner/ledger',
      key: 'ACME_KEY',
      at: '2026-05-01T15:00:00.000Z',
    },
  ];

  const out: string[] = [
    '# A month end with the partner program',
    '',
    '<!-- Generated by `npm run docs:program` from the real app; do not edit by hand. -->',
    '',
    'This walks the vendor’s billing system and finance team through a month end: post statements, record ' +
      'payments and charge-backs, run the payouts and export them. Every request below was sent to the Order API ' +
      'and every answer is the one it gave (`X-Request-Id` and other headers left out). Keys are made with ' +
      '`npm run keys -- create --role billing --name "Billing system"` (posts statements only), ' +
      '`--role admin`, and `--role partner --partner ACME` for the partner’s own view.',
    '',
    'The example: on 2 March two customers ordered with ACME’s offer code `ACME5` (5 % off): `ord_docs_hr`, ' +
      '250 Starter Plus users ($950.00 a month), and `ord_docs_px2`, 25 users and a Px2 server ($285.00 a month).',
    '',
  ];
  for (const step of steps) {
    now = new Date(step.at);
    const headers: Record<string, string> = { authorization: `Bearer ${keys[step.key]}` };
    if (step.body !== undefined) headers['content-type'] = 'application/json';
    if (step.accept !== undefined) headers.accept = step.accept;
    const res = await app.request(step.path, {
      method: step.method,
      headers,
      ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    out.push(`## ${step.title}`, '', step.text, '', `At ${step.at}:`, '', '```http');
    out.push(`${step.method} ${step.path}`);
    out.push(`Authorization: Bearer $${step.key}`);
    if (step.accept !== undefined) out.push(`Accept: ${step.accept}`);
    if (step.body !== undefined) {
      out.push('Content-Type: application/json', '', JSON.stringify(step.body, null, 2));
    }
    out.push('```', '', '```http', `HTTP/1.1 ${res.status}`);
    if (step.statusOnly !== undefined) {
      out.push('```', '', `with ${step.statusOnly}.`, '');
      continue;
    }
    out.push(`Content-Type: ${type}`, '');
    out.push(
      type.startsWith('application/json')
        ? JSON.stringify(JSON.parse(text), null, 2)
        : text.replace(/\r\n/g, '\n').trimEnd(),
    );
    out.push('```', '');
  }
  await db.close();
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PROGRAM_DOC, await programDocs());
  console.log(`Wrote ${PROGRAM_DOC}.`);
}
