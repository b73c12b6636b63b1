// The partners: qk_affiliates and their qk_offer_codes.
import type { Affiliate, Database, OfferCode } from './database.js';
import { upsertInto, type SqlRunner } from './query.js';

export type PartnerTable = Pick<
  Database,
  'putAffiliate' | 'putOfferCode' | 'getAffiliate' | 'getOfferCode' | 'isEmpty'
>;

/**
 * The partner tables in SQL. With `cache`, affiliates and offer codes found
 * are kept in memory and dropped on change: only for a database this process
 * alone writes (PGlite), as a shared PostgreSQL may be changed by others.
 */
export function sqlPartners(db: SqlRunner, cache = false): PartnerTable {
  // Only hits are kept, so guessing unknown codes cannot grow the cache.
  const affiliates = cache ? new Map<string, Affiliate>() : null;
  const offerCodes = cache ? new Map<string, OfferCode>() : null;
  return {
    async putAffiliate(affiliate) {
      const id = affiliate.id.toUpperCase();
      affiliates?.delete(id);
      const { sql, params } = upsertInto('qk_affiliates', 'id', {
        id,
        name: affiliate.name,
        email: affiliate.email,
      });
      await db.query(sql, params);
      affiliates?.delete(id);
    },
    async putOfferCode(offer) {
      const code = offer.code.toUpperCase();
      offerCodes?.delete(code);
      const { sql, params } = upsertInto('qk_offer_codes', 'code', {
        code,
        affiliate_id: offer.affiliate.toUpperCase(),
        discount_rate: offer.discountRate,
        active: offer.active,
      });
      await db.query(sql, params);
      offerCodes?.delete(code);
    },
    async getAffiliate(id) {
      const cached = affiliates?.get(id.toUpperCase());
      if (cached) return { ...cached };
      const [row] = await db.query('SELECT id, name, email FROM qk_affiliates WHERE id = $1', [
        id.toUpperCase(),
      ]);
      if (row === undefined) return null;
      const found = { id: String(row.id), name: String(row.name), email: String(row.email) };
      affiliates?.set(found.id, found);
      return { ...found };
    },
    async getOfferCode(code) {
      const cached = offerCodes?.get(code.toUpperCase());
      if (cached) return { ...cached };
      const [row] = await db.query(
        `SELECT code, affiliate_id, discount_rate::text AS discount_rate, active
         FROM qk_offer_codes WHERE code = $1`,
        [code.toUpperCase()],
      );
      if (row === undefined) return null;
      const found = {
        code: String(row.code),
        affiliate: String(row.affiliate_id),
        discountRate: String(row.discount_rate),
        active: row.active === true,
      };
      offerCodes?.set(found.code, found);
      return { ...found };
    },
    async isEmpty() {
      const [row] = await db.query('SELECT count(*)::int AS n FROM qk_affiliates');
      return Number(row?.n) === 0;
    },
  };
}
