// Placing an order, without HTTP: the route reads the request, this decides.
import {
  AffiliateIdSchema,
  Dec,
  OrderRequestSchema,
  priceQuote,
  toDecimal,
  type AttributionRefused,
  type Order,
  type OrderAttribution,
  type OrderRequest,
} from '@quotekit/core';
import { resolveAttribution } from '../attribution.js';
import { fail, parseRequest, randomId } from '../http.js';
import { addressHash, receiptToken, verifyClick } from '../signing.js';
import { staffOf } from '../staff.js';
import {
  OfferCodeInactiveError,
  type Database,
  type NewOrder,
  type OfferCode,
  type SavedQuoteRecord,
  type StaffKey,
} from '../db/database.js';
import { matchInBackground } from '../program/opportunities.js';
import { lookUpOfferCode } from '../routes/offer-codes.js';
import type { Deps } from '../routes/route.js';
import { fingerprintOf, idempotencyKey, retryAfterFailure, retryOf } from './idempotency.js';

/** What the request carries besides its body. */
export interface OrderContext {
  /** The `Authorization: Bearer` token, if any: a sales key for phone orders. */
  bearer: string | undefined;
  /** The `qk_ref_s` cookie's text, if any. */
  cookie: string | undefined;
  /** The client's address, for the limits on guessing offer codes. */
  clientAddress: string;
  now: Date;
}

/** The order's request: its Idempotency-Key header and its JSON body. */
export interface OrderInput {
  idempotencyKey: string | undefined;
  body: unknown;
}

/** A placed order: new (`created`) or the one this key already made (`replayed`), with its receipt. */
export interface OrderResult {
  outcome: 'created' | 'replayed';
  order: Order;
  receiptToken: string;
}

/** The staff member behind a phone order: a sales or admin key, or `401 unauthorized`. */
async function salesRepOf(deps: Deps, bearer: string | undefined): Promise<StaffKey> {
  const staff = await staffOf(deps.db, bearer);
  if (staff === null) {
    fail(
      'unauthorized',
      'A phone order needs a sales key: send Authorization: Bearer <key> (make one with `npm run keys -- create --role sales --name "…"`).',
    );
  }
  if (staff.role !== 'sales' && staff.role !== 'admin') {
    fail('forbidden', `A ${staff.role} key may not place phone orders; it needs a sales key.`, {
      role: staff.role,
    });
  }
  return staff;
}

/** The offer code the order names, checked; a bad one fails the order. */
async function offerOf(
  request: OrderRequest,
  deps: Deps,
  client: string,
): Promise<OfferCode | null> {
  const phone = request.channel === 'phone';
  const code = request.quote.offerCode;
  if (phone && code === undefined) {
    fail(
      'invalid_phone_order',
      'A phone order needs an offer code (`quote.offerCode`); missing: `quote.offerCode`.',
      { missing: ['quote.offerCode'] },
    );
  }
  if (code === undefined) return null;
  // Orders must not be a way around the limits on guessing codes; a phone
  // order is placed with a sales key, which the server-wide ceiling does not hold.
  const offer = await lookUpOfferCode(deps, client, code, { staff: phone });
  if (offer !== null && offer.active) return offer;
  return refuseOffer(request, code);
}

/** The order's offer code is not a valid one: `invalid_phone_order` on the phone, else `invalid_offer_code`. */
function refuseOffer(request: OrderRequest, code: string): never {
  if (request.channel === 'phone') {
    fail('invalid_phone_order', `A phone order needs a valid offer code; ${code} is not one.`, {
      offerCode: code,
    });
  }
  return fail('invalid_offer_code', `${code} is not a valid offer code.`, { offerCode: code });
}

async function savedQuoteOf(
  id: string | undefined,
  deps: Deps,
  now: Date,
): Promise<SavedQuoteRecord | null> {
  if (id === undefined) return null;
  const record = await deps.db.getSavedQuote(id);
  // An expired or unknown link still allows the order; it just attributes nothing.
  return record !== null && Date.parse(record.expiresAt) > now.getTime() ? record : null;
}

