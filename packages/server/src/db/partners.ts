// The partners: qk_affiliates and their qk_offer_codes.
import type { Affiliate, Database, OfferCode } from './database.js';
import { upsertInto, type SqlRunner } from './query.js';

export type PartnerTable = Pick<
  Database,
  'putAffiliate' | 'putOfferCode' | 'getAffiliate' | 'getOfferCode' | 'isEmpty'
>;

/**
 * How long an affiliate or offer code read from a shared PostgreSQL is kept
 * in memory (30 s, as long as the app keeps a valid offer code): a change
 * made through another instance, or in the database directly, shows on this
 * one within that time; one made through this instance shows at once.
 */
export const PARTNER_CACHE_MS = 30_000;

/**
 * The partner tables in SQL. Affiliates and offer codes found are kept in
 * memory for `cacheMs` (0: not kept; `Infinity` for a database this process
 * alone writes, PGlite) and dropped at once when this process changes them.
 */
export function sqlPartners(
  db: SqlRunner,
  { cacheMs = 0, now = Date.now }: { cacheMs?: number; now?: () => number } = {},
): PartnerTable {
  // Only hits are kept, so guessing unknown codes cannot grow the cache.
  const affiliates = cacheMs > 0 ? cached<Affiliate>(cacheMs, now) : null;
  const offerCodes = cacheMs > 0 ? cached<OfferCode>(cacheMs, now) : null;
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

/** A map whose entries are forgotten `ms` after they were set. */
function cached<T>(ms: number, now: () => number) {
  const entries = new Map<string, { value: T; until: number }>();
  return {
    get(key: string): T | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.until > now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: T) {
      entries.set(key, { value, until: now() + ms });
    },
    delete(key: string) {
      entries.delete(key);
    },
  };
}
