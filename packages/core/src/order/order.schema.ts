import * as z from 'zod/mini';
import { AmountSchema } from '../catalog/catalog.schema.js';
import {
  AffiliateIdSchema,
  CurrencySchema,
  OfferCodeSchema,
  QuoteLineInputSchema,
  TextSchema,
} from '../schemas.js';
import { REFERRAL_METHODS } from '../programs/affiliate/methods.js';

// The Order API's request and response bodies (SPEC.md "Order API"). The
// reference server validates requests and builds its OpenAPI document from
// these schemas; the SDK validates responses with them.

export { AffiliateIdSchema, OfferCodeSchema, type AffiliateId } from '../schemas.js';

const QuoteLinesSchema = z.array(QuoteLineInputSchema).check(z.minLength(1), z.maxLength(200));
const IsoInstantSchema = z.string().check(z.minLength(20), z.maxLength(40));
const MoneyStringSchema = z
  .string()
  .check(z.regex(/^-?\d+(?:\.\d+)?$/, 'must be a decimal string'));

/** Every error body: `{ error: { code, message, details? } }`. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** `POST /v1/offer-codes/validate` body. Any string up to 64 long; a malformed one is `valid: false`. */
export const OfferCodeValidationRequestSchema = z.object({
  code: z.string().check(z.maxLength(64)),
});
export type OfferCodeValidationRequest = z.infer<typeof OfferCodeValidationRequestSchema>;

/** Why a code is not valid. Never says whose code it is or what it earns. */
export const OfferCodeRefusalSchema = z.enum(['malformed', 'unknown', 'inactive']);

/** `POST /v1/offer-codes/validate` answer: the customer's discount, never the affiliate's commission. */
export const OfferCodeValidationSchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), code: z.string(), discountRate: MoneyStringSchema }),
  z.object({ valid: z.literal(false), reason: OfferCodeRefusalSchema }),
]);
export type OfferCodeValidation = z.infer<typeof OfferCodeValidationSchema>;

/** The configuration a saved quote restores. */
export const SavedQuoteContentSchema = z.object({
  lines: QuoteLinesSchema,
  currency: z.optional(CurrencySchema),
});
export type SavedQuoteContent = z.infer<typeof SavedQuoteContentSchema>;

/** `POST /v1/saved-quotes` body. */
export const SavedQuoteCreateRequestSchema = z.object({
  quote: SavedQuoteContentSchema,
  /**
   * The affiliate the quote is made for, and which its orders credit: only
   * that partner's own key or an admin key may name it (`403 forbidden`
   * otherwise, and nothing is stored). A link a visitor shares names none.
   */
  affiliate: z.optional(AffiliateIdSchema),
  offerCode: z.optional(OfferCodeSchema),
});
export type SavedQuoteCreateRequest = z.infer<typeof SavedQuoteCreateRequestSchema>;

/** `POST /v1/saved-quotes` answer (201). */
export const SavedQuoteCreatedSchema = z.object({
  id: z.string(),
  expiresAt: IsoInstantSchema,
  /** The affiliate an order from this quote credits; absent when none. */
  affiliate: z.optional(z.string()),
});
export type SavedQuoteCreated = z.infer<typeof SavedQuoteCreatedSchema>;

/** `GET /v1/saved-quotes/:id` answer: a saved quote the server stores under a short id. */
export const StoredSavedQuoteSchema = z.object({
  id: z.string(),
  quote: SavedQuoteContentSchema,
  affiliate: z.optional(z.string()),
  offerCode: z.optional(z.string()),
  createdAt: IsoInstantSchema,
  expiresAt: IsoInstantSchema,
});
export type StoredSavedQuote = z.infer<typeof StoredSavedQuoteSchema>;

/**
 * `POST /v1/attribution` body: a visit through an affiliate's link, which
 * the server records and answers with a signed click token (also set as
 * its own `qk_ref_s` cookie).
 */
export const AttributionRequestSchema = z.object({
  affiliate: AffiliateIdSchema,
  /** The page the visitor landed on; its query string is not kept. */
  landingPage: z.optional(z.string().check(z.maxLength(2000))),
});
export type AttributionRequest = z.infer<typeof AttributionRequestSchema>;

