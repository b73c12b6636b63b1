// qk_orders, each with its lines, numbered from the sequence qk_order_number.
import { Dec, moneyString, type Order, type OrderAttribution } from '@quotekit/core';
import {
  OfferCodeInactiveError,
  formatOrderNumber,
  withNumber,
  type Database,
  type NewOrder,
  type StoredOrder,
} from './database.js';
import { newEventId } from './webhooks.js';
import { insertWhere, iso, json, text, type Row, type SqlRunner, type Statement } from './query.js';

export type OrderTable = Pick<
  Database,
  'insertOrder' | 'getOrder' | 'getOrderByIdempotencyKey' | 'countOrders' | 'listOrders'
>;

type Breakdown = NonNullable<Order['quote']['lines'][number]['breakdown']>;

/** The order's columns as written; the database adds `number`. */
function orderRow(order: NewOrder, idempotencyKey: string, fingerprint: string): Row {
  const { quote } = order;
  return {
    id: order.id,
    idempotency_key: idempotencyKey,
    fingerprint,
    status: order.status,
    created_at: order.createdAt,
    channel: order.channel,
    sales_rep: order.salesRep ?? null,
    sales_key_id: order.salesKeyId ?? null,
    customer_name: order.customer.name,
    customer_email: order.customer.email,
    customer_company: order.customer.company ?? null,
    customer_phone: order.customer.phone ?? null,
    offer_code: order.offerCode ?? null,
    saved_quote_id: order.savedQuoteId ?? null,
    currency: quote.currency,
    discount_rate: quote.discountRate,
    subtotal: quote.totals.subtotal,
    discount: quote.totals.discount,
    monthly_payment: quote.totals.monthlyPayment,
    one_time: quote.totals.oneTime,
    monthly_value_affiliate: quote.totals.monthlyValue.affiliate,
    monthly_value_reseller: quote.totals.monthlyValue.reseller,
    attribution_affiliate: order.attribution?.affiliate ?? null,
    attribution_method: order.attribution?.method ?? null,
    refused_affiliate: order.attributionRefused?.affiliate ?? null,
    refused_reason: order.attributionRefused?.reason ?? null,
    catalog_version: order.catalogVersion ?? null,
    attribution_click_id: order.attributionClickId ?? null,
    address_hash: order.addressHash ?? null,
    lines: JSON.stringify(lineRows(order)),
  };
}

/**
 * The order's lines as stored: one jsonb array on the order, in order, each
 * line's amounts as the decimal strings the order carries (written in the
 * order's row, so no row or foreign-key check per line).
 */
function lineRows(order: NewOrder): Row[] {
  return order.quote.lines.map((line) => ({
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
  }));
}

const ORDER_COLUMNS = `id, number::text AS number, idempotency_key, fingerprint, status, created_at,
  channel, sales_rep, customer_name, customer_email, customer_company, customer_phone, offer_code,
  saved_quote_id, currency, discount_rate::text AS discount_rate, subtotal::text AS subtotal, discount::text AS discount,
  monthly_payment::text AS monthly_payment, one_time::text AS one_time,
  monthly_value_affiliate::text AS monthly_value_affiliate,
  monthly_value_reseller::text AS monthly_value_reseller,
  attribution_affiliate, attribution_method, refused_affiliate, refused_reason, catalog_version,
  lines`;

/** An order by one column. */
const selectOrder = (where: 'id' | 'idempotency_key', param: string) =>
  `SELECT ${ORDER_COLUMNS} FROM qk_orders WHERE ${where} = ${param}`;

