import * as z from 'zod/mini';
import { AffiliateIdSchema, OfferCodeSchema, TextSchema } from '../schemas.js';
import { MAX_DISCOUNT_RATE } from '../limits.js';
import { PAYOUT_METHODS } from '../programs/affiliate/methods.js';

// The partner program's records as the Order API takes and answers them
// (`/v1/partners`, `/v1/partners/:id/offer-codes`). A partner's id is the
// affiliate id its links and codes carry (`ACME`).

/** What a partner is: an affiliate earns commission on referrals, a reseller earns credit on its own bill (seed 000). */
export const PARTNER_KINDS = ['affiliate', 'reseller'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** A partner is `active` until it is closed; a closed partner's codes stop validating. */
export const PARTNER_STATUSES = ['active', 'closed'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

const EmailSchema = z.email().check(z.maxLength(254));
const WebsiteSchema = z.url({ protocol: /^https?$/ }).check(z.maxLength(500));
/** A country as ISO 3166-1 alpha-2, any case; read as upper case (`"us"` → `"US"`). */
const CountrySchema = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code such as US'),
  );
const DecimalText = (max: string, what: string) =>
  z.union([z.number(), z.string().check(z.maxLength(40))]).check(
    z.refine(
      (value) => {
        const text = String(value).trim();
        return /^\d+(?:\.\d+)?$/.test(text) && Number(text) > 0 && Number(text) <= Number(max);
      },
      { message: `must be ${what}` },
    ),
  );
/** A negotiated commission rate: a decimal fraction above 0 and at most 1 (`"0.12"`). */
export const NegotiatedRateSchema = DecimalText('1', 'a decimal fraction above 0 and at most 1');
/** An offer code's customer discount: above 0 and at most `MAX_DISCOUNT_RATE` (seed 001: up to 10 %). */
export const OfferDiscountRateSchema = DecimalText(
  MAX_DISCOUNT_RATE,
  `a decimal fraction above 0 and at most ${MAX_DISCOUNT_RATE}`,
);

/** How a partner takes its money out (seed 001 §8); PayPal needs the PayPal account's email. */
export const PartnerPayoutSchema = z
  .object({
    method: z.enum(PAYOUT_METHODS),
    paypalEmail: z.optional(EmailSchema),
  })
  .check(
    z.refine((payout) => payout.method !== 'paypal' || payout.paypalEmail !== undefined, {
      message: 'PayPal payouts need paypalEmail',
      path: ['paypalEmail'],
    }),
  );
export type PartnerPayoutInput = z.infer<typeof PartnerPayoutSchema>;

/** `POST /v1/partners` body. */
export const PartnerCreateRequestSchema = z.strictObject({
  id: AffiliateIdSchema,
  kind: z.enum(PARTNER_KINDS),
  name: TextSchema(1, 200),
  email: EmailSchema,
  website: z.optional(WebsiteSchema),
  country: CountrySchema,
  payout: PartnerPayoutSchema,
  /** Agreed with sales; replaces the 10 % tier from $500.00 of monthly payments up. */
  negotiatedRate: z.optional(NegotiatedRateSchema),
  /** The partner's linked account of the other kind (a reseller's affiliate account, or back). */
  linkedPartner: z.optional(AffiliateIdSchema),
});
export type PartnerCreateRequest = z.infer<typeof PartnerCreateRequestSchema>;

/**
 * `PATCH /v1/partners/:id` body: the fields to change; `null` clears an
 * optional one. The id and kind never change; closing is its own route.
 */
export const PartnerUpdateRequestSchema = z.strictObject({
  name: z.optional(TextSchema(1, 200)),
  email: z.optional(EmailSchema),
  website: z.optional(z.nullable(WebsiteSchema)),
  country: z.optional(CountrySchema),
  payout: z.optional(PartnerPayoutSchema),
  negotiatedRate: z.optional(z.nullable(NegotiatedRateSchema)),
  linkedPartner: z.optional(z.nullable(AffiliateIdSchema)),
});
export type PartnerUpdateRequest = z.infer<typeof PartnerUpdateRequestSchema>;

/** A partner as the API answers it. */
export const PartnerSchema = z.object({
  id: z.string(),
  kind: z.enum(PARTNER_KINDS),
  name: z.string(),
  email: z.string(),
  website: z.nullable(z.string()),
  /** Null only for a partner made before the program recorded countries; checks pay to `US` only. */
  country: z.nullable(z.string()),
  payout: z.object({
    method: z.enum(PAYOUT_METHODS),
    paypalEmail: z.nullable(z.string()),
  }),
  /** A decimal string (`"0.12"`), or null for the program's tiers. */
  negotiatedRate: z.nullable(z.string()),
  linkedPartner: z.nullable(z.string()),
  status: z.enum(PARTNER_STATUSES),
  closedAt: z.nullable(z.string()),
  createdAt: z.string(),
});
export type Partner = z.infer<typeof PartnerSchema>;

/** `201 { partner }`, and `GET /v1/partners/:id`. */
export const PartnerResponseSchema = z.object({ partner: PartnerSchema });
export type PartnerResponse = z.infer<typeof PartnerResponseSchema>;

/** `GET /v1/partners`: a page in id order, and the cursor of the next (`?cursor=`), null on the last. */
export const PartnerListSchema = z.object({
  partners: z.array(PartnerSchema),
  nextCursor: z.nullable(z.string()),
});
export type PartnerList = z.infer<typeof PartnerListSchema>;

/** `POST /v1/partners/:id/offer-codes` body. */
export const PartnerOfferCodeCreateRequestSchema = z.strictObject({
  code: OfferCodeSchema,
  discountRate: OfferDiscountRateSchema,
});
export type PartnerOfferCodeCreateRequest = z.infer<typeof PartnerOfferCodeCreateRequestSchema>;

/** One of a partner's offer codes; a disabled code stays listed with when it was disabled. */
export const PartnerOfferCodeSchema = z.object({
  code: z.string(),
  partner: z.string(),
  discountRate: z.string(),
  createdAt: z.string(),
  disabledAt: z.nullable(z.string()),
});
export type PartnerOfferCode = z.infer<typeof PartnerOfferCodeSchema>;

export const PartnerOfferCodeResponseSchema = z.object({ offerCode: PartnerOfferCodeSchema });
export const PartnerOfferCodeListSchema = z.object({ offerCodes: z.array(PartnerOfferCodeSchema) });
