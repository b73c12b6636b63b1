// Opportunities and post facto without HTTP (seed 001 §6e, §6f): the routes
// read the request and the key, this decides. Failures are thrown as the
// server's typed errors (`fail`).
import {
  isSelfReferral,
  matchedOn,
  matchKeys,
  opportunityExpiry,
  referralEligibility,
  type MatchContact,
  type Opportunity,
  type OpportunityInput,
  type OpportunityMatch,
  type OpportunityUpdate,
  type Order,
  type PostFacto,
  type PostFactoInput,
  type PostFactoReview,
} from '@quotekit/core';
import { registrableDomain } from '../attribution.js';
import { fail, randomId } from '../http.js';
import type { Database, Partner } from '../db/database.js';
import type {
  Decided,
  OpportunityMatchRecord,
  OpportunityRecord,
  PostFactoRecord,
} from '../db/opportunities.js';
import { emitEvent } from '../webhooks/emit.js';
import type { AppEvents } from '../routes/route.js';

/** The keys a customer or an opportunity is compared by, with the public-suffix list. */
export const keysOf = (contact: MatchContact): string[] =>
  matchKeys(contact, { registrableDomain });

/** An opportunity as the API shows it: absent fields left out, `status` from `now`. */
export function presentOpportunity(record: OpportunityRecord, now: Date): Opportunity {
  return {
    id: record.id,
    partner: record.partner,
    company: record.company,
    ...(record.contactName === null ? {} : { contactName: record.contactName }),
    ...(record.email === null ? {} : { email: record.email }),
    ...(record.phone === null ? {} : { phone: record.phone }),
    ...(record.website === null ? {} : { website: record.website }),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    status: Date.parse(record.expiresAt) > now.getTime() ? 'active' : 'expired',
  };
}

/** Registers an opportunity for `partner`, expiring 180 days from now (core's `opportunityExpiry`). */
export async function registerOpportunity(
  db: Database,
  partner: string,
  input: OpportunityInput,
  now: Date,
): Promise<OpportunityRecord> {
  const at = now.toISOString();
  const record: OpportunityRecord = {
    id: `opp_${randomId(16)}`,
    partner,
    company: input.company,
    contactName: input.contactName ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    website: input.website ?? null,
    matchKeys: keysOf(input),
    createdAt: at,
    updatedAt: at,
    expiresAt: opportunityExpiry(now),
  };
  await db.createOpportunity(record);
  return record;
}

/** One of `partner`'s own opportunities; another partner's, or none, is `404 not_found`. */
async function ownOpportunity(db: Database, partner: string, id: string) {
  const record = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await db.getOpportunity(id) : null;
  if (record === null || record.partner !== partner) {
    fail('not_found', `No opportunity ${id.slice(0, 64)}.`);
  }
  return record;
}

/**
 * Edits one of the partner's opportunities and renews it: it expires 180
 * days from now, also when nothing else changed (an empty body renews only).
 * `null` clears an optional field.
 */
export async function editOpportunity(
  db: Database,
  partner: string,
  id: string,
  changes: OpportunityUpdate,
  now: Date,
): Promise<OpportunityRecord> {
  const found = await ownOpportunity(db, partner, id);
  const pick = <K extends 'contactName' | 'email' | 'phone' | 'website'>(key: K) =>
    changes[key] === undefined ? found[key] : changes[key];
  const edited = {
    company: changes.company ?? found.company,
    contactName: pick('contactName'),
    email: pick('email'),
    phone: pick('phone'),
    website: pick('website'),
  };
  const record: OpportunityRecord = {
    ...found,
    ...edited,
    matchKeys: keysOf(edited),
    updatedAt: now.toISOString(),
    expiresAt: opportunityExpiry(now),
  };
  await db.updateOpportunity(record);
  return record;
}

/**
 * Compares an order's customer with the opportunities registered and
 * unexpired when it was placed, and records a match for each that shares a
 * key, unless the customer is that partner itself (a self-referral earns
 * nothing) or the partner is closed. Returns how many were recorded.
 */
export async function matchOrder(db: Database, order: Order): Promise<number> {
  const keys = keysOf(order.customer);
  if (keys.length === 0) return 0;
  const matches: OpportunityMatchRecord[] = [];
  for (const opportunity of await db.findOpportunities(keys, order.createdAt)) {
    const on = matchedOn(keys, opportunity.matchKeys);
    if (on.length === 0) continue;
    // A closed partner's opportunities match nothing.
    const partner = await db.getPartner(opportunity.partner);
    if (partner === null || partner.status === 'closed') continue;
    if (isSelfReferral(order.customer.email, partner.email, { registrableDomain })) continue;
    matches.push({
      id: `match_${randomId(16)}`,
      opportunityId: opportunity.id,
      partner: opportunity.partner,
      orderId: order.id,
      matchedOn: on,
      status: 'open',
      createdAt: order.createdAt,
      decidedAt: null,
    });
  }
  if (matches.length === 0) return 0;
  const at = new Date(order.createdAt);
  // The matches and their events in one transaction.
  await db.transaction(async (tx) => {
    await tx.recordOpportunityMatches(matches);
    for (const match of matches) {
      await emitEvent(tx, 'opportunity.matched', match.id, await presentMatch(tx, match, at), at);
    }
  });
  return matches.length;
}

