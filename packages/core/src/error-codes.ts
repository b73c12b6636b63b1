// The partner program's error codes and the one list of every code. Apart
// from errors.ts, which every element loads: a storefront page (the offer
// field, the builder) never loads these; the partner client and the server do.
import { STOREFRONT_ERROR_CODES, type ErrorCode } from './errors.js';

/** The codes only the partner program's routes answer (partner, billing and admin keys). */
export const PROGRAM_ERROR_CODES = [
  // Opportunities and post facto.
  'already_attributed',
  'already_decided',
  'post_facto_too_late',
  'self_referral',
  // The partner program's ledger.
  'statement_conflict',
  'unknown_order',
  'statement_not_paid',
  'month_not_ended',
  'negative_balance',
  // The partner program's partners and offer codes.
  'partner_exists',
  'offer_code_exists',
  // Webhooks: an endpoint URL that is not https or names a private address.
  'invalid_webhook_url',
] as const;

/**
 * Every code a `QuotekitError` can carry: one closed list for core's rules,
 * the Order API's answers and the browser SDK's failures, so a code means the
 * same thing in every package. Documented in the README's error table.
 */
export const ERROR_CODES: readonly ErrorCode[] = /* @__PURE__ */ (
  STOREFRONT_ERROR_CODES as readonly ErrorCode[]
).concat(PROGRAM_ERROR_CODES);

// Pure: a bundle that never asks leaves the set (and the list) out.
const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(ERROR_CODES);

/** True when `code` is one of `ERROR_CODES`. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
