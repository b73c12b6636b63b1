// The opportunity tables in plain maps, for the memory database. Each
// decision checks and writes without an await in between, which is what
// makes it atomic in a single-threaded runtime.
import type { Order, OrderAttribution } from '@quotekit/core';
import type { ClickRecord } from './database.js';
import type {
  DecisionFilter,
  OpportunityMatchRecord,
  OpportunityRecord,
  OpportunityTable,
  PostFactoRecord,
} from './opportunities.js';

const clone = <T>(value: T): T => structuredClone(value);

/** What the opportunity tables need of the rest of the memory database. */
export interface MemoryOrders {
  /** Throws once the database is closed. */
  open(): void;
  /** The stored order, to read and to attribute (the caller's own object). */
  order(id: string): Order | undefined;
  clicks(): Iterable<ClickRecord>;
}

const byAge = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function page<T extends { createdAt: string; id: string; status: string; partner: string }>(
  records: Iterable<T>,
  filter: DecisionFilter<string>,
): T[] {
  const sorted = [...records].sort(byAge);
  const cursor =
    filter.afterId === undefined ? undefined : sorted.find((r) => r.id === filter.afterId);
  return sorted
    .filter(
      (record) =>
        (filter.status === undefined || record.status === filter.status) &&
        (filter.partner === undefined || record.partner === filter.partner) &&
        (filter.afterId === undefined || (cursor !== undefined && byAge(record, cursor) > 0)),
    )
    .slice(0, filter.limit)
    .map(clone);
}

export function memoryOpportunities(orders: MemoryOrders): OpportunityTable {
  const opportunities = new Map<string, OpportunityRecord>();
  const matches = new Map<string, OpportunityMatchRecord>();
  const requests = new Map<string, PostFactoRecord>();

  /** Gives the order its referrer and closes its other open matches. */
  const attribute = (order: Order, attribution: OrderAttribution, at: string, except?: string) => {
    order.attribution = attribution;
    for (const match of matches.values()) {
      if (match.orderId === order.id && match.status === 'open' && match.id !== except) {
        match.status = 'closed';
        match.decidedAt = at;
      }
    }
  };

  return {
    async createOpportunity(record) {
      orders.open();
      if (opportunities.has(record.id)) throw new Error(`Opportunity ${record.id} exists.`);
      opportunities.set(record.id, clone(record));
    },
    async getOpportunity(id) {
      orders.open();
      const found = opportunities.get(id);
      return found ? clone(found) : null;
    },
    async updateOpportunity(record) {
      orders.open();
      const found = opportunities.get(record.id);
      if (found !== undefined) {
        opportunities.set(record.id, clone({ ...record, partner: found.partner }));
      }
    },
    async listOpportunities(partner, limit) {
      orders.open();
      return [...opportunities.values()]
        .filter((record) => record.partner === partner)
        .sort((a, b) => byAge(b, a))
        .slice(0, limit)
        .map(clone);
    },
    async findOpportunities(keys, at) {
      orders.open();
      const wanted = new Set(keys);
      const t = Date.parse(at);
      return [...opportunities.values()]
        .filter(
          (record) =>
            Date.parse(record.createdAt) <= t &&
            Date.parse(record.expiresAt) > t &&
            record.matchKeys.some((key) => wanted.has(key)),
        )
        .sort(byAge)
        .map(clone);
    },
    async recordOpportunityMatches(list) {
      orders.open();
      for (const match of list) {
        const taken = [...matches.values()].some(
          (kept) => kept.orderId === match.orderId && kept.opportunityId === match.opportunityId,
        );
        if (!taken) matches.set(match.id, clone(match));
      }
    },
    async getOpportunityMatch(id) {
      orders.open();
      const found = matches.get(id);
      return found ? clone(found) : null;
    },
    async listOpportunityMatches(filter) {
      orders.open();
      return page(matches.values(), filter);
    },
    async decideOpportunityMatch(id, decision, at) {
      orders.open();
      const match = matches.get(id);
      if (match === undefined) return { outcome: 'not_found' };
      if (match.status !== 'open') return { outcome: 'already_decided', record: clone(match) };
      const order = orders.order(match.orderId);
      if (decision === 'confirmed' && order?.attribution != null) {
        return { outcome: 'already_attributed', record: clone(match) };
      }
      match.status = decision;
      match.decidedAt = at;
      if (decision === 'confirmed' && order !== undefined) {
        attribute(order, { affiliate: match.partner, method: 'opportunity' }, at, id);
      }
      return { outcome: 'decided', record: clone(match) };
    },
    async createPostFacto(record) {
      orders.open();
      const pending = [...requests.values()].find(
        (kept) =>
          kept.partner === record.partner &&
          kept.orderId === record.orderId &&
          kept.status === 'pending',
      );
      if (pending !== undefined) return { record: clone(pending), created: false };
      requests.set(record.id, clone(record));
      return { record: clone(record), created: true };
    },
    async getPostFacto(id) {
      orders.open();
      const found = requests.get(id);
      return found ? clone(found) : null;
    },
    async listPostFacto(filter) {
      orders.open();
      return page(requests.values(), filter);
    },
    async decidePostFacto(id, decision, at) {
      orders.open();
      const request = requests.get(id);
      if (request === undefined) return { outcome: 'not_found' };
      if (request.status !== 'pending')
        return { outcome: 'already_decided', record: clone(request) };
      const order = orders.order(request.orderId);
      if (decision === 'approved' && order?.attribution != null) {
        return { outcome: 'already_attributed', record: clone(request) };
      }
      request.status = decision;
      request.decidedAt = at;
      if (decision === 'approved' && order !== undefined) {
        attribute(order, { affiliate: request.partner, method: 'post_facto' }, at);
      }
      return { outcome: 'decided', record: clone(request) };
    },
    async clicksPerDay(partner, from, to) {
      orders.open();
      const days = new Map<string, number>();
      const [start, end] = [Date.parse(from), Date.parse(to)];
      for (const click of orders.clicks()) {
        const t = Date.parse(click.at);
        if (click.affiliate !== partner || t < start || t >= end) continue;
        const day = click.at.slice(0, 10);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      return days;
    },
  };
}
