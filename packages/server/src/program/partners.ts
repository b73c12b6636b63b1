// Partners and their offer codes, without HTTP: the admin routes and the
// demo seeding make them through these functions alone.
import {
  PartnerCreateRequestSchema,
  PartnerOfferCodeCreateRequestSchema,
  type PartnerCreateRequest,
  type PartnerOfferCodeCreateRequest,
} from '@quotekit/core';
import { fail, parseRequest } from '../http.js';
import type { Database, Partner, PartnerOfferCode } from '../db/database.js';

/** A decimal rate as stored and answered: its plain digits (`0.05`, `"0.050"` → `"0.050"`). */
const rateText = (value: string | number): string => String(value).trim();

/**
 * Adds a partner: `409 partner_exists` when its id (ignoring case) is taken,
 * `422 unknown_affiliate` when `linkedPartner` names no partner. Ids are
 * kept upper case, as links and codes carry them.
 */
export async function createPartner(
  db: Database,
  input: PartnerCreateRequest,
  now: Date,
): Promise<Partner> {
  const body = parseRequest(PartnerCreateRequestSchema, input, 'partner');
  const id = body.id.toUpperCase();
  const linked = body.linkedPartner?.toUpperCase() ?? null;
  if (linked !== null && (await db.getPartner(linked)) === null) {
    fail('unknown_affiliate', `There is no partner ${linked} to link ${id} to.`, {
      linkedPartner: linked,
    });
  }
  const partner: Partner = {
    id,
    kind: body.kind,
    name: body.name,
    email: body.email,
    website: body.website ?? null,
    country: body.country,
    payout: { method: body.payout.method, paypalEmail: body.payout.paypalEmail ?? null },
    negotiatedRate: body.negotiatedRate === undefined ? null : rateText(body.negotiatedRate),
    linkedPartner: linked,
    status: 'active',
    closedAt: null,
    createdAt: now.toISOString(),
  };
  if (!(await db.createPartner(partner))) {
    fail('partner_exists', `A partner ${id} exists already.`, { id });
  }
  return partner;
}

/**
 * Adds an offer code for `partnerId`: `404 not_found` without that partner,
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
