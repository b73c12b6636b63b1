import {
  AffiliateIdSchema,
  ApiErrorSchema,
  OrderChannelSchema,
  OrderListSchema,
  OrderRequestSchema,
  OrderResponseSchema,
} from '@quotekit/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ATTRIBUTION_COOKIE } from '../attribution.js';
import { fail, readJson } from '../http.js';
import { verifyReceipt } from '../signing.js';
import { bearerOf, requireRole, staffOf } from '../staff.js';
import type { OrderFilter } from '../db/database.js';
import { idempotencyKey } from '../orders/idempotency.js';
import { createOrderService } from '../orders/service.js';
import { errors, type Deps, type Route } from './route.js';

const ORDER_ID_PATTERN = /^ord_[A-Za-z0-9]{1,64}$/;

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
    // ISO 8601 only, a real calendar day, years 2000–9999: every database reads it the same way.
    const match =
      /^(\d{4})-(\d\d)-(\d\d)(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:\d\d))?$/.exec(
        since,
      );
    const time = match === null ? NaN : Date.parse(since);
    const [, year, month, day] = match ?? [];
    const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (
      Number.isNaN(time) ||
      Number(year) < 2000 ||
      new Date(time).getUTCFullYear() > 9999 ||
      calendar.getUTCMonth() !== Number(month) - 1 ||
      calendar.getUTCDate() !== Number(day)
    ) {
      problems.push({
        path: 'since',
        message:
          'must be a date (YYYY-MM-DD) or a date-time with Z or an offset, in the years 2000–9999',
      });
    } else filter.since = new Date(time).toISOString();
  }
  const channel = query('channel');
  if (channel !== undefined) {
    const parsed = OrderChannelSchema.safeParse(channel);
    if (parsed.success) filter.channel = parsed.data;
    else problems.push({ path: 'channel', message: 'must be web or phone' });
  }
  const affiliate = query('affiliate');
  if (affiliate !== undefined) {
    const parsed = AffiliateIdSchema.safeParse(affiliate);
    if (parsed.success) filter.affiliate = parsed.data.toUpperCase();
    else problems.push({ path: 'affiliate', message: 'must be 2–32 letters, digits, - or _' });
  }
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
      'Another body under a used key is `422 idempotency_conflict` only when it would otherwise make an order; ' +
      'a body that fails (a changed price, an invalid code or quote) gets the same answer whether or not the key was used, ' +
      'so that keys cannot be probed. ' +
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
    // The order service validates the body, once the Idempotency-Key is known good.
    body: { schema: OrderRequestSchema, what: 'order', validate: false },
    responses: {
      201: {
        description:
          'The order (new, or the one this key already made) and its `receiptToken`, which reads it back',
        schema: OrderResponseSchema,
      },
      400: {
        description:
          '`idempotency_key_required`, `invalid_json` or `invalid_request` (with `details.problems`)',
        schema: ApiErrorSchema,
      },
      409: {
        description:
          '`price_changed`: the server’s total differs from `expectedMonthlyPayment`; its quote is in `details.quote`',
        schema: ApiErrorSchema,
      },
      401: {
        description: '`unauthorized`: a phone order without a valid sales key',
        schema: ApiErrorSchema,
      },
      403: {
        description: '`forbidden`: a phone order with a partner or billing key',
        schema: ApiErrorSchema,
      },
      413: errors[413],
      422: errors[422](
        '`idempotency_conflict` (another valid body under a used key; without the stored order), `invalid_phone_order`, `invalid_offer_code`, `unknown_product`, `invalid_quantity`, `invalid_quote` or `invalid_currency`',
      ),
      429: errors[429],
    },
    async handler(c, deps) {
      // The key is checked before the body is read: a missing key is the first thing to fix.
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const body = await readJson(c.req.raw, deps.maxBodyBytes);
      const placed = await createOrderService(deps).newOrder(
        { idempotencyKey: key, body },
        {
          bearer: bearerOf(c),
          cookie: getCookie(c, ATTRIBUTION_COOKIE),
          clientAddress: deps.clientAddress(c),
          now: deps.now(),
        },
      );
      if (placed.outcome === 'replayed') c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/v1/orders/${placed.order.id}`);
      return c.json({ order: placed.order, receiptToken: placed.receiptToken }, 201);
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
      '`cursor` (the `nextCursor` of the previous page). A sales key sees only the orders placed with that key. ' +
      'For an admin key each attributed order carries `attributionSignals`: the click that credited it, the orders that click ' +
      'credited, the clicks through the affiliate’s links from that click’s address, and whether the order came from the ' +
      'affiliate’s own network (see the server README).',
    headers: [{ name: 'Authorization', required: true, description: '`Bearer <staff key>`' }],
    query: [
      { name: 'since', description: 'A date (`YYYY-MM-DD`) or a date-time with `Z` or an offset' },
      { name: 'channel', description: '`web` or `phone`' },
      { name: 'affiliate', description: 'An affiliate id' },
      { name: 'limit', description: 'Orders a page, 1–200; default 50' },
      { name: 'cursor', description: 'The `nextCursor` of the previous page' },
    ],
    responses: {
      200: {
        description: '`{ orders, nextCursor }`; `nextCursor` is null on the last page',
        schema: OrderListSchema,
      },
      400: errors[400],
      401: errors[401],
      403: errors[403],
    },
    async handler(c, deps) {
      // A rep lists the orders their key placed; an admin every order.
      const staff = await requireRole(c, deps.db, 'sales', 'admin');
      const filter = filterOf(c);
      // By the key, not its name: two reps may share a name.
      if (staff.role === 'sales') filter.salesKeyId = staff.id;
      const orders = await deps.db.listOrders({ ...filter, limit: filter.limit + 1 });
      const page = orders.slice(0, filter.limit);
      const last = page[page.length - 1];
      if (staff.role === 'admin') {
        const signals = await deps.db.attributionSignals({ ids: page.map((order) => order.id) });
        for (const order of page) {
          const found = signals.get(order.id);
          if (found !== undefined) order.attributionSignals = found;
        }
      }
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
      200: { description: 'The order', schema: OrderResponseSchema },
      401: errors[401],
      404: {
        description:
          '`not_found`: no such order, or the token does not read it (the same answer, so ids cannot be probed)',
        schema: ApiErrorSchema,
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
