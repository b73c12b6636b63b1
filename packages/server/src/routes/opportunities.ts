import {
  ApiErrorSchema,
  OpportunityCreatedSchema,
  OpportunityInputSchema,
  OpportunityListSchema,
  OpportunityMatchListSchema,
  OpportunityMatchResponseSchema,
  OpportunityMatchStatusSchema,
  OpportunityResponseSchema,
  OpportunityUpdateSchema,
  type OpportunityMatchStatus,
} from '@quotekit/core';
import { fail } from '../http.js';
import {
  decideMatch,
  editOpportunity,
  presentMatch,
  presentOpportunity,
  registerOpportunity,
} from '../program/opportunities.js';
import { requirePartner, requireRole } from '../staff.js';
import { pageOf, pageQuery } from './list-query.js';
import { errors, route, type Route } from './route.js';
import type { Partner } from '../db/database.js';

/** The most opportunities `GET /v1/partner/opportunities` lists, newest first. */
export const OPPORTUNITY_LIST_LIMIT = 500;

export const PARTNER_KEY = {
  name: 'Authorization',
  required: true,
  description: '`Bearer <partner key>`: the partner acts for itself only',
};
export const ADMIN_KEY = {
  name: 'Authorization',
  required: true,
  description: '`Bearer <admin key>`',
};
export const AUTH_ERRORS = {
  401: errors[401],
  403: {
    description: '`forbidden`: a key of another role, or a closed partner',
    schema: ApiErrorSchema,
  },
};
export const CONFLICT = (codes: string) => ({ description: codes, schema: ApiErrorSchema });

/** A closed partner reads what it has but registers nothing new. */
export function mustBeActive(partner: Partner): void {
  if (partner.status === 'closed') {
    fail('forbidden', `Partner ${partner.id} is closed; it can no longer register referrals.`, {
      partner: partner.id,
    });
  }
}

const MATCH_STATUSES = OpportunityMatchStatusSchema.options as readonly OpportunityMatchStatus[];

export const opportunityRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/partner/opportunities',
    operationId: 'registerOpportunity',
    summary: 'Registers a referral opportunity for the partner (seed 001 §6e)',
    description:
      'The opportunity matches new orders whose customer shares its email address, the registrable domain of its email ' +
      'or web site (never a shared mail provider such as gmail.com), its company name (legal forms such as Inc. ignored) ' +
      'or its phone number, when the order came with neither an offer code nor an affiliate click or cookie. ' +
      'It expires 180 days after it was registered or last edited; an admin confirms each match.',
    headers: [PARTNER_KEY],
    body: { schema: OpportunityInputSchema, what: 'opportunity' },
    responses: {
      201: {
        description: 'Registered; it matches orders until `expiresAt`',
        schema: OpportunityCreatedSchema,
        headers: { Location: { description: 'The opportunity', schema: { type: 'string' } } },
      },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps, body) {
      const { partner } = await requirePartner(c, deps.db);
      mustBeActive(partner);
      const now = deps.now();
      const record = await registerOpportunity(deps.db, partner.id, body, now);
      c.header('Location', `/v1/partner/opportunities/${record.id}`);
      return c.json(
        {
          id: record.id,
          expiresAt: record.expiresAt,
          opportunity: presentOpportunity(record, now),
        },
        201,
      );
    },
  }),
  {
    method: 'get',
    path: '/v1/partner/opportunities',
    operationId: 'listOpportunities',
    summary: "The partner's registered opportunities, newest first (500 at most)",
    headers: [PARTNER_KEY],
    responses: {
      200: {
        description: 'Active and expired ones, each with `status`',
        schema: OpportunityListSchema,
      },
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const now = deps.now();
      const records = await deps.db.listOpportunities(partner.id, OPPORTUNITY_LIST_LIMIT);
      return c.json({ opportunities: records.map((record) => presentOpportunity(record, now)) });
    },
  },
  route({
    method: 'patch',
    path: '/v1/partner/opportunities/:id',
    operationId: 'updateOpportunity',
    summary: 'Edits one of the partner’s opportunities and renews it for 180 days',
    description:
      'Send the fields to change; `null` clears an optional one. Any edit, an empty `{}` too, renews the ' +
      'opportunity: it expires 180 days from now. Another partner’s opportunity is `404`.',
    headers: [PARTNER_KEY],
    body: { schema: OpportunityUpdateSchema, what: 'opportunity update' },
    responses: {
      200: { description: 'Edited and renewed', schema: OpportunityResponseSchema },
      400: errors[400],
      ...AUTH_ERRORS,
      404: errors[404],
    },
    async handler(c, deps, body) {
      const { partner } = await requirePartner(c, deps.db);
      mustBeActive(partner);
      const now = deps.now();
      const record = await editOpportunity(deps.db, partner.id, c.req.param('id') ?? '', body, now);
      return c.json({ opportunity: presentOpportunity(record, now) });
    },
  }),
  {
    method: 'get',
    path: '/v1/opportunity-matches',
    operationId: 'listOpportunityMatches',
    summary:
      'Matches between new orders and registered opportunities, oldest first, for an admin to decide',
    description:
      'Each match carries the opportunity and the order’s customer, and `matchedOn` (email, domain, company, phone).',
    headers: [ADMIN_KEY],
    query: pageQuery(MATCH_STATUSES, 'matches'),
    responses: {
      200: { description: 'A page of matches', schema: OpportunityMatchListSchema },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const page = pageOf(c, MATCH_STATUSES, 'opportunity match list');
      const records = await deps.db.listOpportunityMatches({ ...page, limit: page.limit + 1 });
      const now = deps.now();
      const shown = records.slice(0, page.limit);
      return c.json({
        matches: await Promise.all(shown.map((record) => presentMatch(deps.db, record, now))),
        nextCursor: records.length > page.limit ? shown[shown.length - 1]!.id : null,
      });
    },
  },
  ...(['confirm', 'reject'] as const).map((action): Route => ({
    method: 'post',
    path: `/v1/opportunity-matches/:id/${action}`,
    operationId: action === 'confirm' ? 'confirmOpportunityMatch' : 'rejectOpportunityMatch',
    summary:
      action === 'confirm'
        ? 'Confirms a match: the order’s account is the partner’s, with method `opportunity`'
        : 'Rejects a match: the order stays as it is',
    ...(action === 'confirm'
      ? {
          description:
            'The order’s other open matches close. Once only, on every instance: a match already decided is ' +
            '`409 already_decided`, an order that has a referrer by then `409 already_attributed`.',
        }
      : {}),
    headers: [ADMIN_KEY],
    action: true,
    responses: {
      200: { description: 'Decided', schema: OpportunityMatchResponseSchema },
      ...AUTH_ERRORS,
      404: errors[404],
      409: CONFLICT('`already_decided` or `already_attributed`'),
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const now = deps.now();
      const record = await decideMatch(
        deps.db,
        c.req.param('id') ?? '',
        action === 'confirm' ? 'confirmed' : 'rejected',
        now,
      );
      return c.json({ match: await presentMatch(deps.db, record, now) });
    },
  })),
];
