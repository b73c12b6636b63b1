import type { PartnerCreateRequest, PartnerOfferCodeCreateRequest } from '@quotekit/core';
import { createOfferCode, createPartner } from '../program/partners.js';
import type { Database } from './database.js';

/** The demo partners a fresh database starts with: two US affiliates. */
export const DEMO_PARTNERS: readonly PartnerCreateRequest[] = [
  {
    id: 'ACME',
    kind: 'affiliate',
    name: 'Acme Hosting Partners',
    email: 'partner@acme.example',
    website: 'https://acme.example/',
    country: 'US',
    payout: { method: 'paypal', paypalEmail: 'payouts@acme.example' },
  },
  {
    id: 'NORTHWIND',
    kind: 'affiliate',
    name: 'Northwind Traders',
    email: 'partners@northwind.example',
    website: 'https://northwind.example/',
    country: 'US',
    payout: { method: 'check' },
  },
];

/** The demo offer codes: ACME5 (5 % off, ACME) and NW10 (10 % off, NORTHWIND). */
export const DEMO_OFFER_CODES: ReadonlyArray<PartnerOfferCodeCreateRequest & { partner: string }> =
  [
    { partner: 'ACME', code: 'ACME5', discountRate: '0.05' },
    { partner: 'NORTHWIND', code: 'NW10', discountRate: '0.10' },
  ];

/**
 * Makes the demo partners and their codes the way `POST /v1/partners` and
 * `POST /v1/partners/:id/offer-codes` do; what exists already is left as it
 * is, so it is safe to run twice.
 */
export async function seedDemoData(db: Database, now: Date = new Date()): Promise<void> {
  for (const partner of DEMO_PARTNERS) {
    if ((await db.getPartner(partner.id)) === null) await createPartner(db, partner, now);
  }
  for (const { partner, ...offerCode } of DEMO_OFFER_CODES) {
    if ((await db.getOfferCode(offerCode.code)) === null) {
      await createOfferCode(db, partner, offerCode, now);
    }
  }
}
