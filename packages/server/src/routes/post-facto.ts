import {
  PostFactoInputSchema,
  PostFactoListSchema,
  PostFactoResponseSchema,
  PostFactoReviewListSchema,
  PostFactoReviewResponseSchema,
  PostFactoStatusSchema,
  type PostFactoStatus,
} from '@quotekit/core';
import {
  decidePostFacto,
  presentReview,
  requestPostFacto,
  withDeadline,
} from '../program/opportunities.js';
import { requirePartner, requireRole } from '../staff.js';
import { pageOf, pageQuery } from './list-query.js';
import {
  ADMIN_KEY,
  AUTH_ERRORS,
  CONFLICT,
  mustBeActive,
  OPPORTUNITY_LIST_LIMIT,
  PARTNER_KEY,
} from './opportunities.js';
import { errors, route, type Route } from './route.js';

const STATUSES = PostFactoStatusSchema.options as readonly PostFactoStatus[];

export const postFactoRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/partner/post-facto',
    operationId: 'requestPostFacto',
    summary: 'Asks to be credited with an account after its sign-up (post facto, seed 001 §6f)',
    description:
      'Possible within 30 days of the sign-up (the order’s time, in New York days) for an order that has no referrer ' +
      'and was placed without a discount; an admin approves or rejects it. The same partner asking again while its ' +
      'request is pending gets that request back (`200`).',
    headers: [PARTNER_KEY],
    body: { schema: PostFactoInputSchema, what: 'post facto request' },
    responses: {
      200: {
        description: 'The request already pending for this order',
        schema: PostFactoResponseSchema,
      },
      201: {
        description: 'Asked; pending until an admin decides',
        schema: PostFactoResponseSchema,
      },
      400: errors[400],
      ...AUTH_ERRORS,
      404: errors[404],
      409: CONFLICT('`already_attributed` or `post_facto_too_late`'),
      422: errors[422](
        '`invalid_discount`: the order was placed with a discount; `self_referral`: its customer is the partner itself',
      ),
    },
    async handler(c, deps, body) {
      const { partner } = await requirePartner(c, deps.db);
      mustBeActive(partner);
      const { request, created } = await requestPostFacto(deps.db, partner, body, deps.now());
      return c.json({ request }, created ? 201 : 200);
    },
  }),
  {
    method: 'get',
    path: '/v1/partner/post-facto',
    operationId: 'listPostFacto',
    summary: "The partner's post facto requests, oldest first (500 at most)",
    headers: [PARTNER_KEY],
    responses: {
      200: { description: 'Pending and decided ones', schema: PostFactoListSchema },
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const records = await deps.db.listPostFacto({
        partner: partner.id,
        limit: OPPORTUNITY_LIST_LIMIT,
      });
      return c.json({
        requests: await Promise.all(records.map((record) => withDeadline(deps.db, record))),
      });
    },
  },
  {
    method: 'get',
    path: '/v1/post-facto',
    operationId: 'listPostFactoReviews',
    summary: 'Post facto requests, oldest first, with their orders, for an admin to decide',
    headers: [ADMIN_KEY],
    query: pageQuery(STATUSES, 'requests'),
    responses: {
      200: { description: 'A page of requests', schema: PostFactoReviewListSchema },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const page = pageOf(c, STATUSES, 'post facto list');
      const records = await deps.db.listPostFacto({ ...page, limit: page.limit + 1 });
      const shown = records.slice(0, page.limit);
      return c.json({
        requests: await Promise.all(shown.map((record) => presentReview(deps.db, record))),
        nextCursor: records.length > page.limit ? shown[shown.length - 1]!.id : null,
      });
    },
  },
  ...(['approve', 'reject'] as const).map((action): Route => ({
    method: 'post',
    path: `/v1/post-facto/:id/${action}`,
    operationId: action === 'approve' ? 'approvePostFacto' : 'rejectPostFacto',
    summary:
      action === 'approve'
        ? 'Approves a request: the order’s account is the partner’s, with method `post_facto` and no discount'
        : 'Rejects a request: the order stays as it is',
    ...(action === 'approve'
      ? {
          description:
            'Within 30 days of the sign-up (`409 post_facto_too_late` after), while the order has no referrer ' +
            '(`409 already_attributed`); the order’s open opportunity matches close. Once only, on every instance.',
        }
      : {}),
    headers: [ADMIN_KEY],
    action: true,
    responses: {
      200: { description: 'Decided', schema: PostFactoReviewResponseSchema },
      ...AUTH_ERRORS,
      404: errors[404],
      409: CONFLICT('`already_decided`, `already_attributed` or `post_facto_too_late`'),
      422: errors[422](
        '`invalid_discount`: the order was placed with a discount; `self_referral`: its customer is the partner itself',
      ),
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const request = await decidePostFacto(
        deps.db,
        c.req.param('id') ?? '',
        action === 'approve' ? 'approved' : 'rejected',
        deps.now(),
      );
      return c.json({ request });
    },
  })),
];
