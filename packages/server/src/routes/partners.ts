// The partner program's admin routes: partners and their offer codes.
import {
  AffiliateIdSchema,
  ApiErrorSchema,
  OfferCodeSchema,
  PARTNER_KINDS,
  PartnerCreateRequestSchema,
  PartnerListSchema,
  PartnerOfferCodeCreateRequestSchema,
  PartnerOfferCodeListSchema,
  PartnerOfferCodeResponseSchema,
  PartnerResponseSchema,
  PartnerUpdateRequestSchema,
  type PartnerKind,
} from '@quotekit/core';
import type { Context } from 'hono';
import { fail } from '../http.js';
import { createOfferCode, createPartner, updatePartner } from '../program/partners.js';
import type { Partner, PartnerFilter } from '../db/database.js';
import { emitEvent } from '../webhooks/emit.js';
import { errors, route, type Deps, type Route } from './route.js';

const LIST_LIMIT = 50;
const ADMIN = ['admin'] as const;

/** The partner the path's `:id` names, or `404 not_found`. */
async function partnerOf(c: Context, deps: Deps): Promise<Partner> {
  const id = c.req.param('id') ?? '';
  const partner = AffiliateIdSchema.safeParse(id).success ? await deps.db.getPartner(id) : null;
  if (partner === null) fail('not_found', `There is no partner ${id.slice(0, 32)}.`);
  return partner;
}

