// The attribution signals of the admin order list, read across qk_orders and qk_clicks.
import { ATTRIBUTION_SIGNAL_WINDOW_DAYS, type AttributionSignals } from '@quotekit/core';
import type { Database } from './database.js';
import type { SqlRunner } from './query.js';

export type AttributionSignalTable = Pick<Database, 'attributionSignals'>;

// One row per attributed order in scope ($1 ids, or $1 since and $2 limit);
// the window is the last parameter. Each count starts from an index:
// qk_orders_click for orders by click, qk_clicks_address for clicks from an
// address and for the clicks made where the order was placed, qk_orders_address
// for the affiliate's other orders from that address.
const signalsSql = (scope: string, window: string) => `
SELECT o.id, o.attribution_click_id AS click_id,
  CASE WHEN o.attribution_click_id IS NULL THEN NULL ELSE (
    SELECT count(*)::int FROM qk_orders same
    WHERE same.attribution_click_id = o.attribution_click_id
  ) END AS orders_by_click,
  CASE WHEN c.id IS NULL THEN NULL ELSE (
    SELECT count(*)::int FROM qk_clicks near
    WHERE near.address_hash = c.address_hash AND near.affiliate_id = c.affiliate_id
      AND near.at BETWEEN c.at - ${window}::interval AND c.at + ${window}::interval
  ) END AS clicks_from_address,
  o.address_hash IS NOT NULL AND (EXISTS (
    SELECT 1 FROM qk_orders other
    WHERE other.address_hash = o.address_hash
      AND other.attribution_affiliate = o.attribution_affiliate AND other.id <> o.id
      AND other.created_at BETWEEN o.created_at - ${window}::interval
                               AND o.created_at + ${window}::interval
  ) OR EXISTS (
    SELECT 1 FROM qk_clicks made
    JOIN qk_orders other ON other.attribution_click_id = made.id
    WHERE made.address_hash = o.address_hash AND made.affiliate_id = o.attribution_affiliate
      AND other.attribution_affiliate = o.attribution_affiliate AND other.id <> o.id
      AND other.created_at BETWEEN o.created_at - ${window}::interval
                               AND o.created_at + ${window}::interval
  )) AS own_network
FROM qk_orders o
LEFT JOIN qk_clicks c ON c.id = o.attribution_click_id
WHERE o.attribution_affiliate IS NOT NULL AND ${scope}`;

export function sqlAttributionSignals(db: SqlRunner): AttributionSignalTable {
  return {
    async attributionSignals(scope) {
      const window = `${ATTRIBUTION_SIGNAL_WINDOW_DAYS} days`;
      const rows =
        'ids' in scope
          ? scope.ids.length === 0
            ? []
            : await db.query(signalsSql('o.id = ANY($1::text[])', '$2'), [[...scope.ids], window])
          : await db.query(
              `${signalsSql('o.created_at >= $1', '$3')} ORDER BY o.number DESC LIMIT $2`,
              [scope.since, scope.limit, window],
            );
      const signals = new Map<string, AttributionSignals>();
      for (const row of rows) {
        signals.set(String(row.id), {
          click: row.click_id == null ? null : String(row.click_id),
          ordersByClick: row.orders_by_click == null ? null : Number(row.orders_by_click),
          clicksFromAddress:
            row.clicks_from_address == null ? null : Number(row.clicks_from_address),
          ownNetwork: row.own_network === true,
        });
      }
      return signals;
    },
  };
}
