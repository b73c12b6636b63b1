// Partners and their offer codes, without HTTP: the admin routes and the
// demo seeding make them through these functions alone.
import {
  PartnerCreateRequestSchema,
  PartnerOfferCodeCreateRequestSchema,
  PartnerUpdateRequestSchema,
  type PartnerCreateRequest,
  type PartnerOfferCodeCreateRequest,
  type PartnerUpdateRequest,
} from '@quotekit/core';
import { fail, parseRequest } from '../http.js';
import type { Database, Partner, PartnerChanges, PartnerOfferCode } from '../db/database.js';

/** A decimal rate as stored and answered: its plain digits (`0.05`, `"0.050"` → `"0.050"`). */
const rateText = (value: string | number): string => String(value).trim();

/** Checks are mailed to US addresses only (seed 001 §8): `422 invalid_method` otherwise. */
function checkPayable(payout: Partner['payout'], country: string | null): void {
  if (payout.method === 'check' && country !== 'US') {
    fail(
      'invalid_method',
      `Checks are mailed to US addresses only; a partner in ${country ?? 'an unknown country'} is paid by paypal or account_credit.`,
      { method: 'check', country },
    );
  }
}

/**
 * The partner `linked` names, when `id` (of `kind`) may link to it: it
 * exists (`422 unknown_affiliate`), is of the other kind and is linked to
 * no one else (`422 invalid_input`) — seed 000 links one reseller account
 * with one affiliate account.
 */
async function linkable(
  db: Database,
  id: string,
  kind: Partner['kind'],
  linked: string,
): Promise<Partner> {
  const other = await db.getPartner(linked);
  if (other === null) {
    fail('unknown_affiliate', `There is no partner ${linked} to link ${id} to.`, {
      linkedPartner: linked,
    });
  }
  if (other.id === id || other.kind === kind) {
    fail(
      'invalid_input',
      `A ${kind} links to a partner of the other kind; ${other.id} is ${other.id === id ? 'itself' : `a ${other.kind}`}.`,
      { linkedPartner: other.id },
    );
  }
  if (other.linkedPartner !== null && other.linkedPartner !== id) {
    fail('invalid_input', `${other.id} is linked to ${other.linkedPartner} already.`, {
      linkedPartner: other.id,
    });
  }
  return other;
}

/**
 * Links `linked` back to `id`, refusing (`422 invalid_input`, and the
 * transaction rolls back) when another partner linked to it first: two
 * partners linking to one at once, on any instances, leave one link.
 */
async function linkBack(db: Database, linked: string, id: string): Promise<void> {
  if (!(await db.linkPartner(linked, id))) {
    fail('invalid_input', `${linked} is linked to another partner already.`, {
      linkedPartner: linked,
    });
  }
}

/**
 * Adds a partner: `409 partner_exists` when its id (ignoring case) is taken,
 * `422 invalid_method` for a check outside the US, and a `linkedPartner`
 * that `linkable` refuses. Ids are kept upper case, as links and codes carry
 * them; the linked partner is linked back. The partner, the link back and
 * what `created` writes (the `partner.created` event) are one transaction:
 * all of them are stored or none.
 */
export async function createPartner(
  db: Database,
  input: PartnerCreateRequest,
  now: Date,
  created?: (tx: Database, partner: Partner) => Promise<void>,
): Promise<Partner> {
  const body = parseRequest(PartnerCreateRequestSchema, input, 'partner');
  const id = body.id.toUpperCase();
  const payout = { method: body.payout.method, paypalEmail: body.payout.paypalEmail ?? null };
  checkPayable(payout, body.country);
  return db.transaction(async (tx) => {
    if ((await tx.getPartner(id)) !== null) {
      fail('partner_exists', `A partner ${id} exists already.`, { id });
    }
    const linked =
      body.linkedPartner === undefined
        ? null
        : await linkable(tx, id, body.kind, body.linkedPartner.toUpperCase());
    const partner: Partner = {
      id,
      kind: body.kind,
      name: body.name,
      email: body.email,
      website: body.website ?? null,
      country: body.country,
      payout,
      negotiatedRate: body.negotiatedRate === undefined ? null : rateText(body.negotiatedRate),
      linkedPartner: linked?.id ?? null,
      status: 'active',
      closedAt: null,
      createdAt: now.toISOString(),
    };
    if (!(await tx.createPartner(partner))) {
      fail('partner_exists', `A partner ${id} exists already.`, { id });
    }
    if (linked !== null) await linkBack(tx, linked.id, id);
    await created?.(tx, partner);
    return partner;
  });
}

