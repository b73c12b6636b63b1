// The partners: qk_affiliates and their qk_offer_codes.
import type { Affiliate, Database, Partner, PartnerChanges, PartnerOfferCode } from './database.js';
import { insertInto, iso, text, upsertInto, type Row, type SqlRunner } from './query.js';

export type PartnerTable = Pick<
  Database,
  | 'putAffiliate'
  | 'putOfferCode'
  | 'getAffiliate'
  | 'getOfferCode'
  | 'isEmpty'
  | 'createPartner'
  | 'getPartner'
  | 'listPartners'
  | 'updatePartner'
  | 'linkPartner'
  | 'createOfferCode'
  | 'listOfferCodes'
  | 'disableOfferCode'
>;

const PARTNER_COLUMNS = `id, kind, name, email, website, country, payout_method, paypal_email,
  negotiated_rate::text AS negotiated_rate, linked_partner, status, closed_at, created_at`;

function partnerFrom(row: Row): Partner {
  return {
    id: String(row.id),
    kind: row.kind === 'reseller' ? 'reseller' : 'affiliate',
    name: String(row.name),
    email: String(row.email),
    website: text(row.website),
    country: text(row.country),
    payout: {
      method: row.payout_method as Partner['payout']['method'],
      paypalEmail: text(row.paypal_email),
    },
    negotiatedRate: text(row.negotiated_rate),
    linkedPartner: text(row.linked_partner),
    status: row.status === 'closed' ? 'closed' : 'active',
    closedAt: row.closed_at == null ? null : iso(row.closed_at),
    createdAt: iso(row.created_at),
  };
}

/** A partner's columns, from the fields `changes` names (all of a new partner's). */
function partnerColumns(changes: PartnerChanges): Row {
  const row: Row = {};
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.email !== undefined) row.email = changes.email;
  if (changes.website !== undefined) row.website = changes.website;
  if (changes.country !== undefined) row.country = changes.country?.toUpperCase() ?? null;
  if (changes.payout !== undefined) {
    row.payout_method = changes.payout.method;
    row.paypal_email = changes.payout.paypalEmail;
  }
  if (changes.negotiatedRate !== undefined) row.negotiated_rate = changes.negotiatedRate;
  if (changes.linkedPartner !== undefined) {
    row.linked_partner = changes.linkedPartner?.toUpperCase() ?? null;
  }
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.closedAt !== undefined) row.closed_at = changes.closedAt;
  return row;
}

const OFFER_COLUMNS = `code, affiliate_id, discount_rate::text AS discount_rate, created_at, disabled_at`;

function offerCodeFrom(row: Row): PartnerOfferCode {
  return {
    code: String(row.code),
    partner: String(row.affiliate_id),
    discountRate: String(row.discount_rate),
    createdAt: iso(row.created_at),
    disabledAt: row.disabled_at == null ? null : iso(row.disabled_at),
  };
}

/**
 * How long an affiliate read from a shared PostgreSQL is kept in memory
 * (30 s): a change made through another instance, or in the database
 * directly, shows on this one within that time; one made through this
 * instance shows at once. Offer codes are not kept: a code disabled, or a
 * partner closed, stops its codes on every instance at once.
 */
export const PARTNER_CACHE_MS = 30_000;

/**
 * The partner tables in SQL. Affiliates found are kept in memory for
 * `cacheMs` (0: not kept; `Infinity` for a database this process alone
 * writes, PGlite) and dropped at once when this process changes them.
 */
