import {
  ApiErrorSchema,
  priceQuote,
  SavedQuoteCreatedSchema,
  SavedQuoteCreateRequestSchema,
  StoredSavedQuoteSchema,
} from '@quotekit/core';
import type { StoredSavedQuote } from '@quotekit/core';
import type { Context } from 'hono';
import { fail, randomId } from '../http.js';
import { bearerOf, staffOf } from '../staff.js';
import { creditedAffiliate, type SavedQuoteRecord, type StaffKey } from '../db/database.js';
import { errors, route, takeLimit, type Deps, type Route } from './route.js';

const DAY_MS = 86_400_000;
/** The most a saved quote may hold, as JSON: far more than any real configuration. */
export const MAX_SAVED_QUOTE_BYTES = 8_192;
const ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;

/**
 * The record as the API shows it: absent fields left out rather than `null`,
 * and the affiliate only when the quote credits it (an affiliate named
 * without proof is not shown, so that a client does not take it for one).
 */
export function presentSavedQuote(record: SavedQuoteRecord): StoredSavedQuote {
  const affiliate = creditedAffiliate(record);
  return {
    id: record.id,
    quote: record.quote,
    ...(affiliate === null ? {} : { affiliate }),
    ...(record.offerCode === null ? {} : { offerCode: record.offerCode }),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}

/**
 * The staff key that may make a quote crediting `affiliate`: that partner's
 * own key, or an admin key. Anyone can type an affiliate's name; only the
 * affiliate (or the vendor) may make a link that earns it commission. Anyone
 * else is `403 forbidden`, before anything is stored.
 */
async function creditorOf(c: Context, deps: Deps, affiliate: string): Promise<StaffKey> {
  const named = affiliate.toUpperCase();
  const bearer = bearerOf(c);
  const staff = bearer === undefined ? null : await staffOf(deps.db, bearer);
  if (staff?.role === 'admin' || (staff?.role === 'partner' && staff.partnerId === named)) {
    return staff;
  }
  return fail(
    'forbidden',
    `Only ${named}'s partner key or an admin key may save a quote that credits ${named}; save it without \`affiliate\` to share it.`,
    { affiliate: named },
  );
}

export const savedQuoteRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/saved-quotes',
    operationId: 'createSavedQuote',
    summary: 'Stores a quote configuration under a short id, for a link that restores it',
    description:
      'At most 8 KB of quote, and 60 saved quotes an hour per client address (429 beyond). ' +
      'Each is kept until `expiresAt` (a year by default); expired ones are purged. ' +
      'A quote naming `affiliate` credits that affiliate with the orders made from it, and needs that partner’s ' +
      'own key or an admin key: anyone else is refused with `403 forbidden` and nothing is stored. ' +
      'A closed partner makes no new quote. A quote without `affiliate` credits nobody (its offer code still does).',
    headers: [
      {
        name: 'Authorization',
        required: false,
        description: '`Bearer <partner key or admin key>`: required with `affiliate`',
      },
    ],
    body: { schema: SavedQuoteCreateRequestSchema, what: 'saved quote' },
    responses: {
      201: {
        description:
          'Stored; the link stays valid until `expiresAt`; `affiliate` names the affiliate its orders credit, if any',
        schema: SavedQuoteCreatedSchema,
        headers: { Location: { description: 'The saved quote', schema: { type: 'string' } } },
      },
      400: errors[400],
      403: {
        description:
          '`forbidden`: `affiliate` without that partner’s key or an admin key, or a closed partner',
        schema: ApiErrorSchema,
      },
      413: errors[413],
      422: errors[422](
        '`unknown_product`, `invalid_quantity`, `invalid_quote`, `invalid_currency` or `unknown_affiliate`',
      ),
      429: errors[429],
    },
    async handler(c, deps, body) {
      const size = new TextEncoder().encode(JSON.stringify(body.quote)).length;
      if (size > MAX_SAVED_QUOTE_BYTES) {
        fail(
          'payload_too_large',
          `A saved quote holds at most ${MAX_SAVED_QUOTE_BYTES} bytes; this one is ${size}.`,
          {
            limit: MAX_SAVED_QUOTE_BYTES,
          },
        );
      }
      const creditor =
        body.affiliate === undefined ? null : await creditorOf(c, deps, body.affiliate);
      await takeLimit(deps, 'savedQuoteAddress', deps.clientAddress(c));
      // Pricing it now turns an unknown product or bad quantity into a 422
      // here, not into a broken link later.
      priceQuote(deps.catalog, body.quote);
      let affiliate: string | null = null;
      if (body.affiliate !== undefined) {
        const found = await deps.db.getPartner(body.affiliate);
        if (found === null)
          fail('unknown_affiliate', `No affiliate ${body.affiliate}.`, {
            affiliate: body.affiliate,
          });
        if (found.status === 'closed') {
          fail('forbidden', `Partner ${found.id} is closed: its quotes credit nobody.`, {
            affiliate: found.id,
          });
        }
        affiliate = found.id;
      }
      const now = deps.now();
      const record: SavedQuoteRecord = {
        id: randomId(10),
        quote: body.quote,
        affiliate,
        // Not checked here: saving must not become a way to test codes.
        offerCode: body.offerCode?.toUpperCase() ?? null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + deps.savedQuoteDays * DAY_MS).toISOString(),
        clickId: null,
        staffKeyId: affiliate === null ? null : (creditor?.id ?? null),
      };
      await deps.db.createSavedQuote(record);
      c.header('Location', `/v1/saved-quotes/${record.id}`);
      const credited = creditedAffiliate(record);
      return c.json(
        {
          id: record.id,
          expiresAt: record.expiresAt,
          ...(credited === null ? {} : { affiliate: credited }),
        },
        201,
      );
    },
  }),
  {
    method: 'get',
    path: '/v1/saved-quotes/:id',
    operationId: 'getSavedQuote',
    summary: 'A stored quote configuration, with its affiliate and offer code',
    responses: {
      200: { description: 'The saved quote', schema: StoredSavedQuoteSchema },
      404: errors[404],
      410: { description: '`saved_quote_expired`', schema: ApiErrorSchema },
    },
    async handler(c, deps) {
      const id = c.req.param('id') ?? '';
      const record = ID_PATTERN.test(id) ? await deps.db.getSavedQuote(id) : null;
      if (record === null) fail('not_found', `No saved quote ${id.slice(0, 64)}.`);
      if (Date.parse(record.expiresAt) <= deps.now().getTime()) {
        fail('saved_quote_expired', `Saved quote ${id} expired at ${record.expiresAt}.`, {
          expiresAt: record.expiresAt,
        });
      }
      return c.json(presentSavedQuote(record));
    },
  },
];
