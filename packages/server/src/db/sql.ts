import { Dec, moneyString, type Order, type OrderAttribution } from '@quotekit/core';
import { iso, json, text, type Row, type SqlDriver } from './query.js';
import { isMigrated } from './schema-migrations.js';
import { sqlPartners } from './partners.js';
import { sqlSavedQuotes } from './saved-quotes.js';
import { sqlClicks } from './clicks.js';
import { sqlStaffKeys } from './staff-keys.js';
import { sqlRateLimits } from './rate-limits.js';
import { withNumber, type NewOrder, type Database, type StoredOrder } from './database.js';

export type { SqlDriver, SqlRunner } from './query.js';
export { migrate } from './schema-migrations.js';

type Breakdown = NonNullable<Order['quote']['lines'][number]['breakdown']>;

const ORDER_COLUMNS = `id, number::text AS number, idempotency_key, fingerprint, status, created_at,
  channel, sales_rep, customer_name, customer_email, customer_company, customer_phone, offer_code,
  saved_quote_id, currency, discount_rate::text AS discount_rate, subtotal::text AS subtotal, discount::text AS discount,
  monthly_payment::text AS monthly_payment, one_time::text AS one_time,
  monthly_value_affiliate::text AS monthly_value_affiliate,
  monthly_value_reseller::text AS monthly_value_reseller,
  attribution_affiliate, attribution_method, refused_affiliate, refused_reason, catalog_version`;

const LINE_COLUMNS = `product, name, billing, quantity::text AS quantity, amount::text AS amount,
  discount::text AS discount, net::text AS net, value_affiliate::text AS value_affiliate,
  value_reseller::text AS value_reseller, explain, breakdown`;

// The order and its lines in one statement, so one implicit transaction and
// one round trip: both are written or neither. When the key is taken, the
// order CTE returns no row and no line is written either.
const INSERT_ORDER = `WITH inserted AS (
  INSERT INTO qk_orders (id, idempotency_key, fingerprint, status, created_at,
    channel, sales_rep, customer_name, customer_email, customer_company, offer_code, saved_quote_id,
    currency, discount_rate, subtotal, discount, monthly_payment, one_time,
    monthly_value_affiliate, monthly_value_reseller,
    attribution_affiliate, attribution_method, refused_affiliate, refused_reason, customer_phone,
    catalog_version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
    $20, $21, $22, $23, $24, $26, $27)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, number
), lines AS (
  INSERT INTO qk_order_lines (order_id, position, product, name, billing,
    quantity, amount, discount, net, value_affiliate, value_reseller, explain, breakdown)
  SELECT inserted.id, l.position, l.product, l.name, l.billing, l.quantity, l.amount, l.discount,
    l.net, l.value_affiliate, l.value_reseller, l.explain, l.breakdown
  FROM inserted, jsonb_to_recordset($25::jsonb) AS l(position integer, product text, name text,
    billing text, quantity numeric, amount numeric, discount numeric, net numeric,
    value_affiliate numeric, value_reseller numeric, explain text, breakdown jsonb)
)
SELECT number::text AS number FROM inserted`;

function orderParams(order: NewOrder, key: string, fingerprint: string): unknown[] {
  const { quote } = order;
  return [
    order.id,
    key,
    fingerprint,
    order.status,
    order.createdAt,
    order.channel,
    order.salesRep ?? null,
    order.customer.name,
    order.customer.email,
    order.customer.company ?? null,
    order.offerCode ?? null,
    order.savedQuoteId ?? null,
    quote.currency,
    quote.discountRate,
    quote.totals.subtotal,
    quote.totals.discount,
    quote.totals.monthlyPayment,
    quote.totals.oneTime,
    quote.totals.monthlyValue.affiliate,
    quote.totals.monthlyValue.reseller,
    order.attribution?.affiliate ?? null,
    order.attribution?.method ?? null,
    order.attributionRefused?.affiliate ?? null,
    order.attributionRefused?.reason ?? null,
  ];
}

function linesJson(order: NewOrder): string {
  return JSON.stringify(
    order.quote.lines.map((line, position) => ({
      position,
      product: line.product,
      name: line.name,
      billing: line.billing,
      quantity: String(line.quantity),
      amount: line.amount,
      discount: line.discount,
      net: line.net,
      value_affiliate: line.value.affiliate,
      value_reseller: line.value.reseller,
      explain: line.explain,
      breakdown: line.breakdown ?? null,
    })),
  );
}

/** Σ value of the one-time lines, per program (not a column: the lines hold it). */
function oneTimeValueOf(lines: Row[], currency: string): { affiliate: string; reseller: string } {
  let affiliate = new Dec(0);
  let reseller = new Dec(0);
  for (const line of lines) {
    if (line.billing !== 'one_time') continue;
    affiliate = affiliate.plus(String(line.value_affiliate));
    reseller = reseller.plus(String(line.value_reseller));
  }
  return { affiliate: moneyString(affiliate, currency), reseller: moneyString(reseller, currency) };
}