/**
 * How an order came to an affiliate: one of the referral methods of the
 * affiliate program (`REFERRAL_METHODS`). The server writes `offer_code`,
 * `phone`, `saved_quote` and, from its `qk_ref_s` cookie, `affiliate_url`;
 * a client may send any of them.
 */
export const ReferralMethodSchema = z.enum(REFERRAL_METHODS);

export const OrderAttributionSchema = z.object({
  affiliate: AffiliateIdSchema,
  method: ReferralMethodSchema,
});
export type OrderAttribution = z.infer<typeof OrderAttributionSchema>;

/**
 * What a client may say about who referred the customer: counted only with
 * the signed click `token` the Order API issued for a visit through that
 * affiliate's link (`POST /v1/attribution`); without one, or altered, the
 * claim is ignored and the order says why in `attributionRefused`.
 */
export const OrderAttributionClaimSchema = z.object({
  affiliate: AffiliateIdSchema,
  method: ReferralMethodSchema,
  token: z.optional(z.string().check(z.maxLength(200))),
});
export type OrderAttributionClaim = z.infer<typeof OrderAttributionClaimSchema>;

/** Why the server refused to attribute an order (`self_referral`). */
export const AttributionRefusedSchema = z.object({
  affiliate: z.string(),
  reason: z.string(),
});
export type AttributionRefused = z.infer<typeof AttributionRefusedSchema>;

