import type { Affiliate, OfferCode, Database } from './database.js';

/** The demo partners a fresh database starts with (issue 4). */
export const DEMO_AFFILIATES: readonly Affiliate[] = [
  { id: 'ACME', name: 'Acme Hosting Partners', email: 'partner@acme.example' },
  { id: 'NORTHWIND', name: 'Northwind Traders', email: 'partners@northwind.example' },
];

/** The demo offer codes: ACME5 (5 % off, ACME) and NW10 (10 % off, NORTHWIND). */
export const DEMO_OFFER_CODES: readonly OfferCode[] = [
  { code: 'ACME5', affiliate: 'ACME', discountRate: '0.05', active: true },
  { code: 'NW10', affiliate: 'NORTHWIND', discountRate: '0.10', active: true },
];

/** Writes the demo affiliates and offer codes; safe to run twice. */
export async function seedDemoData(db: Database): Promise<void> {
  for (const affiliate of DEMO_AFFILIATES) await db.putAffiliate(affiliate);
  for (const offerCode of DEMO_OFFER_CODES) await db.putOfferCode(offerCode);
}