/**
 * Matches a new order in the background: the order is answered without
 * waiting, and a failure never reaches it; the outcome is reported through
 * `events.opportunityMatching` (counted in the metrics, failures logged).
 */
export function matchInBackground(db: Database, order: Order, events: AppEvents): void {
  const report = (event: Parameters<NonNullable<AppEvents['opportunityMatching']>>[0]) => {
    try {
      events.opportunityMatching?.(event);
    } catch {
      // A broken hook must not become an unhandled rejection.
    }
  };
  matchOrder(db, order).then(
    (matches) =>
      report({ orderId: order.id, outcome: matches > 0 ? 'matched' : 'unmatched', matches }),
    (error: unknown) => report({ orderId: order.id, outcome: 'failed', matches: 0, error }),
  );
}

/** The order an admin weighs a match or a request against. */
const orderView = (order: Order) => ({
  id: order.id,
  number: order.number,
  createdAt: order.createdAt,
  customer: order.customer,
});

/** A match as an admin decides it: with its opportunity and its order. */
export async function presentMatch(
  db: Database,
  match: OpportunityMatchRecord,
  now: Date,
): Promise<OpportunityMatch> {
  const [opportunity, order] = await Promise.all([
    db.getOpportunity(match.opportunityId),
    db.getOrder(match.orderId),
  ]);
  // Both are referenced by the match's row and never deleted.
  if (opportunity === null || order === null) throw new Error(`Match ${match.id} lost its rows.`);
  return {
    id: match.id,
    status: match.status,
    matchedOn: match.matchedOn,
    createdAt: match.createdAt,
    decidedAt: match.decidedAt,
    opportunity: presentOpportunity(opportunity, now),
    order: orderView(order),
  };
}

/** The decision's record, or the typed refusal: 404, 409 `already_decided` or `already_attributed`. */
function decided<T extends { id: string; orderId: string; status: string }>(
  result: Decided<T>,
  what: string,
  id: string,
): T {
  switch (result.outcome) {
    case 'decided':
      return result.record;
    case 'not_found':
      return fail('not_found', `No ${what} ${id.slice(0, 64)}.`);
    case 'already_decided':
      return fail('already_decided', `The ${what} ${id} was already ${result.record.status}.`, {
        status: result.record.status,
      });
    case 'already_attributed':
      return fail(
        'already_attributed',
        `Order ${result.record.orderId} already has a referrer; nothing was changed.`,
        { orderId: result.record.orderId },
      );
  }
}

/**
 * Confirms a match (its order's account becomes the partner's, method
 * `opportunity`; the order's other matches close) or rejects it.
 */
export async function decideMatch(
  db: Database,
  id: string,
  decision: 'confirmed' | 'rejected',
  now: Date,
): Promise<OpportunityMatchRecord> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    fail('not_found', `No opportunity match ${id.slice(0, 64)}.`);
  // The decision and its `order.attributed` event in one transaction.
  return db.transaction(async (tx) => {
    const match = decided(
      await tx.decideOpportunityMatch(id, decision, now.toISOString()),
      'opportunity match',
      id,
    );
    if (decision === 'confirmed') await orderAttributed(tx, match.orderId, now);
    return match;
  });
}

/** `order.attributed`: the order as it reads now that it has its referrer; once per order. */
async function orderAttributed(db: Database, orderId: string, now: Date): Promise<void> {
  const order = await db.getOrder(orderId);
  if (order !== null) await emitEvent(db, 'order.attributed', order.id, order, now);
}

/**
 * When post facto stops being possible for an order, and why it is not
 * possible now: core's `referralEligibility` for `post_facto` (30 New York
 * days after the sign-up, never with a discount). `409 post_facto_too_late`
 * past the deadline; an order placed with a discount is `422 invalid_discount`.
 */
function postFactoDeadline(order: Order, now: Date): string {
  const verdict = referralEligibility({
    method: 'post_facto',
    signedUpAt: order.createdAt,
    // A clock behind the order (another instance's) is the order's own time.
    now: new Date(Math.max(now.getTime(), Date.parse(order.createdAt))),
    discountRate: order.quote.discountRate,
  });
  if (verdict.reason === 'post_facto_too_late') {
    fail(
      'post_facto_too_late',
      `Post facto is possible until ${verdict.deadline}, 30 days from the sign-up of order ${order.id}.`,
      { orderId: order.id, deadline: verdict.deadline },
    );
  }
  if (verdict.reason === 'post_facto_with_discount') {
    fail(
      'invalid_discount',
      `Order ${order.id} was placed with a discount; post facto never comes with one.`,
      { orderId: order.id, discountRate: order.quote.discountRate },
    );
  }
  return verdict.deadline!;
}

