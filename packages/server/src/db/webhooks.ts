// qk_webhook_endpoints, qk_webhook_events (the outbox) and
// qk_webhook_deliveries: what is sent where, written in the transaction of
// the change that causes it, and delivered by the worker (webhooks/worker.ts).
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEventType,
} from '../webhooks/webhooks.schema.js';
import { insertInto, iso, json, text, type Row, type SqlDriver, type SqlRunner } from './query.js';

/** An endpoint as stored: with the secrets that sign for it. */
export interface WebhookEndpointRecord extends WebhookEndpoint {
  secret: string;
  /** The secret before the last rotation, signing too until `previousSecretExpiresAt`. */
  previousSecret: string | null;
}

/** What `updateWebhookEndpoint` may change. */
export type WebhookEndpointChange = Partial<
  Pick<
    WebhookEndpointRecord,
    | 'events'
    | 'enabled'
    | 'description'
    | 'disabledReason'
    | 'disabledAt'
    | 'failingSince'
    | 'secret'
    | 'previousSecret'
    | 'previousSecretExpiresAt'
  >
> & { updatedAt: string };

/** An event for the outbox: `data` is the object as the API shows it to an admin. */
export interface NewWebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: unknown;
}

/** A delivery the worker is to attempt: its event's body as the endpoint receives it. */
export interface DueDelivery {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The JSON body sent, `{ id, type, timestamp, data }`. */
  body: string;
  attempts: number;
  createdAt: string;
}

/** Which deliveries a list returns, newest first; `beforeId` is the cursor. */
export interface DeliveryFilter {
  endpoint?: string;
  status?: WebhookDeliveryStatus;
  limit: number;
  /** Only those listed after this one (the last id of the previous page). */
  beforeId?: string;
}

/** The outcome of one attempt, as the worker records it. */
export interface AttemptRecord {
  attempt: WebhookAttempt;
  status: WebhookDeliveryStatus;
  nextAttemptAt: string | null;
}

export interface WebhookTable {
  createWebhookEndpoint(record: WebhookEndpointRecord): Promise<void>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpointRecord | null>;
  /** Every endpoint, oldest first. */
  listWebhookEndpoints(): Promise<WebhookEndpointRecord[]>;
  /** Changes an endpoint; null when there is none with this id. */
  updateWebhookEndpoint(
    id: string,
    change: WebhookEndpointChange,
  ): Promise<WebhookEndpointRecord | null>;
  /** Deletes an endpoint and its deliveries; false when there was none. */
  deleteWebhookEndpoint(id: string): Promise<boolean>;
  /** Writes an event into the outbox on its own (`recordEvent` writes one inside a transaction); an id written before is ignored. */
  recordWebhookEvent(event: NewWebhookEvent): Promise<void>;
  /**
   * Turns up to `limit` outbox events into one pending delivery per enabled
   * endpoint subscribed to their type, once across processes. Returns the
   * events dispatched.
   */
  dispatchWebhookEvents(now: string, limit: number): Promise<number>;
  /**
   * Claims up to `limit` enabled endpoints with a delivery due at `now` that
   * no live claim holds, for `worker` until `until`. One worker at a time
   * sends to an endpoint; a claim whose worker died lapses at `until`.
   */
  claimWebhookEndpoints(
    worker: string,
    now: string,
    until: string,
    limit: number,
  ): Promise<WebhookEndpointRecord[]>;
  /** Extends `worker`'s claim; false when it no longer holds it. */
  renewWebhookClaim(endpointId: string, worker: string, until: string): Promise<boolean>;
  releaseWebhookClaim(endpointId: string, worker: string): Promise<void>;
  /** The endpoint's deliveries due at `now`, in the order their events happened. */
  dueWebhookDeliveries(endpointId: string, now: string, limit: number): Promise<DueDelivery[]>;
  recordWebhookAttempt(deliveryId: string, record: AttemptRecord): Promise<void>;
  getWebhookDelivery(id: string): Promise<WebhookDelivery | null>;
  listWebhookDeliveries(filter: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** Makes a delivery due at `now`, whatever its status; null when there is none. */
  retryWebhookDelivery(id: string, now: string): Promise<WebhookDelivery | null>;
  /** When the oldest event still to be delivered happened (enabled endpoints only), or null. */
  oldestUndeliveredWebhookEvent(): Promise<string | null>;
  /** Deletes events and deliveries older than `before` that nothing waits for any more. */
  purgeWebhookEvents(before: string): Promise<void>;
}

/** The JSON body an endpoint receives for an event. */
export const webhookBody = (event: { id: string; type: string; createdAt: string }, data: string) =>
  `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.createdAt)},"data":${data}}`;

/**
 * Writes an event into the outbox inside the caller's transaction: it is
 * delivered if and only if the change it reports is committed.
 */
export async function recordEvent(
  tx: SqlRunner,
  type: WebhookEventType,
  data: unknown,
  options: { id?: string; at: string },
): Promise<void> {
  const { sql, params } = insertInto('qk_webhook_events', {
    id: options.id ?? newEventId(),
    type,
    created_at: options.at,
    data: JSON.stringify(data),
  });
  // An event id written before is the same event: written once.
  await tx.query(`${sql} ON CONFLICT (id) DO NOTHING`, params);
}

/** A new event id, `evt_` and 22 random letters and digits. */
export function newEventId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'evt_';
  while (id.length < 26) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 248 && id.length < 26) id += alphabet[byte % 62];
    }
  }
  return id;
}