/**
 * What the client carries, believed only when this server signed it: the
 * order's claim needs its click token, the `qk_ref_s` cookie is one. A
 * claim or cookie that is not ours, altered or expired counts for nothing;
 * the reason is kept in case nothing else attributes the order. Of a
 * refused cookie only the reason and the affiliate it names are kept, and
 * the affiliate only when it is a well-formed id: its text is the client's.
 */
async function signedClaims(
  deps: Deps,
  request: OrderRequest,
  cookieText: string | undefined,
  now: Date,
): Promise<{
  claimed: OrderAttribution | undefined;
  claimedClick: string | undefined;
  cookie: string | undefined;
  cookieClick: string | undefined;
  refused: AttributionRefused | undefined;
  /** Why the cookie was refused, when it names no affiliate to keep the refusal under. */
  unnamedCookie: string | undefined;
}> {
  const signer = await deps.signer();
  let refused: AttributionRefused | undefined;
  let claimed: OrderAttribution | undefined;
  let claimedClick: string | undefined;
  const claim = request.attribution;
  if (claim !== undefined) {
    const verdict = await verifyClick(signer, claim.token, now);
    if (verdict.ok && verdict.click.affiliate === claim.affiliate.toUpperCase()) {
      claimed = { affiliate: verdict.click.affiliate, method: 'affiliate_url' };
      claimedClick = verdict.click.id;
    } else {
      refused = {
        affiliate: claim.affiliate.toUpperCase(),
        reason: verdict.ok ? 'claim_affiliate_mismatch' : verdict.reason,
      };
    }
  }
  let cookie: string | undefined;
  let cookieClick: string | undefined;
  let unnamedCookie: string | undefined;
  if (cookieText !== undefined) {
    const verdict = await verifyClick(signer, cookieText, now);
    if (verdict.ok) {
      cookie = verdict.click.affiliate;
      cookieClick = verdict.click.id;
    } else {
      const reason = `cookie_${verdict.reason}`;
      const named = AffiliateIdSchema.safeParse(cookieText.split(':')[0]);
      if (!named.success) unnamedCookie = reason;
      else refused ??= { affiliate: named.data.toUpperCase(), reason };
    }
  }
  return { claimed, claimedClick, cookie, cookieClick, refused, unnamedCookie };
}

