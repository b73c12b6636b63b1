// Kept apart from the program's schemas so that the order schema, which
// ships in the SDK, and the elements' forms can name the methods without
// bundling those schemas.

/** How a customer can be attributed to an affiliate (seed 001 §6, SPEC "Affiliate program"). */
export const REFERRAL_METHODS = [
  'affiliate_url',
  'offer_code',
  'saved_quote',
  'phone',
  'opportunity',
  'post_facto',
] as const;
export type ReferralMethod = (typeof REFERRAL_METHODS)[number];

/** How an affiliate takes commission out (seed 001 §8). */
export const PAYOUT_METHODS = ['check', 'paypal', 'account_credit'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];