const ENDPOINT_COLUMNS = `id, url, description, events, enabled, disabled_reason, disabled_at,
  failing_since, created_at, updated_at, secret, previous_secret, previous_secret_expires_at`;

const nullableIso = (value: unknown): string | null => (value == null ? null : iso(value));

const textArray = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : String(value)
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);

function endpointFrom(row: Row): WebhookEndpointRecord {
  return {
    id: String(row.id),
    url: String(row.url),
    description: text(row.description),
    events: textArray(row.events) as WebhookEventType[],
    enabled: Boolean(row.enabled),
    disabledReason: text(row.disabled_reason),
    disabledAt: nullableIso(row.disabled_at),
    failingSince: nullableIso(row.failing_since),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    previousSecretExpiresAt: nullableIso(row.previous_secret_expires_at),
    secret: String(row.secret),
    previousSecret: text(row.previous_secret),
  };
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, e.type AS event_type, d.status,
  d.attempts, d.next_attempt_at, d.created_at, d.delivered_at`;

function deliveryFrom(row: Row): WebhookDelivery {
  return {
    id: String(row.id),
    endpoint: String(row.endpoint_id),
    eventId: String(row.event_id),
    eventType: String(row.event_type) as WebhookEventType,
    status: String(row.status) as WebhookDeliveryStatus,
    attempts: json<WebhookAttempt[]>(row.attempts),
    nextAttemptAt: nullableIso(row.next_attempt_at),
    createdAt: iso(row.created_at),
    deliveredAt: nullableIso(row.delivered_at),
  };
}

/** The columns `updateWebhookEndpoint` writes, by field. */
const CHANGE_COLUMNS: Record<keyof WebhookEndpointChange, string> = {
  events: 'events',
  enabled: 'enabled',
  description: 'description',
  disabledReason: 'disabled_reason',
  disabledAt: 'disabled_at',
  failingSince: 'failing_since',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretExpiresAt: 'previous_secret_expires_at',
  updatedAt: 'updated_at',
};

export function sqlWebhooks(db: SqlDriver): WebhookTable {
  const selectDelivery = (where: string) =>
    `SELECT ${DELIVERY_COLUMNS} FROM qk_webhook_deliveries d
     JOIN qk_webhook_events e ON e.seq = d.event_seq ${where}`;
  const table: WebhookTable = {
    async createWebhookEndpoint(record) {
      const { sql, params } = insertInto('qk_webhook_endpoints', {
        id: record.id,
        url: record.url,
        description: record.description,
        events: record.events,
        enabled: record.enabled,
        disabled_reason: record.disabledReason,
        disabled_at: record.disabledAt,
        failing_since: record.failingSince,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        secret: record.secret,
        previous_secret: record.previousSecret,
        previous_secret_expires_at: record.previousSecretExpiresAt,
      });
      await db.query(sql, params);
    },
    async getWebhookEndpoint(id) {
      const [row] = await db.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM qk_webhook_endpoints WHERE id = $1`,
        [id],
      );
      return row === undefined ? null : endpointFrom(row);
    },
    async listWebhookEndpoints() {
      const rows = await db.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM qk_webhook_endpoints ORDER BY created_at, id`,
      );
      return rows.map(endpointFrom);
    },
    async updateWebhookEndpoint(id, change) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [field, value] of Object.entries(change)) {
        if (value === undefined) continue;
        params.push(value);
        sets.push(`${CHANGE_COLUMNS[field as keyof WebhookEndpointChange]} = $${params.length}`);
      }
      const [row] = await db.query(
        `UPDATE qk_webhook_endpoints SET ${sets.join(', ')} WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
        params,
      );
      return row === undefined ? null : endpointFrom(row);
    },
    async deleteWebhookEndpoint(id) {
      const rows = await db.query('DELETE FROM qk_webhook_endpoints WHERE id = $1 RETURNING id', [
        id,
      ]);
      return rows.length > 0;
    },
    async recordWebhookEvent(event) {
      await recordEvent(db, event.type, event.data, { id: event.id, at: event.createdAt });
    },
    async dispatchWebhookEvents(now, limit) {
      // One statement: the events it takes stay locked until it commits, so
      // another process skips them instead of dispatching them twice.
      const rows = await db.query(
        `WITH batch AS (
           SELECT seq, id, type, created_at FROM qk_webhook_events
           WHERE NOT dispatched ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
         ), fanned AS (
           INSERT INTO qk_webhook_deliveries (id, event_seq, event_id, endpoint_id, status, next_attempt_at, created_at)
           SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), b.seq, b.id, p.id, 'pending', $1, $1
           FROM batch b JOIN qk_webhook_endpoints p
             ON p.enabled AND b.type = ANY (p.events) AND b.created_at >= p.created_at
           ON CONFLICT (event_id, endpoint_id) DO NOTHING
         )
         UPDATE qk_webhook_events SET dispatched = true
         WHERE seq IN (SELECT seq FROM batch) RETURNING seq`,
        [now, limit],
      );
      return rows.length;
    },
    async claimWebhookEndpoints(worker, now, until, limit) {
      const rows = await db.query(
        `UPDATE qk_webhook_endpoints SET claimed_by = $1, claimed_until = $3
         WHERE id IN (
           SELECT p.id FROM qk_webhook_endpoints p
           WHERE p.enabled AND (p.claimed_until IS NULL OR p.claimed_until <= $2)
             AND EXISTS (SELECT 1 FROM qk_webhook_deliveries d
                         WHERE d.endpoint_id = p.id AND d.status = 'pending' AND d.next_attempt_at <= $2)
           ORDER BY p.id LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING ${ENDPOINT_COLUMNS}`,
        [worker, now, until, limit],
      );
      return rows.map(endpointFrom);
    },
    async renewWebhookClaim(endpointId, worker, until) {
      const rows = await db.query(
        `UPDATE qk_webhook_endpoints SET claimed_until = $3
         WHERE id = $1 AND claimed_by = $2 AND enabled RETURNING id`,
        [endpointId, worker, until],
      );
      return rows.length > 0;
    },
    async releaseWebhookClaim(endpointId, worker) {
      await db.query(
        `UPDATE qk_webhook_endpoints SET claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2`,
        [endpointId, worker],
      );
    },
    async dueWebhookDeliveries(endpointId, now, limit) {
      const rows = await db.query(
        `SELECT d.id, d.event_id, e.type, e.created_at AS event_created_at, e.data::text AS data,
                d.attempt_count, d.created_at
         FROM qk_webhook_deliveries d JOIN qk_webhook_events e ON e.seq = d.event_seq
         WHERE d.endpoint_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2
         ORDER BY d.event_seq LIMIT $3`,
        [endpointId, now, limit],
      );
      return rows.map((row) => ({
        id: String(row.id),
        eventId: String(row.event_id),
        eventType: String(row.type) as WebhookEventType,
        body: webhookBody(
          {
            id: String(row.event_id),
            type: String(row.type),
            createdAt: iso(row.event_created_at),
          },
          String(row.data),
        ),
        attempts: Number(row.attempt_count),
        createdAt: iso(row.created_at),
      }));
    },
    async recordWebhookAttempt(deliveryId, { attempt, status, nextAttemptAt }) {
      await db.query(
        `UPDATE qk_webhook_deliveries SET
           attempts = attempts || $2::jsonb, attempt_count = attempt_count + 1,
           status = $3, next_attempt_at = $4,
           delivered_at = CASE WHEN $3 = 'delivered' THEN $5::timestamptz ELSE delivered_at END
         WHERE id = $1`,
        [deliveryId, JSON.stringify([attempt]), status, nextAttemptAt, attempt.at],
      );
    },
    async getWebhookDelivery(id) {
      const [row] = await db.query(selectDelivery('WHERE d.id = $1'), [id]);
      return row === undefined ? null : deliveryFrom(row);
    },
    async listWebhookDeliveries(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replaceAll('?', `$${params.length}`));
      };
      if (filter.endpoint !== undefined) add('d.endpoint_id = ?', filter.endpoint);
      if (filter.status !== undefined) add('d.status = ?', filter.status);
      if (filter.beforeId !== undefined) {
        add('d.seq < (SELECT seq FROM qk_webhook_deliveries WHERE id = ?)', filter.beforeId);
      }
      params.push(filter.limit);
      const rows = await db.query(
        `${selectDelivery(where.length ? `WHERE ${where.join(' AND ')}` : '')}
         ORDER BY d.seq DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(deliveryFrom);
    },
    async retryWebhookDelivery(id, now) {
      const rows = await db.query(
        `UPDATE qk_webhook_deliveries SET status = 'pending', next_attempt_at = $2
         WHERE id = $1 RETURNING id`,
        [id, now],
      );
      return rows.length === 0 ? null : table.getWebhookDelivery(id);
    },
    async oldestUndeliveredWebhookEvent() {
      const [row] = await db.query(
        `SELECT min(at) AS at FROM (
           SELECT min(created_at) AS at FROM qk_webhook_events WHERE NOT dispatched
           UNION ALL
           SELECT min(e.created_at) FROM qk_webhook_deliveries d
           JOIN qk_webhook_events e ON e.seq = d.event_seq
           JOIN qk_webhook_endpoints p ON p.id = d.endpoint_id AND p.enabled
           WHERE d.status = 'pending') AS oldest`,
      );
      return nullableIso(row?.at);
    },
    async purgeWebhookEvents(before) {
      await db.query(
        `DELETE FROM qk_webhook_deliveries WHERE created_at < $1 AND status <> 'pending'`,
        [before],
      );
      await db.query(
        `DELETE FROM qk_webhook_events e WHERE e.dispatched AND e.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM qk_webhook_deliveries d WHERE d.event_seq = e.seq)`,
        [before],
      );
    },
  };
  return table;
}
