import {
  Dec,
  OrderChannelSchema,
  OrderRequestSchema,
  priceQuote,
  toDecimal,
  type AttributionRefused,
  type OrderAttribution,
  type OrderRequest,
} from '@quotekit/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ATTRIBUTION_COOKIE, resolveAttribution } from '../attribution.js';
import { fail, parseRequest, randomId, readJson, sha256 } from '../http.js';
import { receiptToken, verifyClick, verifyReceipt } from '../signing.js';
import { bearerOf, staffOf } from '../staff.js';
import type {
  NewOrder,
  OfferCode,
  OrderFilter,
  SavedQuoteRecord,
  StaffKey,
  StoredOrder,
} from '../db/database.js';
import { lookUpOfferCode } from './offer-codes.js';
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

/** The 201 of a new order or of its replay: the order and the receipt that reads it back. */
async function created(c: Context, deps: Deps, order: StoredOrder['order']): Promise<Response> {
  c.header('Location', `/v1/orders/${order.id}`);
  return c.json({ order, receiptToken: await receiptToken(await deps.signer(), order.id) }, 201);
}

/**
 * The same key with the same body is the same order; with another body it
 * is a mistake, answered without the stored order (the key may be a guess).
 */
function replay(
  c: Context,
  deps: Deps,
  existing: StoredOrder,
  fingerprint: string,
  key: string,
): Promise<Response> {
  if (existing.fingerprint !== fingerprint) {
    fail(
      'idempotency_conflict',
      'This Idempotency-Key was already used for a different order; use a new key for a new order.',
      { idempotencyKey: key },
    );
  }
  c.header('Idempotent-Replayed', 'true');
  return created(c, deps, existing.order);
}

/** The staff member behind a phone order: a sales or admin key, or `401 unauthorized`. */
async function salesRepOf(c: Context, deps: Deps): Promise<StaffKey> {
  const staff = await staffOf(deps.db, bearerOf(c));
  if (staff === null) {
    fail(
      'unauthorized',
      'A phone order needs a sales key: send Authorization: Bearer <key> (make one with `npm run keys -- create --role sales --name "…"`).',
    );
  }
  return staff;
}