/** `GET /v1/partners` query: `cursor`, `limit` and `kind`; a bad one is `400 invalid_request`. */
function filterOf(c: Context): PartnerFilter {
  const problems: { path: string; message: string }[] = [];
  const query = (name: string) => c.req.query(name)?.trim() || undefined;
  const filter: PartnerFilter = { limit: LIST_LIMIT };
  const limit = query('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= 200) filter.limit = n;
    else problems.push({ path: 'limit', message: 'must be a whole number from 1 to 200' });
  }
  const cursor = query('cursor');
  if (cursor !== undefined) {
    if (AffiliateIdSchema.safeParse(cursor).success) filter.after = cursor.toUpperCase();
    else problems.push({ path: 'cursor', message: 'must be the nextCursor of the previous page' });
  }
  const kind = query('kind');
  if (kind !== undefined) {
    if ((PARTNER_KINDS as readonly string[]).includes(kind)) filter.kind = kind as PartnerKind;
    else problems.push({ path: 'kind', message: 'must be affiliate or reseller' });
  }
  if (problems.length > 0) {
    fail(
      'invalid_request',
      `Invalid partner list query: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
      { problems },
    );
  }
  return filter;
}

const ADMIN_KEY = {
  name: 'Authorization',
  required: true,
  description: '`Bearer <admin key>`',
};

const notFound = { description: '`not_found`: no such partner', schema: ApiErrorSchema };

export const partnerRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/partners',
    operationId: 'createPartner',
    summary: 'Adds an affiliate or a reseller to the partner program',
    description:
      'The id is the one its links and offer codes carry, kept upper case. `payout.method` `paypal` needs ' +
      '`payout.paypalEmail`; `check` needs a US `country` (checks are mailed to US addresses only). ' +
      '`linkedPartner` names an existing partner of the other kind, and links it back when it is linked to no one.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    body: { schema: PartnerCreateRequestSchema, what: 'partner' },
    responses: {
      201: { description: '`{ partner }`', schema: PartnerResponseSchema },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      409: { description: '`partner_exists`: a partner has this id', schema: ApiErrorSchema },
      413: errors[413],
      422: errors[422](
        '`invalid_method` (a check outside the US), `unknown_affiliate` or `invalid_input` (`linkedPartner`)',
      ),
    },
    async handler(c, deps, body) {
      const now = deps.now();
      const partner = await createPartner(deps.db, body, now, (tx, made) =>
        emitEvent(tx, 'partner.created', made.id, made, now),
      );
      c.header('Location', `/v1/partners/${partner.id}`);
      return c.json({ partner }, 201);
    },
  }),
  route({
    method: 'get',
    path: '/v1/partners',
    operationId: 'listPartners',
    summary: 'The partners, a page at a time in id order',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    query: [
      { name: 'cursor', description: 'The `nextCursor` of the previous page' },
      { name: 'limit', description: 'Partners a page, 1–200 (default 50)' },
      { name: 'kind', description: '`affiliate` or `reseller`' },
    ],
    responses: {
      200: {
        description: '`{ partners, nextCursor }`; `nextCursor` is null on the last page',
        schema: PartnerListSchema,
      },
      400: errors[400],
      401: errors[401],
      403: errors[403],
    },
    async handler(c, deps) {
      const filter = filterOf(c);
      const partners = await deps.db.listPartners({ ...filter, limit: filter.limit + 1 });
      const page = partners.slice(0, filter.limit);
      return c.json({
        partners: page,
        nextCursor: partners.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
      });
    },
  }),
  route({
    method: 'get',
    path: '/v1/partners/:id',
    operationId: 'getPartner',
    summary: 'One partner',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    responses: {
      200: { description: '`{ partner }`', schema: PartnerResponseSchema },
      401: errors[401],
      403: errors[403],
      404: notFound,
    },
    async handler(c, deps) {
      return c.json({ partner: await partnerOf(c, deps) });
    },
  }),
  route({
    method: 'patch',
    path: '/v1/partners/:id',
    operationId: 'updatePartner',
    summary:
      "Changes a partner's name, contact, country, payout, negotiated rate or linked partner",
    description:
      'Only the fields sent change; `null` clears `website`, `negotiatedRate` or `linkedPartner`. ' +
      'The id and kind never change, and closing a partner is `POST /v1/partners/{id}/close`.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    body: { schema: PartnerUpdateRequestSchema, what: 'partner change' },
    responses: {
      200: { description: '`{ partner }` as it now is', schema: PartnerResponseSchema },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      404: notFound,
      413: errors[413],
      422: errors[422](
        '`invalid_method` (a check outside the US), `unknown_affiliate` or `invalid_input` (`linkedPartner`)',
      ),
    },
    async handler(c, deps, body) {
      const partner = await partnerOf(c, deps);
      return c.json({ partner: await updatePartner(deps.db, partner, body) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/partners/:id/offer-codes',
    operationId: 'createPartnerOfferCode',
    summary: 'Gives a partner a special offer code: a customer discount that credits the partner',
    description:
      'The discount is above 0 and at most 0.10 (seed 001: up to 10 %). Codes are unique across partners, ' +
      'ignoring case, disabled codes included; a closed partner gets no new code.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    body: { schema: PartnerOfferCodeCreateRequestSchema, what: 'offer code' },
    responses: {
      201: { description: '`{ offerCode }`', schema: PartnerOfferCodeResponseSchema },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      404: notFound,
      409: {
        description: '`offer_code_exists`: a partner has this code already',
        schema: ApiErrorSchema,
      },
      413: errors[413],
      422: errors[422]('`invalid_offer_code`: the partner is closed'),
    },
    async handler(c, deps, body) {
      const partner = await partnerOf(c, deps);
      const offerCode = await createOfferCode(deps.db, partner.id, body, deps.now());
      c.header('Location', `/v1/partners/${partner.id}/offer-codes/${offerCode.code}`);
      return c.json({ offerCode }, 201);
    },
  }),
  route({
    method: 'get',
    path: '/v1/partners/:id/offer-codes',
    operationId: 'listPartnerOfferCodes',
    summary: "A partner's offer codes, disabled ones included",
    headers: [ADMIN_KEY],
    roles: ADMIN,
    responses: {
      200: { description: '`{ offerCodes }` by code', schema: PartnerOfferCodeListSchema },
      401: errors[401],
      403: errors[403],
      404: notFound,
    },
    async handler(c, deps) {
      const partner = await partnerOf(c, deps);
      return c.json({ offerCodes: await deps.db.listOfferCodes(partner.id) });
    },
  }),
  route({
    method: 'delete',
    path: '/v1/partners/:id/offer-codes/:code',
    operationId: 'disablePartnerOfferCode',
    summary: "Disables a partner's offer code",
    description:
      'From this answer on, `POST /v1/offer-codes/validate` answers the code `inactive` and orders naming it are ' +
      'refused, on every instance. Orders placed with it before keep their discount and attribution. ' +
      'The code stays listed with `disabledAt`, and is never given to another partner. Disabling it again ' +
      'answers the same, with the first `disabledAt`.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    responses: {
      200: {
        description: '`{ offerCode }` with `disabledAt`',
        schema: PartnerOfferCodeResponseSchema,
      },
      401: errors[401],
      403: errors[403],
      404: {
        description: '`not_found`: no such partner, or no such code of it',
        schema: ApiErrorSchema,
      },
    },
    async handler(c, deps) {
      const partner = await partnerOf(c, deps);
      const code = c.req.param('code') ?? '';
      const now = deps.now();
      // The code is disabled with its event, in one transaction.
      const offerCode = OfferCodeSchema.safeParse(code).success
        ? await deps.db.transaction(async (tx) => {
            const disabled = await tx.disableOfferCode(partner.id, code, now.toISOString());
            if (disabled !== null) {
              await emitEvent(tx, 'offer_code.disabled', disabled.code, disabled, now);
            }
            return disabled;
          })
        : null;
      if (offerCode === null) {
        fail('not_found', `Partner ${partner.id} has no offer code ${code.slice(0, 32)}.`);
      }
      deps.validOfferCodes.delete(offerCode.code);
      return c.json({ offerCode });
    },
  }),
];
