import * as z from 'zod/mini';
import { CustomerSchema } from '../../order/order.schema.js';
import { TextSchema } from '../../schemas.js';
import { PAYOUT_METHODS } from './methods.js';

// The Order API's bodies for registered opportunities, their matches, post
// facto requests, the partner's clicks and payout method (seed 001 §6e, §6f, §8).

/** Digits, spaces and + ( ) . - only, as a customer's phone. */
const PhoneSchema = z
  .string()
  .check(z.maxLength(40), z.regex(/^[0-9+(). -]*$/, 'must be a phone number'));
const EmailSchema = z.email().check(z.maxLength(254));
/** A web address or a bare host name (`https://acme.example/about`, `acme.example`). */
const WebsiteSchema = TextSchema(1, 300).check(
  z.refine((value) => websiteHost(value) !== null, { message: 'must be a web address' }),
);
const InstantSchema = z.string();

/**
 * The host of a web address as people write it, scheme optional
 * (`https://www.acme.example:8080/x` → `www.acme.example`), lower case;
 * null when there is no plausible host name in it.
 */
export function websiteHost(website: string): string | null {
  const text = String(website).trim().toLowerCase();
  const host = text
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/?#]*@/, '')
    .split(/[/?#]/)[0]!
    .replace(/:\d*$/, '')
    .replace(/\.$/, '');
  return /^(?=.{1,253}$)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

/** `POST /v1/partner/opportunities` body: who the partner is bringing in. */
export const OpportunityInputSchema = z.strictObject({
  company: TextSchema(1, 200),
  contactName: z.optional(TextSchema(1, 200)),
  email: z.optional(EmailSchema),
  phone: z.optional(PhoneSchema),
  website: z.optional(WebsiteSchema),
});
export type OpportunityInput = z.infer<typeof OpportunityInputSchema>;

/**
 * `PATCH /v1/partner/opportunities/:id` body: the fields to change, `null`
 * to clear an optional one. Any PATCH, an empty one too, renews the
 * opportunity for 180 days from now.
 */
export const OpportunityUpdateSchema = z.strictObject({
  company: z.optional(TextSchema(1, 200)),
  contactName: z.optional(z.nullable(TextSchema(1, 200))),
  email: z.optional(z.nullable(EmailSchema)),
  phone: z.optional(z.nullable(PhoneSchema)),
  website: z.optional(z.nullable(WebsiteSchema)),
});
export type OpportunityUpdate = z.infer<typeof OpportunityUpdateSchema>;

/** `active` until `expiresAt`, then `expired` (it no longer matches orders). */
export const OpportunityStatusSchema = z.enum(['active', 'expired']);

/** A registered opportunity as the API shows it. */
export const OpportunitySchema = z.object({
  id: z.string(),
  partner: z.string(),
  company: z.string(),
  contactName: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  website: z.optional(z.string()),
  createdAt: InstantSchema,
  /** The last registration or edit, from which `expiresAt` counts. */
  updatedAt: InstantSchema,
  expiresAt: InstantSchema,
  status: OpportunityStatusSchema,
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

/** `GET /v1/partner/opportunities`: the partner's own, newest first. */
export const OpportunityListSchema = z.object({ opportunities: z.array(OpportunitySchema) });
export type OpportunityList = z.infer<typeof OpportunityListSchema>;

/** `PATCH /v1/partner/opportunities/:id` answer. */
export const OpportunityResponseSchema = z.object({ opportunity: OpportunitySchema });

/** `POST /v1/partner/opportunities` answer. */
export const OpportunityCreatedSchema = z.object({
  id: z.string(),
  expiresAt: InstantSchema,
  opportunity: OpportunitySchema,
});
export type OpportunityCreated = z.infer<typeof OpportunityCreatedSchema>;

/** What a customer and an opportunity were found to share. */
export const MATCH_KEY_KINDS = ['email', 'domain', 'company', 'phone'] as const;
export type MatchKeyKind = (typeof MATCH_KEY_KINDS)[number];

/**
 * `open` until an admin decides: `confirmed` (the order's account is the
 * partner's), `rejected`, or `closed` because the order was attributed
 * another way (another match confirmed, post facto approved).
 */
export const OpportunityMatchStatusSchema = z.enum(['open', 'confirmed', 'rejected', 'closed']);
export type OpportunityMatchStatus = z.infer<typeof OpportunityMatchStatusSchema>;

/** An order as an admin weighs a match or a post facto request against it. */
export const MatchedOrderSchema = z.object({
  id: z.string(),
  number: z.string(),
  createdAt: InstantSchema,
  customer: CustomerSchema,
});

/** A match between a new order and a registered opportunity, for an admin to decide. */
export const OpportunityMatchSchema = z.object({
  id: z.string(),
  status: OpportunityMatchStatusSchema,
  matchedOn: z.array(z.enum(MATCH_KEY_KINDS)),
  createdAt: InstantSchema,
  decidedAt: z.nullable(InstantSchema),
  opportunity: OpportunitySchema,
  order: MatchedOrderSchema,
});
export type OpportunityMatch = z.infer<typeof OpportunityMatchSchema>;

/** `POST /v1/opportunity-matches/:id/confirm` and `…/reject` answer. */
export const OpportunityMatchResponseSchema = z.object({ match: OpportunityMatchSchema });

/** `GET /v1/opportunity-matches`: oldest first, so the longest waiting is decided first. */
export const OpportunityMatchListSchema = z.object({
  matches: z.array(OpportunityMatchSchema),
  /** The `cursor` of the next page; null on the last. */
  nextCursor: z.nullable(z.string()),
});
export type OpportunityMatchList = z.infer<typeof OpportunityMatchListSchema>;

/** `POST /v1/partner/post-facto` body. Evidence is free text: line breaks and tabs allowed. */
export const PostFactoInputSchema = z.strictObject({
  orderId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an order id')),
  evidence: z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(4000),
    // eslint-disable-next-line no-control-regex -- the point is to find them
    z.regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/, 'must be plain text'),
  ),
});
export type PostFactoInput = z.infer<typeof PostFactoInputSchema>;

export const PostFactoStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type PostFactoStatus = z.infer<typeof PostFactoStatusSchema>;

/** A post facto request as its partner sees it: never the customer's details. */
export const PostFactoSchema = z.object({
  id: z.string(),
  partner: z.string(),
  orderId: z.string(),
  evidence: z.string(),
  status: PostFactoStatusSchema,
  createdAt: InstantSchema,
  decidedAt: z.nullable(InstantSchema),
  /** The first instant at which it can no longer be approved: 30 days from the sign-up, in New York days. */
  deadline: InstantSchema,
});
export type PostFacto = z.infer<typeof PostFactoSchema>;

/** A post facto request as an admin weighs it: with the order it names. */
export const PostFactoReviewSchema = z.extend(PostFactoSchema, { order: MatchedOrderSchema });
export type PostFactoReview = z.infer<typeof PostFactoReviewSchema>;

export const PostFactoListSchema = z.object({ requests: z.array(PostFactoSchema) });
/** `POST /v1/partner/post-facto` answer. */
export const PostFactoResponseSchema = z.object({ request: PostFactoSchema });
/** `POST /v1/post-facto/:id/approve` and `…/reject` answer. */
export const PostFactoReviewResponseSchema = z.object({ request: PostFactoReviewSchema });
export type PostFactoList = z.infer<typeof PostFactoListSchema>;
export const PostFactoReviewListSchema = z.object({
  requests: z.array(PostFactoReviewSchema),
  /** The `cursor` of the next page; null on the last. */
  nextCursor: z.nullable(z.string()),
});
export type PostFactoReviewList = z.infer<typeof PostFactoReviewListSchema>;

/** `GET /v1/partner/clicks`: visits through the partner's links per UTC day, every day of the range listed. */
export const PartnerClicksSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number(),
  days: z.array(z.object({ date: z.string(), clicks: z.number() })),
});
export type PartnerClicks = z.infer<typeof PartnerClicksSchema>;

/** `PATCH /v1/partner/payout` answer. */
export const PartnerPayoutChangedSchema = z.object({
  payout: z.object({ method: z.enum(PAYOUT_METHODS), paypalEmail: z.nullable(z.string()) }),
});
export type PartnerPayoutChanged = z.infer<typeof PartnerPayoutChangedSchema>;