/** Checks, prices and attributes a new order: everything but writing it. */
async function buildOrder(
  deps: Deps,
  request: OrderRequest,
  context: OrderContext,
  facts: { matchable: boolean },
): Promise<NewOrder> {
  const rep = request.channel === 'phone' ? await salesRepOf(deps, context.bearer) : null;
  const offer = await offerOf(request, deps, context.clientAddress);
  const quote = priceQuote(deps.catalog, {
    lines: request.quote.lines,
    ...(offer ? { discountRate: offer.discountRate } : {}),
    ...(request.quote.currency ? { currency: request.quote.currency } : {}),
  });
  const expected = toDecimal(request.expectedMonthlyPayment, 'expectedMonthlyPayment');
  if (!expected.eq(new Dec(quote.totals.monthlyPayment))) {
    const sent = String(request.expectedMonthlyPayment);
    fail(
      'price_changed',
      `The monthly payment is ${quote.totals.monthlyPayment} ${quote.currency}, not ${sent}; nothing was ordered.`,
      { expectedMonthlyPayment: sent, monthlyPayment: quote.totals.monthlyPayment, quote },
    );
  }

  const { claimed, claimedClick, cookie, cookieClick, refused, unnamedCookie } = await signedClaims(
    deps,
    request,
    context.cookie,
    context.now,
  );
  const attributed = await resolveAttribution(deps.db, {
    channel: request.channel,
    offerCode: offer,
    savedQuote: await savedQuoteOf(request.quote.savedQuoteId, deps, context.now),
    claimed,
    claimedClick,
    cookie,
    cookieClick,
    customerEmail: request.customer.email,
  });
  // Seed 001 §6e: opportunities are for customers who came with neither a
  // special offer code nor an affiliate cookie (a verified click or cookie).
  facts.matchable =
    offer === null &&
    claimed === undefined &&
    cookie === undefined &&
    attributed.attribution === null;
  const attributionRefused =
    attributed.attributionRefused ?? (attributed.attribution === null ? refused : undefined);
  if (attributionRefused !== undefined && attributionRefused !== attributed.attributionRefused) {
    deps.events.attributionRefused?.(attributionRefused.reason);
  } else if (attributionRefused === undefined && attributed.attribution === null && unnamedCookie) {
    // Counted and logged, but not stored: there is no affiliate to name.
    deps.events.attributionRefused?.(unnamedCookie);
  }
  return {
    id: `ord_${randomId(22)}`,
    status: 'received',
    createdAt: context.now.toISOString(),
    channel: request.channel,
    ...(rep === null ? {} : { salesRep: rep.name, salesKeyId: rep.id }),
    customer: request.customer,
    ...(offer ? { offerCode: offer.code } : {}),
    ...(request.quote.savedQuoteId === undefined
      ? {}
      : { savedQuoteId: request.quote.savedQuoteId }),
    quote,
    attribution: attributed.attribution,
    ...(attributionRefused ? { attributionRefused } : {}),
    catalogVersion: await deps.catalogVersion(),
    // Stored for the admin list's signals: which click earned the credit, and
    // where the order came from (a keyed hash, as clicks keep it), so that
    // one click or one address behind many orders shows.
    ...(attributed.clickId === undefined ? {} : { attributionClickId: attributed.clickId }),
    ...(attributed.attribution === null
      ? {}
      : { addressHash: await addressHash(await deps.signer(), context.clientAddress) }),
  };
}

/**
 * The order service of `POST /v1/orders`: attribution, pricing, idempotency
 * and storing. Failures are thrown as the server's typed errors (`fail`).
 */
export function createOrderService(deps: Deps) {
  const result = async (outcome: OrderResult['outcome'], order: Order): Promise<OrderResult> => ({
    outcome,
    order,
    receiptToken: await receiptToken(await deps.signer(), order.id),
  });
  return {
    async newOrder(input: OrderInput, context: OrderContext): Promise<OrderResult> {
      const key = idempotencyKey(input.idempotencyKey);
      const request = parseRequest(OrderRequestSchema, input.body, 'order');
      const fingerprint = await fingerprintOf(request);
      let order: NewOrder;
      const facts = { matchable: false };
      try {
        order = await buildOrder(deps, request, context, facts);
      } catch (error) {
        // Looking the key up only on failure saves a query on every new
        // order; insertOrder below catches the retries that would succeed again.
        const retry = retryAfterFailure(await deps.db.getOrderByIdempotencyKey(key), fingerprint);
        if (retry !== null) return result('replayed', retry.order);
        throw error;
      }
      let stored: Awaited<ReturnType<Database['insertOrder']>>;
      try {
        stored = await deps.db.insertOrder(order, key, fingerprint);
      } catch (error) {
        if (!(error instanceof OfferCodeInactiveError)) throw error;
        // Disabled (or its partner closed) since it was checked: refused as if seen so.
        deps.validOfferCodes.delete(error.code);
        return refuseOffer(request, error.code);
      }
      // Another request with this key won the race: answer as a replay would.
      if (!stored.created) return result('replayed', retryOf(stored, fingerprint, key).order);
      deps.events.order?.({ channel: order.channel, attributed: order.attribution !== null });
      if (facts.matchable) matchInBackground(deps.db, stored.order, deps.events);
      return result('created', stored.order);
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
