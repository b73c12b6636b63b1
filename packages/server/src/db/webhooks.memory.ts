// The webhook tables in plain maps, as db/webhooks.ts keeps them in SQL.
import type { WebhookDelivery } from '../webhooks/webhooks.schema.js';
import {
  webhookBody,
  type NewWebhookEvent,
  type WebhookEndpointRecord,
  type WebhookTable,
} from './webhooks.js';

interface StoredEvent {
  seq: number;
  id: string;
  type: NewWebhookEvent['type'];
  createdAt: string;
  /** The JSON text of the object. */
  data: string;
  dispatched: boolean;
}

interface StoredDelivery extends WebhookDelivery {
  seq: number;
  eventSeq: number;
}

interface StoredEndpoint extends WebhookEndpointRecord {
  claimedBy: string | null;
  claimedUntil: string | null;
}

const clone = <T>(value: T): T => structuredClone(value);
const ms = Date.parse;

export function memoryWebhooks(open: () => void): WebhookTable {
  const endpoints = new Map<string, StoredEndpoint>();
  const events: StoredEvent[] = [];
  const deliveries = new Map<string, StoredDelivery>();
  let eventSeq = 0;
  let deliverySeq = 0;

  const recordOf = (endpoint: StoredEndpoint): WebhookEndpointRecord => {
    const record: Partial<StoredEndpoint> = clone(endpoint);
    delete record.claimedBy;
    delete record.claimedUntil;
    return record as WebhookEndpointRecord;
  };
  const deliveryOf = (delivery: StoredDelivery): WebhookDelivery => {
    const shown: Partial<StoredDelivery> = clone(delivery);
    delete shown.seq;
    delete shown.eventSeq;
    return shown as WebhookDelivery;
  };
  const eventOf = (seq: number) => events.find((event) => event.seq === seq)!;

  const table: WebhookTable = {
    async createWebhookEndpoint(record) {
      open();
      endpoints.set(record.id, { ...clone(record), claimedBy: null, claimedUntil: null });
    },
    async getWebhookEndpoint(id) {
      open();
      const found = endpoints.get(id);
      return found === undefined ? null : recordOf(found);
    },
    async listWebhookEndpoints() {
      open();
      return [...endpoints.values()]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map(recordOf);
    },
    async updateWebhookEndpoint(id, change) {
      open();
      const found = endpoints.get(id);
      if (found === undefined) return null;
      for (const [field, value] of Object.entries(change)) {
        if (value !== undefined) Object.assign(found, { [field]: clone(value) });
      }
      return recordOf(found);
    },
    async deleteWebhookEndpoint(id) {
      open();
      for (const [key, delivery] of deliveries) {
        if (delivery.endpoint === id) deliveries.delete(key);
      }
      return endpoints.delete(id);
    },
    async recordWebhookEvent(event) {
      open();
      if (events.some((stored) => stored.id === event.id)) return;
      events.push({
        seq: ++eventSeq,
        id: event.id,
        type: event.type,
        createdAt: event.createdAt,
        data: JSON.stringify(event.data),
        dispatched: false,
      });
    },
    async dispatchWebhookEvents(now, limit) {
      open();
      const batch = events.filter((event) => !event.dispatched).slice(0, limit);
      for (const event of batch) {
        for (const endpoint of endpoints.values()) {
          if (!endpoint.enabled || !endpoint.events.includes(event.type)) continue;
          if (ms(event.createdAt) < ms(endpoint.createdAt)) continue;
          const seq = ++deliverySeq;
          const id = `whd_${crypto.randomUUID().replaceAll('-', '')}`;
          deliveries.set(id, {
            id,
            seq,
            eventSeq: event.seq,
            endpoint: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            status: 'pending',
            attempts: [],
            nextAttemptAt: now,
            createdAt: now,
            deliveredAt: null,
          });
        }
        event.dispatched = true;
      }
      return batch.length;
    },
    async claimWebhookEndpoints(worker, now, until, limit) {
      open();
      const claimed: WebhookEndpointRecord[] = [];
      for (const endpoint of [...endpoints.values()].sort((a, b) => a.id.localeCompare(b.id))) {
        if (claimed.length >= limit) break;
        if (!endpoint.enabled) continue;
        if (endpoint.claimedUntil !== null && ms(endpoint.claimedUntil) > ms(now)) continue;
        const due = [...deliveries.values()].some(
          (d) =>
            d.endpoint === endpoint.id &&
            d.status === 'pending' &&
            ms(d.nextAttemptAt ?? now) <= ms(now),
        );
        if (!due) continue;
        endpoint.claimedBy = worker;
        endpoint.claimedUntil = until;
        claimed.push(recordOf(endpoint));
      }
      return claimed;
    },
    async renewWebhookClaim(endpointId, worker, until) {
      open();
      const endpoint = endpoints.get(endpointId);
      if (endpoint === undefined || endpoint.claimedBy !== worker || !endpoint.enabled) {
        return false;
      }
      endpoint.claimedUntil = until;
      return true;
    },
    async releaseWebhookClaim(endpointId, worker) {
      open();
      const endpoint = endpoints.get(endpointId);
      if (endpoint?.claimedBy === worker) {
        endpoint.claimedBy = null;
        endpoint.claimedUntil = null;
      }
    },
    async dueWebhookDeliveries(endpointId, now, limit) {
      open();
      return [...deliveries.values()]
        .filter(
          (d) =>
            d.endpoint === endpointId &&
            d.status === 'pending' &&
            ms(d.nextAttemptAt ?? now) <= ms(now),
        )
        .sort((a, b) => a.eventSeq - b.eventSeq)
        .slice(0, limit)
        .map((d) => {
          const event = eventOf(d.eventSeq);
          return {
            id: d.id,
            eventId: d.eventId,
            eventType: d.eventType,
            body: webhookBody(event, event.data),
            attempts: d.attempts.length,
            createdAt: d.createdAt,
          };
        });
    },
    async recordWebhookAttempt(deliveryId, { attempt, status, nextAttemptAt }) {
      open();
      const delivery = deliveries.get(deliveryId);
      if (delivery === undefined) return;
      delivery.attempts.push(clone(attempt));
      delivery.status = status;
      delivery.nextAttemptAt = nextAttemptAt;
      if (status === 'delivered') delivery.deliveredAt = attempt.at;
    },
    async getWebhookDelivery(id) {
      open();
      const found = deliveries.get(id);
      return found === undefined ? null : deliveryOf(found);
    },
    async listWebhookDeliveries(filter) {
      open();
      const before =
        filter.beforeId === undefined ? Infinity : (deliveries.get(filter.beforeId)?.seq ?? -1);
      return [...deliveries.values()]
        .filter(
          (d) =>
            (filter.endpoint === undefined || d.endpoint === filter.endpoint) &&
            (filter.status === undefined || d.status === filter.status) &&
            d.seq < before,
        )
        .sort((a, b) => b.seq - a.seq)
        .slice(0, filter.limit)
        .map(deliveryOf);
    },
    async retryWebhookDelivery(id, now) {
      open();
      const found = deliveries.get(id);
      if (found === undefined) return null;
      found.status = 'pending';
      found.nextAttemptAt = now;
      return deliveryOf(found);
    },
    async oldestUndeliveredWebhookEvent() {
      open();
      const waiting = events.filter((event) => !event.dispatched).map((event) => event.createdAt);
      for (const d of deliveries.values()) {
        if (d.status === 'pending' && endpoints.get(d.endpoint)?.enabled) {
          waiting.push(eventOf(d.eventSeq).createdAt);
        }
      }
      return waiting.length === 0 ? null : waiting.sort()[0]!;
    },
    async purgeWebhookEvents(before) {
      open();
      for (const [id, d] of deliveries) {
        if (d.status !== 'pending' && ms(d.createdAt) < ms(before)) deliveries.delete(id);
      }
      const waited = new Set([...deliveries.values()].map((d) => d.eventSeq));
      for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i]!;
        if (event.dispatched && ms(event.createdAt) < ms(before) && !waited.has(event.seq)) {
          events.splice(i, 1);
        }
      }
    },
  };
  return table;
}
