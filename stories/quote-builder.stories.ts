import '@quotekit/elements/quote-builder';
import { catalogs, priceQuote } from '@quotekit/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  apiBase,
  applyCode,
  control,
  hanging,
  offline,
  orderApi,
  press,
  type,
  until,
  use,
} from './support.js';

const SEED = 'starter-plus-user,dedicated-px2';
const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';

const meta: Meta = {
  title: 'Elements/quote-builder',
  component: 'quote-builder',
};
export default meta;
type Story = StoryObj;

/** A story on its own API base: `handlers` in front of the real Order API. */
function story(
  template: (base: string) => TemplateResult,
  options: {
    handlers?: (base: string) => HttpHandler[];
    play?: (root: HTMLElement) => Promise<void>;
  } = {},
): Story {
  const base = apiBase();
  return {
    beforeEach(context) {
      use(context, [...(options.handlers?.(base) ?? []), ...orderApi(base)]);
    },
    render: () => template(base),
    ...(options.play
      ? { play: async ({ canvasElement }) => options.play!(canvasElement as HTMLElement) }
      : {}),
  };
}

const visitor = (base: string, extra: TemplateResult | string = '') =>
  html`<quote-builder api-base=${base} products=${SEED}>${extra}</quote-builder>`;

/** 25 Starter Plus users and a Px2 server, entered as a visitor would. */
async function seed(root: HTMLElement) {
  type(await control(root, USERS), '25');
  (await control(root, 'Px2 dedicated server')).click();
}

async function checkout(root: HTMLElement) {
  await seed(root);
  type(await control(root, 'Name'), 'Ada Lovelace');
  type(await control(root, 'Email'), 'ada@example.com');
  await press(root, 'Place order');
}

/** The catalog is on its way. */
export const Loading = story(visitor, { handlers: (base) => [hanging(base, '/v1/catalog')] });

/** Ready for a visitor: every quantity at 0. */
export const Ready = story(visitor);

/** 25 Starter Plus users + a Px2 server: $300.00 a month. */
export const Configured = story(visitor, { play: seed });

/** With ACME5 applied: $285.00 a month. */
export const OfferApplied = story(visitor, {
  play: async (root) => {
    await seed(root);
    await applyCode(root, 'ACME5');
  },
});

/** An offer code the server does not know. */
export const InvalidCode = story(visitor, {
  play: async (root) => {
    await seed(root);
    await applyCode(root, 'NOPE99');
  },
});

/** Too many offer-code checks from here: a countdown. */
export const RateLimited = story(visitor, {
  handlers: (base) => [
    http.post(`${base}/v1/offer-codes/validate`, () =>
      HttpResponse.json(
        { error: { code: 'rate_limited', message: 'Too many attempts.' } },
        { status: 429, headers: { 'retry-after': '120' } },
      ),
    ),
  ],
  play: async (root) => applyCode(root, 'ACME5'),
});

/** The order placed and stored: its number. */
export const Submitted = story(visitor, { play: checkout });

/** The connection drops as the visitor orders: the order waits on this device. */
export const OfflineOrderQueued = story(visitor, {
  handlers: (base) => [offline(base, '/v1/orders')],
  play: checkout,
});

/** The server prices the quote differently: the new total, to confirm. */
export const PriceChanged = story(visitor, {
  handlers: (base) => [
    http.post(`${base}/v1/orders`, async ({ request }) => {
      const body = (await request.json()) as {
        quote: { lines: { product: string; quantity: number }[] };
      };
      const quote = priceQuote(catalogs.luxsci, { lines: body.quote.lines });
      const changed = { ...quote, totals: { ...quote.totals, monthlyPayment: '312.50' } };
      return HttpResponse.json(
        {
          error: {
            code: 'price_changed',
            message: 'The price changed.',
            details: { quote: changed },
          },
        },
        { status: 409 },
      );
    }),
  ],
  play: checkout,
});

/** The Order API cannot be reached: a retry. */
export const ApiUnreachable = story(visitor, {
  handlers: (base) => [offline(base)],
  play: async (root) =>
    until(
      () =>
        root.querySelector('quote-builder')!.shadowRoot!.querySelector('[role="alert"]') !== null,
    ),
});

/** An attribute names a product the catalog does not have. */
export const UnknownProduct = story(
  (base) =>
    html`<quote-builder api-base=${base} products="starter-plus-user,warp-drive"></quote-builder>`,
);

/** Dark colour scheme. */
export const Dark = story(
  (base) =>
    html`<div style="--qk-color-scheme: dark; background: #17191c; padding: 1rem">
      ${visitor(base)}
    </div>`,
  { play: seed },
);

/** The catalog's German name of a product, as a German builder labels it. */
const german = (id: string) => catalogs.luxsci.products.find((p) => p.id === id)!.names!['de']!;

/** German: product names from the catalog, labels and "300,00 $". */
export const German = story(
  (base) => html`<quote-builder api-base=${base} products=${SEED} locale="de-DE"></quote-builder>`,
  {
    play: async (root) => {
      type(await control(root, german('starter-plus-user')), '25');
      (await control(root, german('dedicated-px2'))).click();
    },
  },
);

/** The sales rep's phone console: an offer code is required. */
export const Phone = story(
  (base) =>
    html`<quote-builder
      api-base=${base}
      mode="phone"
      products=${SEED}
      sales-rep="ann.lee"
    ></quote-builder>`,
  {
    play: async (root) => {
      type(await control(root, USERS), '25');
      await applyCode(root, 'NW10');
    },
  },
);

/** An affiliate makes a link to share. */
export const Affiliate = story(
  (base) =>
    html`<quote-builder
      api-base=${base}
      mode="affiliate"
      affiliate="ACME"
      href="https://vendor.example/pricing"
      products=${SEED}
    ></quote-builder>`,
  {
    play: async (root) => {
      await seed(root);
      await applyCode(root, 'ACME5');
      await press(root, 'Create link');
    },
  },
);

/** A marketing page's live estimate. */
export const Estimate = story(
  (base) =>
    html`<quote-builder
      api-base=${base}
      mode="estimate"
      products="starter-plus-user"
      href="https://vendor.example/pricing"
    ></quote-builder>`,
);

/** An affiliate's embedded saved quote, with "Order this". */
export const ReadOnly = story(
  (base) =>
    html`<quote-builder
      api-base=${base}
      readonly
      affiliate="ACME"
      order-url="https://vendor.example/pricing"
      saved-quote="1.eyJsIjpbWyJzdGFydGVyLXBsdXMtdXNlciIsMjVdLFsiZGVkaWNhdGVkLXB4MiIsMV1dLCJvIjoiQUNNRTUifQ.0a753dm"
    ></quote-builder>`,
);
