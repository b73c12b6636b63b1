// qk_saved_quotes: configurations stored under a short id until they expire.
import type { SavedQuoteContent } from '@quotekit/core';
import type { Database } from './database.js';
import { insertInto, iso, json, text, type SqlRunner } from './query.js';

export interface SavedQuoteTable extends Pick<Database, 'createSavedQuote' | 'getSavedQuote'> {
  /** Deletes the saved quotes that expired before `now`; returns how many. */
  purgeSavedQuotes(now: string): Promise<number>;
}

export function sqlSavedQuotes(db: SqlRunner): SavedQuoteTable {
  return {
    async createSavedQuote(record) {
      const { sql, params } = insertInto('qk_saved_quotes', {
        id: record.id,
        quote: JSON.stringify(record.quote),
        affiliate_id: record.affiliate,
        offer_code: record.offerCode,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
        click_id: record.clickId,
        staff_key_id: record.staffKeyId,
      });
      await db.query(sql, params);
    },
    async getSavedQuote(id) {
      const [row] = await db.query(
        `SELECT id, quote, affiliate_id, offer_code, created_at, expires_at, click_id, staff_key_id
         FROM qk_saved_quotes WHERE id = $1`,
        [id],
      );
      if (row === undefined) return null;
      return {
        id: String(row.id),
        quote: json<SavedQuoteContent>(row.quote),
        affiliate: text(row.affiliate_id),
        offerCode: text(row.offer_code),
        createdAt: iso(row.created_at),
        expiresAt: iso(row.expires_at),
        clickId: text(row.click_id),
        staffKeyId: text(row.staff_key_id),
      };
    },
    async purgeSavedQuotes(now) {
      const rows = await db.query(
        'DELETE FROM qk_saved_quotes WHERE expires_at < $1 RETURNING id',
        [now],
      );
      return rows.length;
    },
  };
}
