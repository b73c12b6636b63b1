import {
  AffiliateIdSchema,
  Dec,
  OrderRequestSchema,
  priceQuote,
  toDecimal,
  type OrderRequest,
} from '@quotekit/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ATTRIBUTION_COOKIE, resolveAttribution } from '../attribution.js';
import { fail, parseRequest, randomId, readJson, sha256 } from '../http.js';
import type { NewOrder, OfferCode, SavedQuoteRecord, StoredOrder } from '../db/database.js';
import { enforce } from './offer-codes.js';
import { errors, type Deps, type Route } from './route.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const ORDER_ID_PATTERN = /^ord_[A-Za-z0-9]{1,64}$/;

function idempotencyKey(header: string | undefined): string {
  const key = header?.trim() ?? '';
  if (key === '') {
    fail(
      'idempotency_key_required',
      'Send an Idempotency-Key header (for example a UUID) so that a retried order is not made twice.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    fail('invalid_request', 'Invalid Idempotency-Key: use 1–255 visible ASCII characters.', {
      problems: [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
    });
  }
  return key;
}

/** The same key with the same body is the same order; with another body it is a mistake. */
/** A decimal's one spelling: no leading zeros, no trailing fractional zeros. */
function canonicalDecimal(value: string | number): string {
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return text;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The order as the idempotency check compares it. */
function canonicalOrder(request: OrderRequest): OrderRequest {
  return {
    ...request,
    expectedMonthlyPayment: canonicalDecimal(request.expectedMonthlyPayment),
    quote: {
      ...request.quote,
      lines: request.quote.lines.map((line) => ({
        product: line.product,
        quantity: canonicalDecimal(line.quantity),
      })),
    },
  };
}

function replay(c: Context, existing: StoredOrder, fingerprint: string, key: string): Response {
  if (existing.fingerprint !== fingerprint) {
    fail(
      'idempotency_conflict',
      'This Idempotency-Key was already used for a different order; use a new key for a new order.',
      { idempotencyKey: key, order: existing.order.id },
    );
  }
  c.header('Idempotent-Replayed', 'true');
  c.header('Location', `/v1/orders/${existing.order.id}`);
  return c.json({ order: existing.order }, 201);
}

/** The offer code the order names, checked; a bad one fails the order. */
async function offerOf(
  request: OrderRequest,
  deps: Deps,
  client: string,
): Promise<OfferCode | null> {
  const phone = request.channel === 'phone';
  const code = request.quote.offerCode;
  if (phone && (request.salesRep === undefined || code === undefined)) {
    const missing = [
      ...(request.salesRep === undefined ? ['salesRep'] : []),
      ...(code === undefined ? ['quote.offerCode'] : []),
    ];
    fail(
      'invalid_phone_order',
      `A phone order needs a sales rep id (\`salesRep\`) and an offer code (\`quote.offerCode\`); missing: ${missing.map((field) => `\`${field}\``).join(', ')}.`,
      { missing },
    );
  }
  if (code === undefined) return null;
  // Orders must not be a way around the limit on guessing codes.
  enforce(deps.offerCodeLimiter.check(client));
  const offer = await deps.db.getOfferCode(code);
  if (offer !== null && offer.active) return offer;
  deps.offerCodeLimiter.take(client);
  if (phone) {
    fail('invalid_phone_order', `A phone order needs a valid offer code; ${code} is not one.`, {
      offerCode: code,
    });
  }
  return fail('invalid_offer_code', `${code} is not a valid offer code.`, { offerCode: code });
}

async function savedQuoteOf(id: string | undefined, deps: Deps): Promise<SavedQuoteRecord | null> {
  if (id === undefined) return null;
  const record = await deps.db.getSavedQuote(id);
  // An expired or unknown link still allows the order; it just attributes nothing.
  return record !== null && Date.parse(record.expiresAt) > deps.now().getTime() ? record : null;
}

/** Checks, prices and attributes a new order: everything but writing it. */
async function newOrder(c: Context, deps: Deps, request: OrderRequest): Promise<NewOrder> {
  const client = deps.clientAddress(c);
  const offer = await offerOf(request, deps, client);
  const quote = priceQuote(deps.catalog, {
    lines: request.quote.lines,
    ...(offer ? { discountRate: offer.discountRate } : {}),
    ...(request.quote.currency ? { currency: request.quote.currency } : {}),
  });
  const expected = toDecimal(request.expectedMonthlyPayment, 'expectedMonthlyPayment');
  if (!expected.eq(new Dec(quote.totals.monthlyPayment))) {
    const sent = String(request.expectedMonthlyPayment);
    fail(
      'price_changed',
      `The monthly payment is ${quote.totals.monthlyPayment} ${quote.currency}, not ${sent}; nothing was ordered.`,
      { expectedMonthlyPayment: sent, monthlyPayment: quote.totals.monthlyPayment, quote },
    );
  }

  const cookie = getCookie(c, ATTRIBUTION_COOKIE);
  const attributed = await resolveAttribution(deps.db, {
    channel: request.channel,
    offerCode: offer,
    savedQuote: await savedQuoteOf(request.quote.savedQuoteId, deps),
    claimed: request.attribution,
    cookie:
      cookie !== undefined && AffiliateIdSchema.safeParse(cookie).success ? cookie : undefined,
    customerEmail: request.customer.email,
  });
  return {
    id: `ord_${randomId(22)}`,
    status: 'received',
    createdAt: deps.now().toISOString(),
    channel: request.channel,
    ...(request.salesRep === undefined ? {} : { salesRep: request.salesRep }),
    customer: request.customer,
    ...(offer ? { offerCode: offer.code } : {}),
    ...(request.quote.savedQuoteId === undefined
      ? {}
      : { savedQuoteId: request.quote.savedQuoteId }),
    quote,
    attribution: attributed.attribution,
    ...(attributed.attributionRefused ? { attributionRefused: attributed.attributionRefused } : {}),
  };
}

export const orderRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/orders',
    operationId: 'createOrder',
    summary: 'Places an order; the server prices it again and attributes it',
    description:
      'The same Idempotency-Key with the same body returns the same order (201, `Idempotent-Replayed: true`). ' +
      'Attribution precedence: a valid offer code, the saved quote’s affiliate, the body’s `attribution`, the `qk_ref_s` cookie. ' +
      'A customer whose email or email domain is the affiliate’s is not attributed (`attributionRefused`).',
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description: 'A unique key per order (a UUID); retries send the same key',
      },
    ],
    body: 'OrderRequest',
    responses: {
      201: {
        description: 'The order (new, or the one this key already made)',
        schema: 'OrderResponse',
      },
      400: {
        description:
          '`idempotency_key_required`, `invalid_json` or `invalid_request` (with `details.problems`)',
        schema: 'ApiError',
      },
      409: {
        description:
          '`price_changed`: the server’s total differs from `expectedMonthlyPayment`; its quote is in `details.quote`',
        schema: 'ApiError',
      },
      413: errors[413],
      422: errors[422](
        '`idempotency_conflict`, `invalid_phone_order`, `invalid_offer_code`, `unknown_product`, `invalid_quantity`, `invalid_quote` or `invalid_currency`',
      ),
      429: errors[429],
    },
    async handler(c, deps) {
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const request = parseRequest(
        OrderRequestSchema,
        await readJson(c.req.raw, deps.maxBodyBytes),
        'order',
      );
      // Equal orders give equal text: keys in schema order, amounts and
      // quantities as canonical decimals (285, "285.00" and "285" are one amount).
      const fingerprint = await sha256(JSON.stringify(canonicalOrder(request)));
      let order: NewOrder;
      try {
        order = await newOrder(c, deps, request);
      } catch (error) {
        // A retry of an order already taken gets that order back, even when
        // its price or offer code has changed since. Looking the key up only
        // on failure saves a query on every new order; insertOrder below
        // catches the retries that would succeed again.
        const existing = await deps.db.getOrderByIdempotencyKey(key);
        if (existing !== null) return replay(c, existing, fingerprint, key);
        throw error;
      }
      const stored = await deps.db.insertOrder(order, key, fingerprint);
      // Another request with this key won the race: answer as a replay would.
      if (!stored.created) return replay(c, stored, fingerprint, key);
      c.header('Location', `/v1/orders/${stored.order.id}`);
      return c.json({ order: stored.order }, 201);
    },
  },
  {
    method: 'get',
    path: '/v1/orders/:id',
    operationId: 'getOrder',
    summary: 'An order by id',
    responses: { 200: { description: 'The order', schema: 'OrderResponse' }, 404: errors[404] },
    async handler(c, deps) {
      const id = c.req.param('id') ?? '';
      const order = ORDER_ID_PATTERN.test(id) ? await deps.db.getOrder(id) : null;
      if (order === null) fail('not_found', `No order ${id.slice(0, 80)}.`);
      return c.json({ order });
    },
  },
];