// The order and its lines in one row, so one statement, and one round trip;
// its `order.created` event goes into the webhook outbox in the same statement.
// When the key is taken nothing is written; the order stored under the key
// is read in the same statement instead (its snapshot is the statement's, so
// it never sees the row this statement inserts), and a replay costs one
// statement too.
function insertOrderStatement(order: NewOrder, key: string, fingerprint: string): Statement {
  const row = orderRow(order, key, fingerprint);
  // An order with an offer code is written only while the code is active: a
  // code disabled (or its partner closed) through any instance since it was
  // checked writes nothing, at no extra statement.
  const codeParam = `$${Object.keys(row).indexOf('offer_code') + 1}`;
  const active =
    order.offerCode === undefined
      ? 'true'
      : `EXISTS (SELECT 1 FROM qk_offer_codes c JOIN qk_affiliates a ON a.id = c.affiliate_id
     WHERE c.code = ${codeParam} AND c.active AND c.disabled_at IS NULL AND a.status = 'active')`;
  const insert = insertWhere('qk_orders', row, active);
  const keyParam = `$${Object.keys(row).indexOf('idempotency_key') + 1}`;
  const base = insert.params.length;
  const [before, after] = createdEventData(order);
  return {
    sql: `WITH inserted AS (
  ${insert.sql}
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING number
), event AS (
  INSERT INTO qk_webhook_events (id, type, created_at, data)
  SELECT $${base + 1}, 'order.created', $${base + 2}::timestamptz,
    ($${base + 3}::text || inserted.number::text || $${base + 4}::text)::json
  FROM inserted
)
SELECT inserted.number::text AS inserted_number, ${active} AS offer_active, stored.*
FROM (SELECT 1) AS one
LEFT JOIN inserted ON true
LEFT JOIN (${selectOrder('idempotency_key', keyParam)}) AS stored ON true`,
    params: [...insert.params, newEventId(), order.createdAt, before, after],
  };
}

/**
 * `order.created`'s data, the order as an admin reads it, as the JSON text
 * before and after its number, which the database assigns in the same
 * statement: the event is written if and only if the order is.
 */
function createdEventData(order: NewOrder): [string, string] {
  const before = `{"id":${JSON.stringify(order.id)},"number":"${formatOrderNumber('')}`;
  const text = JSON.stringify(withNumber(order, 0));
  if (!text.startsWith(`${before}0"`))
    throw new Error('An order serializes with its id, then its number.');
  return [before, text.slice(before.length + 1)];
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

function orderFrom(row: Row): Order {
  const lines = json<Row[] | null>(row.lines) ?? [];
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

export function sqlOrders(db: SqlRunner): OrderTable {
  const stored = (row: Row | undefined): StoredOrder | null =>
    row?.id == null
      ? null
      : {
          order: orderFrom(row),
          idempotencyKey: String(row.idempotency_key),
          fingerprint: String(row.fingerprint),
        };
  const storedOrder = async (where: 'id' | 'idempotency_key', value: string) =>
    stored((await db.query(selectOrder(where, '$1'), [value]))[0]);

  return {
    async insertOrder(order, idempotencyKey, fingerprint) {
      const { sql, params } = insertOrderStatement(order, idempotencyKey, fingerprint);
      const [row] = await db.query(sql, params);
      if (row?.inserted_number != null) {
        const number = String(row.inserted_number);
        return { order: withNumber(order, number), idempotencyKey, fingerprint, created: true };
      }
      // The key is taken: by an order this statement could see, or by one
      // committed while it waited (PostgreSQL waited for that writer), read now.
      const existing = stored(row) ?? (await storedOrder('idempotency_key', idempotencyKey));
      if (existing === null && row?.offer_active === false && order.offerCode !== undefined) {
        throw new OfferCodeInactiveError(order.offerCode);
      }
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
      const [row] = await db.query('SELECT count(*)::int AS n FROM qk_orders');
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
      if (filter.salesKeyId !== undefined) add('sales_key_id = ?', filter.salesKeyId);
      if (filter.beforeNumber !== undefined) add('number < ?', filter.beforeNumber);
      params.push(filter.limit);
      const rows = await db.query(
        `SELECT ${ORDER_COLUMNS} FROM qk_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY number DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(orderFrom);
    },
  };
}
