import {
  OfferCodeSchema,
  OfferCodeValidationRequestSchema,
  rateString,
  toDecimal,
} from '@quotekit/core';
import type { OfferCodeValidation } from '@quotekit/core';
import { fail, parseRequest, readJson } from '../http.js';
import type { RateDecision } from '../rate-limit.js';
import { errors, type Route } from './route.js';

/** Answers `429 rate_limited` with `Retry-After` when the client is out of attempts. */
export function enforce(decision: RateDecision): void {
  if (decision.ok) return;
  fail(
    'rate_limited',
    `Too many offer-code attempts; try again in ${decision.retryAfterSeconds} s.`,
    { retryAfter: decision.retryAfterSeconds },
  );
}

export const offerCodeRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/offer-codes/validate',
    operationId: 'validateOfferCode',
    summary: 'Checks a special offer code and gives its customer discount',
    description:
      "Never reveals the affiliate's commission. Rate-limited per client address (30 a minute by default).",
    body: 'OfferCodeValidationRequest',
    responses: {
      200: {
        description: '`{ valid: true, code, discountRate }` or `{ valid: false, reason }`',
        schema: 'OfferCodeValidation',
      },
      400: errors[400],
      413: errors[413],
      429: errors[429],
    },
    async handler(c, deps) {
      // Counted before anything else, so that malformed guesses count too.
      enforce(deps.offerCodeLimiter.take(deps.clientAddress(c)));
      const { code } = parseRequest(
        OfferCodeValidationRequestSchema,
        await readJson(c.req.raw, deps.maxBodyBytes),
        'offer-code request',
      );
      let answer: OfferCodeValidation;
      if (!OfferCodeSchema.safeParse(code).success) answer = { valid: false, reason: 'malformed' };
      else {
        const offer = await deps.db.getOfferCode(code);
        answer =
          offer === null
            ? { valid: false, reason: 'unknown' }
            : !offer.active
              ? { valid: false, reason: 'inactive' }
              : {
                  valid: true,
                  code: offer.code,
                  discountRate: rateString(toDecimal(offer.discountRate)),
                };
      }
      return c.json(answer);
    },
  },
];
