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
import { verifyClick } from '../signing.js';
import { bearerOf, staffOf } from '../staff.js';
import { creditedAffiliate, type SavedQuoteRecord } from '../db/database.js';
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
 * What makes a saved quote credit `affiliate`: a signed click through its
 * link (`clickToken`, as the SDK holds it after `POST /v1/attribution`) or an
 * admin key. Without either the name is kept but credits nobody (only an
 * order with that affiliate's own offer code, which credits it anyway):
 * anyone can type an affiliate's name, only the server can vouch for it.
 */
async function proofOf(
  c: Context,
  deps: Deps,
  affiliate: string,
  clickToken: string | undefined,
): Promise<{ clickId: string | null; staffKeyId: string | null } | null> {
  if (clickToken !== undefined) {
    const verdict = await verifyClick(await deps.signer(), clickToken, deps.now());
    if (verdict.ok && verdict.click.affiliate === affiliate) {
      return { clickId: verdict.click.id, staffKeyId: null };
    }
  }
  const bearer = bearerOf(c);
  const staff = bearer === undefined ? null : await staffOf(deps.db, bearer);
  return staff?.role === 'admin' ? { clickId: null, staffKeyId: staff.id } : null;
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
      'An order from the quote credits `affiliate` only when the server can vouch for it: with `clickToken`, ' +
      'the signed click token of a visit through that affiliate’s link, or with an admin key. ' +
      'Otherwise the quote is stored without an affiliate; the answer names `affiliate` only when it is credited.',
    headers: [
      {
        name: 'Authorization',
        required: false,
        description: '`Bearer <admin key>`: credits `affiliate` without a click token',
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
      await takeLimit(deps, 'savedQuoteAddress', deps.clientAddress(c));
      // Pricing it now turns an unknown product or bad quantity into a 422
      // here, not into a broken link later.
      priceQuote(deps.catalog, body.quote);
      let affiliate: string | null = null;
      let proof: { clickId: string | null; staffKeyId: string | null } | null = null;
      if (body.affiliate !== undefined) {
        const found = await deps.db.getAffiliate(body.affiliate);
        if (found === null)
          fail('unknown_affiliate', `No affiliate ${body.affiliate}.`, {
            affiliate: body.affiliate,
          });
        affiliate = found.id;
        proof = await proofOf(c, deps, found.id, body.clickToken);
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
        clickId: proof?.clickId ?? null,
        staffKeyId: proof?.staffKeyId ?? null,
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
