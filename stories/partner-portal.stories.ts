import '@quotekit/elements/partner-portal';
import {
  createHandlers,
  createMemoryDatabase,
  createStaffKey,
  seedDemoData,
} from '@quotekit/server/msw';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { getResponse, type HttpHandler } from 'msw';
import { apiBase, hanging, offline, use } from './support.js';

const meta: Meta = { title: 'Elements/partner-portal', component: 'partner-portal' };
export default meta;
type Story = StoryObj;

/** The Order API for one story, its clock movable, and what the vendor's back office does to it. */
async function program(base: string) {
  const db = createMemoryDatabase();
  let now = new Date('2026-01-05T15:00:00.000Z');
  await seedDemoData(db, now);
  const handlers = createHandlers({ baseUrl: base, db, clock: () => now });
  const key = async (role: 'admin' | 'billing' | 'partner', partner?: string) =>
    (
      await createStaffKey(db, {
        name: `${partner ?? role} key`,
        role,
        ...(partner ? { partner } : {}),
      })
    ).key;
  const billing = await key('billing');
  const admin = await key('admin');
  let run = 0;
  const send = async (path: string, body: unknown, bearer?: string) =>
    getResponse(
      handlers,
      new Request(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `story-${++run}`,
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    ).then((res) => res!.json());
  const bill = (id: string, orderId: string, period: string, amount: string) =>
    send(
      '/v1/statements',
      {
        id,
        orderId,
        period,
        issuedAt: `${period}-02T12:00:00.000Z`,
        lines: [{ product: 'starter-plus-user', amount }],
        paidInFullAt: `${period}-10T15:00:00.000Z`,
      },
      billing,
    );
  const order = async (company: string) =>
    (
      await send('/v1/orders', {
        quote: { lines: [{ product: 'starter-plus-user', quantity: 25 }], offerCode: 'ACME5' },
        expectedMonthlyPayment: '95.00',
        customer: { name: 'Ann Lee', email: `it@${company.toLowerCase()}.example`, company },
        channel: 'web',
      })
    ).order.id as string;
  return {
    handlers,
    key,
    /** ACME's first months: Globex billed January to March and paid out, Initech from April, clicks and an opportunity. */
    async history() {
      const globex = await order('Globex');
      await send('/v1/attribution', { affiliate: 'ACME' });
      for (const month of ['01', '02', '03'])
        await bill(`b-${month}`, globex, `2026-${month}`, '300.00');
      now = new Date('2026-04-02T15:00:00.000Z');
      for (const month of ['01', '02', '03'])
        await send('/v1/payout-runs', { month: `2026-${month}` }, admin);
      now = new Date('2026-04-05T15:00:00.000Z');
      const initech = await order('Initech');
      await bill('b-04', initech, '2026-04', '95.00');
      await send('/v1/attribution', { affiliate: 'ACME' });
      await send('/v1/attribution', { affiliate: 'ACME' });
      now = new Date('2026-04-20T15:00:00.000Z');
    },
    /** A reseller in Canada whose January bill served 3 sub-clients. */
    async reseller() {
      await send(
        '/v1/partners',
        {
          id: 'BLUESKY-R',
          kind: 'reseller',
          name: 'Blue Sky Reselling',
          email: 'resell@bluesky.example',
          country: 'CA',
          payout: { method: 'account_credit' },
        },
        admin,
      );
      await send(
        '/v1/statements',
        {
          id: 'r-01',
          partner: 'BLUESKY-R',
          subClients: ['a', 'b', 'c'],
          period: '2026-01',
          issuedAt: '2026-01-02T12:00:00.000Z',
          lines: [{ product: 'starter-plus-user', amount: '300.00' }],
          paidInFullAt: '2026-01-05T12:00:00.000Z',
        },
        billing,
      );
      return key('partner', 'BLUESKY-R');
    },
  };
}

type Program = Awaited<ReturnType<typeof program>>;

/** A story of the portal on its own API; `setup` makes the partner's records and answers its key (none: signed out). */
function story(
  template: (base: string, key: string | null) => TemplateResult,
  options: {
    setup?: (api: Program) => Promise<string | null>;
    handlers?: (base: string) => HttpHandler[];
  } = {},
): Story {
  const base = apiBase();
  let key: string | null = null;
  return {
    async beforeEach(context) {
      const api = await program(base);
      key = options.setup ? await options.setup(api) : null;
      use(context, [...(options.handlers?.(base) ?? []), ...api.handlers]);
    },
    render: () => template(base, key),
  };
}

const portal = (base: string, key: string | null) =>
  html`<partner-portal api-base=${base} .partnerKey=${key}></partner-portal>`;
const acme = async (api: Program) => {
  await api.history();
  return api.key('partner', 'ACME');
};

/** No key: the sign-in field. */
export const SignedOut = story(portal);
/** ACME's records: tier, balances, pending, referrals, months, payouts, clicks, an opportunity form. */
export const Affiliate = story(portal, { setup: acme });
/** A partner with no records yet: every section says what will appear. */
export const Empty = story(portal, { setup: (api) => api.key('partner', 'NORTHWIND') });
/** Every section on its way. */
export const Loading = story(portal, {
  setup: (api) => api.key('partner', 'ACME'),
  handlers: (base) => [hanging(base, '/v1/partner*')],
});
/** The connection fails: each section says so, with Try again. */
export const NetworkError = story(portal, {
  setup: (api) => api.key('partner', 'ACME'),
  handlers: (base) => [offline(base, '/v1/partner*')],
});
/** A reseller in Canada: credit rate, sub-clients, the credit on its bill, no checks. */
export const Reseller = story(portal, { setup: (api) => api.reseller() });
export const German = story(
  (base, key) =>
    html`<partner-portal api-base=${base} locale="de-DE" .partnerKey=${key}></partner-portal>`,
  { setup: acme },
);
export const Dark = story(
  (base, key) =>
    html`<div style="--qk-color-scheme: dark; background: #17191c; padding: 1rem">
      ${portal(base, key)}
    </div>`,
  { setup: acme },
);