/** The offer code the order names, checked; a bad one fails the order. */
async function offerOf(
  request: OrderRequest,
  deps: Deps,
  client: string,
): Promise<OfferCode | null> {
  const phone = request.channel === 'phone';
  const code = request.quote.offerCode;
  if (phone && code === undefined) {
    fail(
      'invalid_phone_order',
      'A phone order needs an offer code (`quote.offerCode`); missing: `quote.offerCode`.',
      { missing: ['quote.offerCode'] },
    );
  }
  if (code === undefined) return null;
  // Orders must not be a way around the limits on guessing codes; a phone
  // order is placed with a sales key, which the server-wide ceiling does not hold.
  const offer = await lookUpOfferCode(deps, client, code, { staff: phone });
  if (offer !== null && offer.active) return offer;
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

/**
 * What the client carries, believed only when this server signed it: the
 * order's claim needs its click token, the `qk_ref_s` cookie is one. A
 * claim or cookie that is not ours, altered or expired counts for nothing;
 * the reason is kept in case nothing else attributes the order.
 */
async function signedClaims(
  c: Context,
  deps: Deps,
  request: OrderRequest,
): Promise<{
  claimed: OrderAttribution | undefined;
  cookie: string | undefined;
  refused: AttributionRefused | undefined;
}> {
  const signer = await deps.signer();
  const now = deps.now();
  let refused: AttributionRefused | undefined;
  let claimed: OrderAttribution | undefined;
  const claim = request.attribution;
  if (claim !== undefined) {
    const verdict = await verifyClick(signer, claim.token, now);
    if (verdict.ok && verdict.click.affiliate === claim.affiliate.toUpperCase()) {
      claimed = { affiliate: verdict.click.affiliate, method: 'affiliate_url' };
    } else {
      refused = {
        affiliate: claim.affiliate.toUpperCase(),
        reason: verdict.ok ? 'claim_affiliate_mismatch' : verdict.reason,
      };
    }
  }
  let cookie: string | undefined;
  const cookieText = getCookie(c, ATTRIBUTION_COOKIE);
  if (cookieText !== undefined) {
    const verdict = await verifyClick(signer, cookieText, now);
    if (verdict.ok) cookie = verdict.click.affiliate;
    else {
      refused ??= {
        affiliate: cookieText.split(':')[0]!.slice(0, 64),
        reason: `cookie_${verdict.reason}`,
      };
    }
  }
  return { claimed, cookie, refused };
}

/** Checks, prices and attributes a new order: everything but writing it. */
async function newOrder(c: Context, deps: Deps, request: OrderRequest): Promise<NewOrder> {
  const client = deps.clientAddress(c);
  const rep = request.channel === 'phone' ? await salesRepOf(c, deps) : null;
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

  const { claimed, cookie, refused } = await signedClaims(c, deps, request);
  const attributed = await resolveAttribution(deps.db, {
    channel: request.channel,
    offerCode: offer,
    savedQuote: await savedQuoteOf(request.quote.savedQuoteId, deps),
    claimed,
    cookie,
    customerEmail: request.customer.email,
  });
  const attributionRefused =
    attributed.attributionRefused ?? (attributed.attribution === null ? refused : undefined);
  if (attributionRefused !== undefined && attributionRefused !== attributed.attributionRefused) {
    deps.events.attributionRefused?.(attributionRefused.reason);
  }
  return {
    id: `ord_${randomId(22)}`,
    status: 'received',
    createdAt: deps.now().toISOString(),
    channel: request.channel,
    ...(rep === null ? {} : { salesRep: rep.name }),
    customer: request.customer,
    ...(offer ? { offerCode: offer.code } : {}),
    ...(request.quote.savedQuoteId === undefined
      ? {}
      : { savedQuoteId: request.quote.savedQuoteId }),
    quote,
    attribution: attributed.attribution,
    ...(attributionRefused ? { attributionRefused } : {}),
    catalogVersion: await deps.catalogVersion(),
  };
}

/** Who may read an order: an admin key, or the order's own receipt token. */
async function mayRead(c: Context, deps: Deps, orderId: string): Promise<boolean> {
  const token = bearerOf(c);
  if (token === undefined) {
    fail(
      'unauthorized',
      'Send the order’s receipt token or an admin key as Authorization: Bearer <token>.',
    );
  }
  const staff = await staffOf(deps.db, token);
  if (staff !== null) return staff.role === 'admin';
  return verifyReceipt(await deps.signer(), orderId, token);
}

const LIST_LIMIT = 50;

/** `GET /v1/orders` filters from the query string; a bad one is `400 invalid_request`. */
function filterOf(c: Context): OrderFilter {
  const problems: { path: string; message: string }[] = [];
  const query = (name: string) => c.req.query(name)?.trim() || undefined;
  const filter: OrderFilter = { limit: LIST_LIMIT };
  const since = query('since');
  if (since !== undefined) {
    if (Number.isNaN(Date.parse(since)) || !/(Z|[+-]\d\d:\d\d)$|^\d{4}-\d\d-\d\d$/.test(since)) {
      problems.push({
        path: 'since',
        message: 'must be a date or a date-time with Z or an offset',
      });
    } else filter.since = new Date(since).toISOString();
  }
  const channel = query('channel');
  if (channel !== undefined) {
    const parsed = OrderChannelSchema.safeParse(channel);
    if (parsed.success) filter.channel = parsed.data;
    else problems.push({ path: 'channel', message: 'must be web or phone' });
  }
  const affiliate = query('affiliate');
  if (affiliate !== undefined) filter.affiliate = affiliate.toUpperCase().slice(0, 64);
  const limit = query('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= 200) filter.limit = n;
    else problems.push({ path: 'limit', message: 'must be a whole number from 1 to 200' });
  }
  const cursor = query('cursor');
  if (cursor !== undefined) {
    const n = Number(cursor);
    if (Number.isSafeInteger(n) && n > 0) filter.beforeNumber = n;
    else problems.push({ path: 'cursor', message: 'must be the nextCursor of the previous page' });
  }
  if (problems.length > 0) {
    fail(
      'invalid_request',
      `Invalid order list query: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
      {
        problems,
      },
    );
  }
  return filter;
}

export const orderRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/orders',
    operationId: 'createOrder',
    summary: 'Places an order; the server prices it again and attributes it',
    description:
      'The same Idempotency-Key with the same body returns the same order (201, `Idempotent-Replayed: true`). ' +
      'Attribution precedence: a valid offer code, the saved quote’s affiliate, the body’s `attribution` (only with a signed click token), ' +
      'the signed `qk_ref_s` cookie. An unsigned, altered or expired claim is ignored and, when nothing else attributes the order, ' +
      'named in `attributionRefused`; so is a customer whose email or email domain is the affiliate’s.',
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description: 'A unique key per order (a UUID); retries send the same key',
      },
      {
        name: 'Authorization',
        required: false,
        description:
          '`Bearer <staff key>`: required for `channel: "phone"`; the order’s `salesRep` is the key’s name',
      },
    ],
    body: 'OrderRequest',
    responses: {
      201: {
        description:
          'The order (new, or the one this key already made) and its `receiptToken`, which reads it back',
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
      401: {
        description: '`unauthorized`: a phone order without a valid sales key',
        schema: 'ApiError',
      },
      413: errors[413],
      422: errors[422](
        '`idempotency_conflict` (without the stored order), `invalid_phone_order`, `invalid_offer_code`, `unknown_product`, `invalid_quantity`, `invalid_quote` or `invalid_currency`',
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
        if (existing !== null) return replay(c, deps, existing, fingerprint, key);
        throw error;
      }
      const stored = await deps.db.insertOrder(order, key, fingerprint);
      // Another request with this key won the race: answer as a replay would.
      if (!stored.created) return replay(c, deps, stored, fingerprint, key);
      deps.events.order?.({ channel: order.channel, attributed: order.attribution !== null });
      return created(c, deps, stored.order);
    },
  },
  {
    method: 'get',
    path: '/v1/orders',
    operationId: 'listOrders',
    summary:
      'Orders, newest first: every order for an admin key, a sales rep’s own for a sales key',
    description:
      'Query: `since` (date or date-time), `channel` (`web` or `phone`), `affiliate`, `limit` (1–200, default 50), ' +
      '`cursor` (the `nextCursor` of the previous page). A sales key sees only the orders placed under its name.',
    headers: [{ name: 'Authorization', required: true, description: '`Bearer <staff key>`' }],
    responses: {
      200: {
        description: '`{ orders, nextCursor }`; `nextCursor` is null on the last page',
        schema: 'OrderList',
      },
      400: errors[400],
      401: errors[401],
    },
    async handler(c, deps) {
      const staff = await staffOf(deps.db, bearerOf(c));
      if (staff === null)
        fail('unauthorized', 'Listing orders needs a staff key: Authorization: Bearer <key>.');
      const filter = filterOf(c);
      if (staff.role === 'sales') filter.salesRep = staff.name;
      const orders = await deps.db.listOrders({ ...filter, limit: filter.limit + 1 });
      const page = orders.slice(0, filter.limit);
      const last = page[page.length - 1];
      return c.json({
        orders: page,
        nextCursor: orders.length > filter.limit && last ? last.number.slice(3) : null,
      });
    },
  },
  {
    method: 'get',
    path: '/v1/orders/:id',
    operationId: 'getOrder',
    summary: 'An order by id, for an admin key or the order’s own receipt token',
    headers: [
      {
        name: 'Authorization',
        required: true,
        description:
          '`Bearer <receiptToken>` from the 201 that placed the order, or `Bearer <admin key>`',
      },
    ],
    responses: {
      200: { description: 'The order', schema: 'OrderResponse' },
      401: errors[401],
      404: {
        description:
          '`not_found`: no such order, or the token does not read it (the same answer, so ids cannot be probed)',
        schema: 'ApiError',
      },
    },
    async handler(c, deps) {
      const id = c.req.param('id') ?? '';
      const allowed = ORDER_ID_PATTERN.test(id) && (await mayRead(c, deps, id));
      const order = allowed ? await deps.db.getOrder(id) : null;
      if (order === null) fail('not_found', `No order ${id.slice(0, 80)} for this token.`);
      return c.json({ order });
    },
  },
];
