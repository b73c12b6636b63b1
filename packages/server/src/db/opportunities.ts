// qk_opportunities, qk_opportunity_matches and qk_post_facto: the
// referrals a partner registers ahead (seed 001 §6e) or asks for after the
// sign-up (§6f), and the admin's decisions on them, which attribute the order.
import type { MatchKeyKind, OpportunityMatchStatus, PostFactoStatus } from '@quotekit/core';
import { insertInto, iso, text, type Row, type SqlDriver, type SqlRunner } from './query.js';

/** A registered opportunity as stored, with the keys it is matched by (core's `matchKeys`). */
export interface OpportunityRecord {
  id: string;
  partner: string;
  company: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  matchKeys: string[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

/** A match between an order and an opportunity, for an admin to decide. */
export interface OpportunityMatchRecord {
  id: string;
  opportunityId: string;
  partner: string;
  orderId: string;
  matchedOn: MatchKeyKind[];
  status: OpportunityMatchStatus;
  createdAt: string;
  decidedAt: string | null;
}

/** A partner's request to be credited with an order after the fact. */
export interface PostFactoRecord {
  id: string;
  partner: string;
  orderId: string;
  evidence: string;
  status: PostFactoStatus;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * What deciding a match or a request came to: done, or why not — no such
 * one, decided already, or its order already has a referrer.
 */
export type Decided<T> =
  | { outcome: 'decided'; record: T }
  | { outcome: 'not_found' }
  | { outcome: 'already_decided'; record: T }
  | { outcome: 'already_attributed'; record: T };

/** Which matches or requests a list returns, oldest first; `afterId` is the cursor. */
export interface DecisionFilter<S extends string> {
  status?: S;
  partner?: string;
  limit: number;
  /** Only those listed after this one (the last id of the previous page). */
  afterId?: string;
}

export interface OpportunityTable {
  createOpportunity(record: OpportunityRecord): Promise<void>;
  getOpportunity(id: string): Promise<OpportunityRecord | null>;
  /** Replaces an opportunity's fields; the id and partner stay. */
  updateOpportunity(record: OpportunityRecord): Promise<void>;
  /** A partner's opportunities, newest first. */
  listOpportunities(partner: string, limit: number): Promise<OpportunityRecord[]>;
  /** Opportunities registered by `at` and not expired at it that share at least one of `keys`. */
  findOpportunities(keys: readonly string[], at: string): Promise<OpportunityRecord[]>;
  /** Stores matches; one already stored for the same order and opportunity is left as it is. */
  recordOpportunityMatches(matches: readonly OpportunityMatchRecord[]): Promise<void>;
  getOpportunityMatch(id: string): Promise<OpportunityMatchRecord | null>;
  listOpportunityMatches(
    filter: DecisionFilter<OpportunityMatchStatus>,
  ): Promise<OpportunityMatchRecord[]>;
  /**
   * Confirms or rejects an open match at once, across processes. Confirming
   * attributes its order to the match's partner with method `opportunity`
   * (only while the order has no referrer) and closes the order's other open
   * matches.
   */
  decideOpportunityMatch(
    id: string,
    decision: 'confirmed' | 'rejected',
    at: string,
  ): Promise<Decided<OpportunityMatchRecord>>;
  /**
   * Stores a request unless the partner has one pending for the order: then
   * that one is returned with `created: false`.
   */
  createPostFacto(record: PostFactoRecord): Promise<{ record: PostFactoRecord; created: boolean }>;
  getPostFacto(id: string): Promise<PostFactoRecord | null>;
  listPostFacto(filter: DecisionFilter<PostFactoStatus>): Promise<PostFactoRecord[]>;
  /**
   * Approves or rejects a pending request at once, across processes.
   * Approving attributes its order to the partner with method `post_facto`
   * (only while the order has no referrer) and closes the order's open matches.
   */
  decidePostFacto(
    id: string,
    decision: 'approved' | 'rejected',
    at: string,
  ): Promise<Decided<PostFactoRecord>>;
  /** Clicks through the partner's links per UTC day (`YYYY-MM-DD`) from `from` up to (not incl.) `to`. */
  clicksPerDay(partner: string, from: string, to: string): Promise<Map<string, number>>;
}

const OPPORTUNITY_COLUMNS = `id, partner_id, company, contact_name, email, phone, website,
  match_keys, created_at, updated_at, expires_at`;
const MATCH_COLUMNS = `id, opportunity_id, partner_id, order_id, matched_on, status, created_at, decided_at`;
const POST_FACTO_COLUMNS = `id, partner_id, order_id, evidence, status, created_at, decided_at`;

/** A text[] column: an array from the drivers, or PostgreSQL's `{a,b}` text from one that does not parse it. */
const textArray = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  const inner = String(value ?? '').replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((item) => item.replace(/^"|"$/g, ''));
};

const opportunityFrom = (row: Row): OpportunityRecord => ({
  id: String(row.id),
  partner: String(row.partner_id),
  company: String(row.company),
  contactName: text(row.contact_name),
  email: text(row.email),
  phone: text(row.phone),
  website: text(row.website),
  matchKeys: textArray(row.match_keys),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  expiresAt: iso(row.expires_at),
});

const matchFrom = (row: Row): OpportunityMatchRecord => ({
  id: String(row.id),
  opportunityId: String(row.opportunity_id),
  partner: String(row.partner_id),
  orderId: String(row.order_id),
  matchedOn: textArray(row.matched_on) as MatchKeyKind[],
  status: String(row.status) as OpportunityMatchStatus,
  createdAt: iso(row.created_at),
  decidedAt: row.decided_at === null ? null : iso(row.decided_at),
});

const postFactoFrom = (row: Row): PostFactoRecord => ({
  id: String(row.id),
  partner: String(row.partner_id),
  orderId: String(row.order_id),
  evidence: String(row.evidence),
  status: String(row.status) as PostFactoStatus,
  createdAt: iso(row.created_at),
  decidedAt: row.decided_at === null ? null : iso(row.decided_at),
});

/** `WHERE` for a list filter on `status` and `partner_id`, after the cursor, oldest first. */
function listQuery(table: string, columns: string, filter: DecisionFilter<string>) {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
  if (filter.partner !== undefined) where.push(`partner_id = ${param(filter.partner)}`);
  if (filter.afterId !== undefined) {
    const id = param(filter.afterId);
    where.push(`(created_at, id) > (SELECT created_at, id FROM ${table} WHERE id = ${id})`);
  }
  const sql = `SELECT ${columns} FROM ${table}
    ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
    ORDER BY created_at, id LIMIT ${param(filter.limit)}`;
  return { sql, params };
}

/**
 * Attributes the order, when it has no referrer yet, and closes its other
 * open matches. The order's row is locked first by every decision, so two
 * decisions on one order, on any instance, take turns.
 */
async function attributeOrder(
  tx: SqlRunner,
  orderId: string,
  partner: string,
  method: 'opportunity' | 'post_facto',
  at: string,
  exceptMatch: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE qk_orders SET attribution_affiliate = $2, attribution_method = $3 WHERE id = $1`,
    [orderId, partner, method],
  );
  await tx.query(
    `UPDATE qk_opportunity_matches SET status = 'closed', decided_at = $2
     WHERE order_id = $1 AND status = 'open' AND id IS DISTINCT FROM $3`,
    [orderId, at, exceptMatch],
  );
}

/** Locks the order's row and says whether it has a referrer; null when there is no such order. */
async function lockOrder(tx: SqlRunner, orderId: string): Promise<{ attributed: boolean } | null> {
  const [row] = await tx.query(
    'SELECT attribution_affiliate FROM qk_orders WHERE id = $1 FOR UPDATE',
    [orderId],
  );
  return row === undefined ? null : { attributed: row.attribution_affiliate !== null };
}

export function sqlOpportunities(db: SqlDriver): OpportunityTable {
  const table: OpportunityTable = {
    async createOpportunity(record) {
      const { sql, params } = insertInto('qk_opportunities', {
        id: record.id,
        partner_id: record.partner,
        company: record.company,
        contact_name: record.contactName,
        email: record.email,
        phone: record.phone,
        website: record.website,
        match_keys: record.matchKeys,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        expires_at: record.expiresAt,
      });
      await db.query(sql, params);
    },
    async getOpportunity(id) {
      const [row] = await db.query(
        `SELECT ${OPPORTUNITY_COLUMNS} FROM qk_opportunities WHERE id = $1`,
        [id],
      );
      return row === undefined ? null : opportunityFrom(row);
    },
    async updateOpportunity(record) {
      await db.query(
        `UPDATE qk_opportunities SET company = $2, contact_name = $3, email = $4, phone = $5,
           website = $6, match_keys = $7, updated_at = $8, expires_at = $9
         WHERE id = $1`,
        [
          record.id,
          record.company,
          record.contactName,
          record.email,
          record.phone,
          record.website,
          record.matchKeys,
          record.updatedAt,
          record.expiresAt,
        ],
      );
    },
    async listOpportunities(partner, limit) {
      const rows = await db.query(
        `SELECT ${OPPORTUNITY_COLUMNS} FROM qk_opportunities WHERE partner_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2`,
        [partner, limit],
      );
      return rows.map(opportunityFrom);
    },
    async findOpportunities(keys, at) {
      if (keys.length === 0) return [];
      const rows = await db.query(
        `SELECT ${OPPORTUNITY_COLUMNS} FROM qk_opportunities
         WHERE match_keys && $1::text[] AND created_at <= $2 AND expires_at > $2
         ORDER BY created_at, id`,
        [keys, at],
      );
      return rows.map(opportunityFrom);
    },
    async recordOpportunityMatches(matches) {
      for (const match of matches) {
        const { sql, params } = insertInto('qk_opportunity_matches', {
          id: match.id,
          opportunity_id: match.opportunityId,
          partner_id: match.partner,
          order_id: match.orderId,
          matched_on: match.matchedOn,
          status: match.status,
          created_at: match.createdAt,
          decided_at: match.decidedAt,
        });
        await db.query(`${sql} ON CONFLICT (order_id, opportunity_id) DO NOTHING`, params);
      }
    },
    async getOpportunityMatch(id) {
      const [row] = await db.query(
        `SELECT ${MATCH_COLUMNS} FROM qk_opportunity_matches WHERE id = $1`,
        [id],
      );
      return row === undefined ? null : matchFrom(row);
    },
    async listOpportunityMatches(filter) {
      const { sql, params } = listQuery('qk_opportunity_matches', MATCH_COLUMNS, filter);
      return (await db.query(sql, params)).map(matchFrom);
    },
    decideOpportunityMatch(id, decision, at) {
      return db.transaction(async (tx) => {
        const [found] = await tx.query(
          `SELECT ${MATCH_COLUMNS} FROM qk_opportunity_matches WHERE id = $1`,
          [id],
        );
        if (found === undefined) return { outcome: 'not_found' };
        const order = decision === 'confirmed' ? await lockOrder(tx, String(found.order_id)) : null;
        const [row] = await tx.query(
          `SELECT ${MATCH_COLUMNS} FROM qk_opportunity_matches WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const match = matchFrom(row!);
        if (match.status !== 'open') return { outcome: 'already_decided', record: match };
        if (order?.attributed) return { outcome: 'already_attributed', record: match };
        await tx.query(
          'UPDATE qk_opportunity_matches SET status = $2, decided_at = $3 WHERE id = $1',
          [id, decision, at],
        );
        if (decision === 'confirmed') {
          await attributeOrder(tx, match.orderId, match.partner, 'opportunity', at, id);
        }
        return { outcome: 'decided', record: { ...match, status: decision, decidedAt: at } };
      });
    },
    async createPostFacto(record) {
      const { sql, params } = insertInto('qk_post_facto', {
        id: record.id,
        partner_id: record.partner,
        order_id: record.orderId,
        evidence: record.evidence,
        status: record.status,
        created_at: record.createdAt,
        decided_at: record.decidedAt,
      });
      const inserted = await db.query(
        `${sql} ON CONFLICT (partner_id, order_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
        params,
      );
      if (inserted.length > 0) return { record: { ...record }, created: true };
      const [row] = await db.query(
        `SELECT ${POST_FACTO_COLUMNS} FROM qk_post_facto
         WHERE partner_id = $1 AND order_id = $2 AND status = 'pending'`,
        [record.partner, record.orderId],
      );
      // Decided between the two statements: try again, it can be stored now.
      return row === undefined
        ? table.createPostFacto(record)
        : { record: postFactoFrom(row), created: false };
    },
    async getPostFacto(id) {
      const [row] = await db.query(
        `SELECT ${POST_FACTO_COLUMNS} FROM qk_post_facto WHERE id = $1`,
        [id],
      );
      return row === undefined ? null : postFactoFrom(row);
    },
    async listPostFacto(filter) {
      const { sql, params } = listQuery('qk_post_facto', POST_FACTO_COLUMNS, filter);
      return (await db.query(sql, params)).map(postFactoFrom);
    },
    decidePostFacto(id, decision, at) {
      return db.transaction(async (tx) => {
        const [found] = await tx.query(`SELECT order_id FROM qk_post_facto WHERE id = $1`, [id]);
        if (found === undefined) return { outcome: 'not_found' };
        const order = decision === 'approved' ? await lockOrder(tx, String(found.order_id)) : null;
        const [row] = await tx.query(
          `SELECT ${POST_FACTO_COLUMNS} FROM qk_post_facto WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const request = postFactoFrom(row!);
        if (request.status !== 'pending') return { outcome: 'already_decided', record: request };
        if (order?.attributed) return { outcome: 'already_attributed', record: request };
        await tx.query('UPDATE qk_post_facto SET status = $2, decided_at = $3 WHERE id = $1', [
          id,
          decision,
          at,
        ]);
        if (decision === 'approved') {
          await attributeOrder(tx, request.orderId, request.partner, 'post_facto', at, null);
        }
        return { outcome: 'decided', record: { ...request, status: decision, decidedAt: at } };
      });
    },
    async clicksPerDay(partner, from, to) {
      const rows = await db.query(
        `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS clicks
         FROM qk_clicks WHERE affiliate_id = $1 AND at >= $2 AND at < $3
         GROUP BY day`,
        [partner, from, to],
      );
      return new Map(rows.map((row) => [String(row.day), Number(row.clicks)]));
    },
  };
  return table;
}