export function sqlPartners(
  db: SqlRunner,
  {
    cacheMs = 0,
    now = Date.now,
    changed,
  }: {
    cacheMs?: number;
    now?: () => number;
    /** Called with the id of each partner written: a transaction's tables tell the cache outside it. */
    changed?: (id: string) => void;
  } = {},
): PartnerTable & { forgetAffiliate(id: string): void } {
  // Only hits are kept, so guessing unknown ids cannot grow the cache.
  const cache = cacheMs > 0 ? cached<Affiliate>(cacheMs, now) : null;
  const affiliates = {
    get: (id: string) => cache?.get(id),
    set: (id: string, value: Affiliate) => cache?.set(id, value),
    delete(id: string) {
      cache?.delete(id);
      changed?.(id);
    },
  };
  return {
    forgetAffiliate: (id) => cache?.delete(id),
    async putAffiliate(affiliate) {
      const id = affiliate.id.toUpperCase();
      affiliates.delete(id);
      const { sql, params } = upsertInto('qk_affiliates', 'id', {
        id,
        name: affiliate.name,
        email: affiliate.email,
      });
      await db.query(sql, params);
      affiliates.delete(id);
    },
    async putOfferCode(offer) {
      const code = offer.code.toUpperCase();
      const { sql, params } = upsertInto('qk_offer_codes', 'code', {
        code,
        affiliate_id: offer.affiliate.toUpperCase(),
        discount_rate: offer.discountRate,
        active: offer.active,
      });
      await db.query(sql, params);
    },
    async getAffiliate(id) {
      const cached = affiliates.get(id.toUpperCase());
      if (cached) return { ...cached };
      const [row] = await db.query('SELECT id, name, email FROM qk_affiliates WHERE id = $1', [
        id.toUpperCase(),
      ]);
      if (row === undefined) return null;
      const found = { id: String(row.id), name: String(row.name), email: String(row.email) };
      affiliates.set(found.id, found);
      return { ...found };
    },
    async getOfferCode(code) {
      // Active only while it is not disabled and its partner is not closed.
      const [row] = await db.query(
        `SELECT c.code, c.affiliate_id, c.discount_rate::text AS discount_rate,
           c.active AND c.disabled_at IS NULL AND a.status = 'active' AS active
         FROM qk_offer_codes c JOIN qk_affiliates a ON a.id = c.affiliate_id
         WHERE c.code = $1`,
        [code.toUpperCase()],
      );
      if (row === undefined) return null;
      return {
        code: String(row.code),
        affiliate: String(row.affiliate_id),
        discountRate: String(row.discount_rate),
        active: row.active === true,
      };
    },
    async isEmpty() {
      const [row] = await db.query('SELECT count(*)::int AS n FROM qk_affiliates');
      return Number(row?.n) === 0;
    },
    async createPartner(partner) {
      const id = partner.id.toUpperCase();
      const { sql, params } = insertInto('qk_affiliates', {
        id,
        kind: partner.kind,
        ...partnerColumns(partner),
        created_at: partner.createdAt,
      });
      const rows = await db.query(`${sql} ON CONFLICT (id) DO NOTHING RETURNING id`, params);
      affiliates.delete(id);
      return rows.length === 1;
    },
    async getPartner(id) {
      const [row] = await db.query(`SELECT ${PARTNER_COLUMNS} FROM qk_affiliates WHERE id = $1`, [
        id.toUpperCase(),
      ]);
      return row === undefined ? null : partnerFrom(row);
    },
    async listPartners(filter) {
      const params: unknown[] = [filter.after?.toUpperCase() ?? '', filter.kind ?? null];
      const rows = await db.query(
        `SELECT ${PARTNER_COLUMNS} FROM qk_affiliates
         WHERE id > $1 AND ($2::text IS NULL OR kind = $2)
         ORDER BY id LIMIT ${Math.max(0, Math.floor(filter.limit))}`,
        params,
      );
      return rows.map(partnerFrom);
    },
    async updatePartner(id, changes) {
      const upper = id.toUpperCase();
      const row = partnerColumns(changes);
      const columns = Object.keys(row);
      const sets = columns.map((column, i) => `${column} = $${i + 2}`);
      const [updated] =
        columns.length === 0
          ? await db.query(`SELECT ${PARTNER_COLUMNS} FROM qk_affiliates WHERE id = $1`, [upper])
          : await db.query(
              `UPDATE qk_affiliates SET ${sets.join(', ')} WHERE id = $1 RETURNING ${PARTNER_COLUMNS}`,
              [upper, ...Object.values(row)],
            );
      affiliates.delete(upper);
      return updated === undefined ? null : partnerFrom(updated);
    },
    async linkPartner(id, to) {
      const upper = id.toUpperCase();
      // Concurrent links to one partner queue on its row; the later re-reads it and finds it taken.
      const rows = await db.query(
        `UPDATE qk_affiliates SET linked_partner = $2
         WHERE id = $1 AND (linked_partner IS NULL OR linked_partner = $2) RETURNING id`,
        [upper, to.toUpperCase()],
      );
      affiliates.delete(upper);
      return rows.length === 1;
    },
    async createOfferCode(offer) {
      const code = offer.code.toUpperCase();
      const { sql, params } = insertInto('qk_offer_codes', {
        code,
        affiliate_id: offer.partner.toUpperCase(),
        discount_rate: offer.discountRate,
        active: true,
        created_at: offer.createdAt,
        disabled_at: offer.disabledAt,
      });
      const rows = await db.query(`${sql} ON CONFLICT (code) DO NOTHING RETURNING code`, params);
      return rows.length === 1;
    },
    async listOfferCodes(partner) {
      const rows = await db.query(
        `SELECT ${OFFER_COLUMNS} FROM qk_offer_codes WHERE affiliate_id = $1 ORDER BY code`,
        [partner.toUpperCase()],
      );
      return rows.map(offerCodeFrom);
    },
    async disableOfferCode(partner, code, at) {
      const upper = code.toUpperCase();
      const [row] = await db.query(
        `UPDATE qk_offer_codes SET disabled_at = coalesce(disabled_at, $3)
         WHERE affiliate_id = $1 AND code = $2 RETURNING ${OFFER_COLUMNS}`,
        [partner.toUpperCase(), upper, at],
      );
      return row === undefined ? null : offerCodeFrom(row);
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