export const CustomerSchema = z.object({
  name: TextSchema(1, 200),
  email: z.email().check(z.maxLength(254)),
  company: z.optional(TextSchema(0, 200)),
  /** For the vendor to call back: digits, spaces and + ( ) . - only. */
  phone: z.optional(
    z.string().check(z.maxLength(40), z.regex(/^[0-9+(). -]*$/, 'must be a phone number')),
  ),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const OrderChannelSchema = z.enum(['web', 'phone']);
export type OrderChannel = z.infer<typeof OrderChannelSchema>;

/** The quote part of an order: what the customer chose, priced again by the server. */
export const OrderQuoteInputSchema = z.object({
  lines: QuoteLinesSchema,
  offerCode: z.optional(OfferCodeSchema),
  savedQuoteId: z.optional(TextSchema(1, 64)),
  currency: z.optional(CurrencySchema),
});
export type OrderQuoteInput = z.infer<typeof OrderQuoteInputSchema>;

/** `POST /v1/orders` body (with an `Idempotency-Key` header). */
export const OrderRequestSchema = z.object({
  quote: OrderQuoteInputSchema,
  /** The monthly payment the customer saw; a different server total is `409 price_changed`. */
  expectedMonthlyPayment: AmountSchema,
  customer: CustomerSchema,
  channel: OrderChannelSchema,
  /** Ignored by the Order API, which takes the sales rep from the staff key of a phone order. */
  salesRep: z.optional(TextSchema(1, 64)),
  attribution: z.optional(OrderAttributionClaimSchema),
});
export type OrderRequest = z.infer<typeof OrderRequestSchema>;

const ProgramAmountsSchema = z.object({
  affiliate: MoneyStringSchema,
  reseller: MoneyStringSchema,
});

const BreakdownTierSchema = z.object({
  units: z.string(),
  unitAmount: z.string(),
  amount: MoneyStringSchema,
  from: z.string(),
  upTo: z.nullable(z.string()),
});

/** How a line was priced, as data (see `LineBreakdown`). */
export const LineBreakdownSchema = z.object({
  model: z.enum(['flat', 'per_unit', 'graduated', 'volume', 'top_up']),
  unit: z.nullable(z.string()),
  freeUnits: z.string(),
  billableUnits: z.string(),
  tiers: z.array(BreakdownTierSchema),
  discount: z.nullable(z.object({ rate: z.string(), amount: MoneyStringSchema })),
  topUp: z.nullable(
    z.object({ minimum: MoneyStringSchema, monthly: MoneyStringSchema, amount: MoneyStringSchema }),
  ),
});

/** A line of `priceQuote`'s result; `breakdown` is absent on orders stored before it existed. */
export const PricedLineSchema = z.object({
  product: z.string(),
  name: z.string(),
  billing: z.enum(['monthly', 'one_time']),
  quantity: z.number(),
  amount: MoneyStringSchema,
  discount: MoneyStringSchema,
  net: MoneyStringSchema,
  value: ProgramAmountsSchema,
  breakdown: z.optional(LineBreakdownSchema),
  explain: z.string(),
});

/** `priceQuote`'s result, as the server sends it. */
export const PricedQuoteSchema = z.object({
  currency: z.string(),
  discountRate: MoneyStringSchema,
  lines: z.array(PricedLineSchema),
  totals: z.object({
    subtotal: MoneyStringSchema,
    discount: MoneyStringSchema,
    monthlyPayment: MoneyStringSchema,
    oneTime: MoneyStringSchema,
    monthlyValue: ProgramAmountsSchema,
    /** Absent from servers older than the field. */
    oneTimeValue: z.optional(ProgramAmountsSchema),
  }),
});

/**
 * What an admin needs to judge an attributed order, in the admin order list
 * only. `window` is `ATTRIBUTION_SIGNAL_WINDOW_DAYS` (30 days).
 */
export const AttributionSignalsSchema = z.object({
  /** The click (token id) that credited the order; null when an offer code or an admin-made saved quote did. */
  click: z.nullable(z.string()),
  /** Orders that click credited, this one included; null without a click. */
  ordersByClick: z.nullable(z.number()),
  /**
   * Clicks through the same affiliate's links from the address of that click
   * (a keyed hash of it), within the window around the click, that click
   * included; null without a click or once it is purged.
   */
  clicksFromAddress: z.nullable(z.number()),
  /**
   * The order came from the affiliate's own network: it was placed from the
   * address (keyed hash) where another order credited to the same affiliate
   * was placed, or where the click that credited another of its orders was
   * made, within the window around this order.
   */
  ownNetwork: z.boolean(),
});
export type AttributionSignals = z.infer<typeof AttributionSignalsSchema>;

/** The window of `AttributionSignals`, in days either side. */
export const ATTRIBUTION_SIGNAL_WINDOW_DAYS = 30;

export const OrderSchema = z.object({
  id: z.string(),
  /** A short number for people (`QK-1001`), read back on phone orders. */
  number: z.string(),
  status: z.string(),
  createdAt: IsoInstantSchema,
  channel: OrderChannelSchema,
  salesRep: z.optional(z.string()),
  customer: CustomerSchema,
  offerCode: z.optional(z.string()),
  savedQuoteId: z.optional(z.string()),
  quote: PricedQuoteSchema,
  attribution: z.nullable(OrderAttributionSchema),
  attributionRefused: z.optional(AttributionRefusedSchema),
  /** The version of the catalog the order was priced with. */
  catalogVersion: z.optional(z.string()),
  /** In the admin order list, for an attributed order: what shows whether the credit is earned. */
  attributionSignals: z.optional(AttributionSignalsSchema),
});
export type Order = z.infer<typeof OrderSchema>;

/** `POST /v1/orders` (201) and `GET /v1/orders/:id` answer. */
export const OrderResponseSchema = z.object({
  order: OrderSchema,
  /**
   * Proof that this client placed the order: send it as
   * `Authorization: Bearer <receiptToken>` to `GET /v1/orders/:id` to read
   * the order's status. In the 201 of `POST /v1/orders` (and its replays) only.
   */
  receiptToken: z.optional(z.string()),
});
export type OrderResponse = z.infer<typeof OrderResponseSchema>;

/** `GET /v1/orders` answer: a page of orders, newest first. */
export const OrderListSchema = z.object({
  orders: z.array(OrderSchema),
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: z.nullable(z.string()),
});
export type OrderList = z.infer<typeof OrderListSchema>;

/** `POST /v1/attribution` answer: the signed click token an order carries in `attribution.token`. */
export const ClickTokenSchema = z.object({
  token: z.string(),
  affiliate: AffiliateIdSchema,
  /** One calendar year after the visit. */
  expiresAt: z.string(),
});
export type ClickToken = z.infer<typeof ClickTokenSchema>;