/**
 * Refuses post facto for an order whose customer is the partner itself
 * (core's `isSelfReferral` on the customer's and the partner's emails, as at
 * order time): `422 self_referral`, since a self-referral earns nothing.
 */
function refuseSelfReferral(order: Order, partner: Partner): void {
  if (isSelfReferral(order.customer.email, partner.email, { registrableDomain })) {
    fail(
      'self_referral',
      `Order ${order.id} was placed by ${partner.id} itself; a self-referral earns nothing.`,
      { orderId: order.id, partner: partner.id },
    );
  }
}

/** An order by id for post facto; none is `404 not_found`. */
async function orderFor(db: Database, id: string): Promise<Order> {
  const order = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await db.getOrder(id) : null;
  if (order === null) fail('not_found', `No order ${id.slice(0, 64)}.`);
  return order;
}

/** A request as its partner sees it. */
export const presentPostFacto = (record: PostFactoRecord, deadline: string): PostFacto => ({
  id: record.id,
  partner: record.partner,
  orderId: record.orderId,
  evidence: record.evidence,
  status: record.status,
  createdAt: record.createdAt,
  decidedAt: record.decidedAt,
  deadline,
});

/** The deadline of a request's order, as `presentPostFacto` shows it. */
export async function withDeadline(db: Database, record: PostFactoRecord): Promise<PostFacto> {
  const order = await orderFor(db, record.orderId);
  return presentPostFacto(record, postFactoDeadlineOf(order));
}

/** The deadline alone, whether or not it has passed. */
const postFactoDeadlineOf = (order: Order): string =>
  referralEligibility({ method: 'post_facto', signedUpAt: order.createdAt, now: order.createdAt })
    .deadline!;

/** A request as an admin weighs it: with its order. */
export async function presentReview(
  db: Database,
  record: PostFactoRecord,
): Promise<PostFactoReview> {
  const order = await orderFor(db, record.orderId);
  return { ...presentPostFacto(record, postFactoDeadlineOf(order)), order: orderView(order) };
}

/**
 * A partner asks for an order's account: refused at once when the order
 * already has a referrer (`already_attributed`), the 30 days are over
 * (`post_facto_too_late`) or the customer is the partner itself
 * (`self_referral`). The same partner asking again while its request
 * is pending gets that request back (`created: false`).
 */
export async function requestPostFacto(
  db: Database,
  partner: Partner,
  input: PostFactoInput,
  now: Date,
): Promise<{ request: PostFacto; created: boolean }> {
  const order = await orderFor(db, input.orderId);
  if (order.attribution !== null) {
    fail('already_attributed', `Order ${order.id} already has a referrer.`, { orderId: order.id });
  }
  const deadline = postFactoDeadline(order, now);
  refuseSelfReferral(order, partner);
  // The request and its event in one transaction.
  const { record, created } = await db.transaction(async (tx) => {
    const made = await tx.createPostFacto({
      id: `pf_${randomId(16)}`,
      partner: partner.id,
      orderId: order.id,
      evidence: input.evidence,
      status: 'pending',
      createdAt: now.toISOString(),
      decidedAt: null,
    });
    if (made.created) {
      const review = await presentReview(tx, made.record);
      await emitEvent(tx, 'post_facto.requested', made.record.id, review, now);
    }
    return made;
  });
  return { request: presentPostFacto(record, deadline), created };
}

/**
 * Approves a request (the order's account becomes the partner's, method
 * `post_facto`, no discount) within 30 days of the sign-up, unless the
 * customer is the partner itself (its email may have changed since the
 * request), or rejects it.
 */
export async function decidePostFacto(
  db: Database,
  id: string,
  decision: 'approved' | 'rejected',
  now: Date,
): Promise<PostFactoReview> {
  const found = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await db.getPostFacto(id) : null;
  if (found === null) fail('not_found', `No post facto request ${id.slice(0, 64)}.`);
  if (decision === 'approved' && found.status === 'pending') {
    const order = await orderFor(db, found.orderId);
    postFactoDeadline(order, now);
    const partner = await db.getPartner(found.partner);
    if (partner !== null) refuseSelfReferral(order, partner);
  }
  // The decision and its `order.attributed` event in one transaction.
  const record = await db.transaction(async (tx) => {
    const made = decided(
      await tx.decidePostFacto(id, decision, now.toISOString()),
      'post facto request',
      id,
    );
    if (decision === 'approved') await orderAttributed(tx, made.orderId, now);
    return made;
  });
  return presentReview(db, record);
}