/**
 * Changes the fields `input` names (`null` clears an optional one), under
 * the rules `createPartner` holds; a link changed or cleared is changed on
 * the other side too, in the same transaction.
 */
export async function updatePartner(
  db: Database,
  partner: Partner,
  input: PartnerUpdateRequest,
): Promise<Partner> {
  const body = parseRequest(PartnerUpdateRequestSchema, input, 'partner change');
  const changes: PartnerChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.email !== undefined) changes.email = body.email;
  if (body.website !== undefined) changes.website = body.website;
  if (body.country !== undefined) changes.country = body.country;
  if (body.payout !== undefined) {
    changes.payout = { method: body.payout.method, paypalEmail: body.payout.paypalEmail ?? null };
  }
  if (body.negotiatedRate !== undefined) {
    changes.negotiatedRate = body.negotiatedRate === null ? null : rateText(body.negotiatedRate);
  }
  if (body.payout !== undefined || body.country !== undefined) {
    checkPayable(changes.payout ?? partner.payout, changes.country ?? partner.country);
  }
  return db.transaction(async (tx) => {
    let linked: Partner | null = null;
    if (body.linkedPartner !== undefined && body.linkedPartner !== null) {
      linked = await linkable(tx, partner.id, partner.kind, body.linkedPartner.toUpperCase());
      changes.linkedPartner = linked.id;
    } else if (body.linkedPartner === null) changes.linkedPartner = null;
    const updated = await tx.updatePartner(partner.id, changes);
    if (updated === null) fail('not_found', `There is no partner ${partner.id}.`);
    const before = partner.linkedPartner;
    if (
      changes.linkedPartner !== undefined &&
      before !== null &&
      before !== changes.linkedPartner
    ) {
      const old = await tx.getPartner(before);
      if (old?.linkedPartner === partner.id) {
        await tx.updatePartner(before, { linkedPartner: null });
      }
    }
    if (linked !== null) await linkBack(tx, linked.id, partner.id);
    return updated;
  });
}

/**
 * Adds an offer code for `partnerId`: `404 not_found` without that partner,
 * `422 invalid_offer_code` when it is closed,
 * `409 offer_code_exists` when any partner has the code (ignoring case,
 * disabled codes included: an order that names a code names one partner).
 */
export async function createOfferCode(
  db: Database,
  partnerId: string,
  input: PartnerOfferCodeCreateRequest,
  now: Date,
): Promise<PartnerOfferCode> {
  const body = parseRequest(PartnerOfferCodeCreateRequestSchema, input, 'offer code');
  const partner = await db.getPartner(partnerId);
  if (partner === null) fail('not_found', `There is no partner ${partnerId.toUpperCase()}.`);
  if (partner.status === 'closed') {
    fail('invalid_offer_code', `Partner ${partner.id} is closed; it gets no new offer code.`, {
      partner: partner.id,
    });
  }
  const offerCode: PartnerOfferCode = {
    code: body.code.toUpperCase(),
    partner: partner.id,
    discountRate: rateText(body.discountRate),
    createdAt: now.toISOString(),
    disabledAt: null,
  };
  if (!(await db.createOfferCode(offerCode))) {
    fail('offer_code_exists', `The offer code ${offerCode.code} exists already.`, {
      code: offerCode.code,
    });
  }
  return offerCode;
}