function orderFrom(row: Row, lines: Row[]): Order {
  const company = text(row.customer_company);
  const phone = text(row.customer_phone);
  const order: NewOrder = {
    id: String(row.id),
    status: String(row.status),
    createdAt: iso(row.created_at),
    channel: row.channel as Order['channel'],
    ...(row.sales_rep == null ? {} : { salesRep: String(row.sales_rep) }),
    customer: {
      name: String(row.customer_name),
      email: String(row.customer_email),
      ...(company === null ? {} : { company }),
      ...(phone === null ? {} : { phone }),
    },
    ...(row.offer_code == null ? {} : { offerCode: String(row.offer_code) }),
    ...(row.saved_quote_id == null ? {} : { savedQuoteId: String(row.saved_quote_id) }),
    quote: {
      currency: String(row.currency),
      discountRate: String(row.discount_rate),
      lines: lines.map((line) => ({
        product: String(line.product),
        name: String(line.name),
        billing: line.billing as 'monthly' | 'one_time',
        quantity: Number(line.quantity),
        amount: String(line.amount),
        discount: String(line.discount),
        net: String(line.net),
        value: { affiliate: String(line.value_affiliate), reseller: String(line.value_reseller) },
        ...(line.breakdown == null ? {} : { breakdown: json<Breakdown>(line.breakdown) }),
        explain: String(line.explain),
      })),
      totals: {
        subtotal: String(row.subtotal),
        discount: String(row.discount),
        monthlyPayment: String(row.monthly_payment),
        oneTime: String(row.one_time),
        monthlyValue: {
          affiliate: String(row.monthly_value_affiliate),
          reseller: String(row.monthly_value_reseller),
        },
        oneTimeValue: oneTimeValueOf(lines, String(row.currency)),
      },
    },
    attribution:
      row.attribution_affiliate == null
        ? null
        : {
            affiliate: String(row.attribution_affiliate),
            // Written by this server from ReferralMethodSchema's values.
            method: String(row.attribution_method) as OrderAttribution['method'],
          },
    ...(row.refused_affiliate == null
      ? {}
      : {
          attributionRefused: {
            affiliate: String(row.refused_affiliate),
            reason: String(row.refused_reason),
          },
        }),
    ...(row.catalog_version == null ? {} : { catalogVersion: String(row.catalog_version) }),
  };
  return withNumber(order, String(row.number));
}

/**
 * A `Database` over a SQL database (PGlite or PostgreSQL). Run `migrate` on the
 * driver first; `openPGliteDatabase` and `openPostgresDatabase` do.
 */
export function createSqlDatabase(
  driver: SqlDriver,
  options: {
    /**
     * Keep affiliates and offer codes found in memory, written through on
     * change. Only for a database this process alone writes (PGlite): a
     * shared PostgreSQL may be changed by others.
     */
    cacheReferenceData?: boolean;
  } = {},
): Database {
  const storedOrder = async (where: string, value: string): Promise<StoredOrder | null> => {
    const [row] = await driver.query(`SELECT ${ORDER_COLUMNS} FROM qk_orders WHERE ${where} = $1`, [
      value,
    ]);
    if (row === undefined) return null;
    const lines = await driver.query(
      `SELECT ${LINE_COLUMNS} FROM qk_order_lines WHERE order_id = $1 ORDER BY position`,
      [row.id],
    );
    return {
      order: orderFrom(row, lines),
      idempotencyKey: String(row.idempotency_key),
      fingerprint: String(row.fingerprint),
    };
  };

  const { purgeSavedQuotes, ...savedQuotes } = sqlSavedQuotes(driver);
  const { purgeRateLimits, ...rateLimits } = sqlRateLimits(driver);
  return {
    kind: driver.kind,
    ...sqlPartners(driver, options.cacheReferenceData),
    ...savedQuotes,
    async insertOrder(order, idempotencyKey, fingerprint) {
      const [row] = await driver.query<{ number: string }>(INSERT_ORDER, [
        ...orderParams(order, idempotencyKey, fingerprint),
        linesJson(order),
        order.customer.phone ?? null,
        order.catalogVersion ?? null,
      ]);
      // No row: the key is taken (PostgreSQL waited for the other writer to commit).
      const number = row?.number ?? null;
      if (number !== null) {
        return { order: withNumber(order, number), idempotencyKey, fingerprint, created: true };
      }
      const existing = await storedOrder('idempotency_key', idempotencyKey);
      if (existing === null) throw new Error(`The order for key ${idempotencyKey} vanished.`);
      return { ...existing, created: false };
    },
    async getOrder(id) {
      return (await storedOrder('id', id))?.order ?? null;
    },
    async getOrderByIdempotencyKey(key) {
      return storedOrder('idempotency_key', key);
    },
    async countOrders() {
      const [row] = await driver.query('SELECT count(*)::int AS n FROM qk_orders');
      return Number(row?.n);
    },
    async listOrders(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      if (filter.since !== undefined) add('created_at >= ?', filter.since);
      if (filter.channel !== undefined) add('channel = ?', filter.channel);
      if (filter.affiliate !== undefined) add('attribution_affiliate = ?', filter.affiliate);
      if (filter.salesRep !== undefined) add('sales_rep = ?', filter.salesRep);
      if (filter.beforeNumber !== undefined) add('number < ?', filter.beforeNumber);
      params.push(filter.limit);
      const rows = await driver.query(
        `SELECT ${ORDER_COLUMNS} FROM qk_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY number DESC LIMIT $${params.length}`,
        params,
      );
      if (rows.length === 0) return [];
      const lines = await driver.query(
        `SELECT order_id, ${LINE_COLUMNS} FROM qk_order_lines WHERE order_id = ANY($1::text[])
         ORDER BY order_id, position`,
        [rows.map((row) => String(row.id))],
      );
      const byOrder = new Map<string, Row[]>();
      for (const line of lines) {
        const id = String(line.order_id);
        byOrder.set(id, [...(byOrder.get(id) ?? []), line]);
      }
      return rows.map((row) => orderFrom(row, byOrder.get(String(row.id)) ?? []));
    },
    ...sqlClicks(driver),
    ...sqlStaffKeys(driver),
    ...rateLimits,
    async purgeExpired(now, windowsBefore) {
      await purgeRateLimits(windowsBefore);
      return purgeSavedQuotes(now);
    },
    ready: () => isMigrated(driver),
    close: () => driver.close(),
  };
}
