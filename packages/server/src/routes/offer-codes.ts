import {
  OfferCodeSchema,
  OfferCodeValidationRequestSchema,
  OfferCodeValidationSchema,
  rateString,
  toDecimal,
} from '@quotekit/core';
import type { OfferCodeValidation } from '@quotekit/core';
import type { OfferCode } from '../db/database.js';
import { bearerOf, staffOf } from '../staff.js';
import {
  errors,
  giveBackLimit,
  refuse,
  route,
  takeDecision,
  takeLimit,
  type Deps,
  type Route,
} from './route.js';

/** How long a valid code is taken as valid without asking the database again. */
const VALID_CODE_MS = 30_000;

/**
 * Looks an offer code up under the guessing limits. Before the lookup the
 * attempt is counted, atomically in the database every instance shares, both
 * against the client's address and against the server-wide ceiling on failed
 * checks a minute (so rotating addresses cannot harvest codes, and parallel
 * guesses cannot all slip in before any is counted); both are given back when
 * the code is valid, so only wrong guesses use them up. While the ceiling is
 * reached a valid code still answers — an honest customer is not locked out
 * by someone else's guessing — and a wrong one is refused with `429`. Staff
 * (a request with a staff key: phone orders) are not held by the ceiling.
 * A code found valid is remembered for 30 s, in which it is no guess and
 * is not counted. With `fresh` (the validate route) it is read from the
 * database all the same, so a code disabled (or its partner closed) through
 * any instance, or in the database directly, is answered inactive at once
 * everywhere; an order relies on `insertOrder`, which writes nothing for a
 * code no longer active, in its one statement. Returns the code when it
 * exists, active or not.
 */
export async function lookUpOfferCode(
  deps: Deps,
  client: string,
  code: string,
  { staff = false, fresh = false }: { staff?: boolean; fresh?: boolean } = {},
): Promise<OfferCode | null> {
  const now = deps.now().getTime();
  const known = deps.validOfferCodes.get(code.toUpperCase());
  if (known !== undefined && known.until > now) {
    if (!fresh) return known.offer;
    // Read again all the same: a code disabled, or its partner closed,
    // through any instance is answered inactive here at once.
    const offer = await deps.db.getOfferCode(code);
    if (offer === null || !offer.active) deps.validOfferCodes.delete(known.offer.code);
    return offer;
  }
  await takeLimit(deps, 'offerCodeAddress', client);
  const ceiling = staff ? null : await takeDecision(deps, 'offerCodeFailures', 'all');
  const offer = OfferCodeSchema.safeParse(code).success ? await deps.db.getOfferCode(code) : null;
  if (offer !== null && offer.active) {
    await giveBackLimit(deps, 'offerCodeAddress', client);
    if (ceiling !== null) await giveBackLimit(deps, 'offerCodeFailures', 'all');
    deps.validOfferCodes.set(offer.code, { offer, until: now + VALID_CODE_MS });
  } else if (ceiling !== null && !ceiling.ok) {
    refuse(deps, 'offerCodeFailures', ceiling.retryAfterSeconds);
  }
  return offer;
}

export const offerCodeRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/offer-codes/validate',
    operationId: 'validateOfferCode',
    summary: 'Checks a special offer code and gives its customer discount',
    description:
      "Never reveals the affiliate's commission. Rate-limited per client address (30 attempts a minute by default) " +
      'and by a ceiling on failed checks a minute across the server (300 by default): while the ceiling is reached ' +
      'a valid code still answers, a wrong one is refused, and a request with a staff key is not held by it.',
    body: { schema: OfferCodeValidationRequestSchema, what: 'offer-code request' },
    responses: {
      200: {
        description: '`{ valid: true, code, discountRate }` or `{ valid: false, reason }`',
        schema: OfferCodeValidationSchema,
      },
      400: errors[400],
      413: errors[413],
      429: errors[429],
    },
    async handler(c, deps, { code }) {
      const client = deps.clientAddress(c);
      let answer: OfferCodeValidation;
      const token = bearerOf(c);
      // Phone orders are taken with sales keys; other keys are held to the limits.
      const role = token === undefined ? undefined : (await staffOf(deps.db, token))?.role;
      const staff = role === 'sales' || role === 'admin';
      const offer = await lookUpOfferCode(deps, client, code, { staff, fresh: true });
      if (!OfferCodeSchema.safeParse(code).success) answer = { valid: false, reason: 'malformed' };
      else {
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
  }),
];
