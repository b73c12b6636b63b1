// qk_clicks: visits through an affiliate's link, recorded when the server signs a click token.
import type { Database } from './database.js';
import { insertInto, iso, text, type SqlRunner } from './query.js';

export type ClickTable = Pick<Database, 'recordClick' | 'getClick'> & {
  /** Deletes clicks recorded before `before`. */
  purgeClicks(before: string): Promise<void>;
};

export function sqlClicks(db: SqlRunner): ClickTable {
  return {
    async recordClick(click) {
      const { sql, params } = insertInto('qk_clicks', {
        id: click.id,
        affiliate_id: click.affiliate,
        at: click.at,
        landing_page: click.landingPage,
        address_hash: click.addressHash,
      });
      await db.query(sql, params);
    },
    async purgeClicks(before) {
      await db.query('DELETE FROM qk_clicks WHERE at < $1', [before]);
    },
    async getClick(id) {
      const [row] = await db.query(
        'SELECT id, affiliate_id, at, landing_page, address_hash FROM qk_clicks WHERE id = $1',
        [id],
      );
      return row === undefined
        ? null
        : {
            id: String(row.id),
            affiliate: String(row.affiliate_id),
            at: iso(row.at),
            landingPage: text(row.landing_page),
            addressHash: String(row.address_hash),
          };
    },
  };
}
