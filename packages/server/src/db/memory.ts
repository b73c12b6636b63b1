import {
  ATTRIBUTION_SIGNAL_WINDOW_DAYS,
  type AttributionSignals,
  type Order,
} from '@quotekit/core';
import {
  OfferCodeInactiveError,
  clickCutoff,
  FIRST_ORDER_NUMBER,
  withNumber,
  type Affiliate,
  type ClickRecord,
  type NewOrder,
  type StaffKey,
  type Partner,
  type PartnerOfferCode,
  type SavedQuoteRecord,
  type Database,
  type StoredOrder,
} from './database.js';
import { memoryOpportunities } from './opportunities.memory.js';
import { memoryLedger } from './ledger-memory.js';
import { newEventId, type NewWebhookEvent } from './webhooks.js';
import { memoryWebhooks } from './webhooks.memory.js';

// Records are cloned in and out so that a caller mutating what it holds
// cannot change what it holds, as with a real database.
const clone = <T>(value: T): T => structuredClone(value);

/** A partner written by `putAffiliate` alone, as SQL's column defaults make it. */
const newPartner = (id: string): Partner => ({
  id,
  kind: 'affiliate',
  name: '',
  email: '',
  website: null,
  country: null,
  payout: { method: 'check', paypalEmail: null },
  negotiatedRate: null,
  linkedPartner: null,
  status: 'active',
  closedAt: null,
  createdAt: new Date().toISOString(),
});

const affiliateOf = (partner: Partner): Affiliate => ({
  id: partner.id,
  name: partner.name,
  email: partner.email,
});

const offerCodeOf = (offer: PartnerOfferCode): PartnerOfferCode => ({
  code: offer.code,
  partner: offer.partner,
  discountRate: offer.discountRate,
  createdAt: offer.createdAt,
  disabledAt: offer.disabledAt,
});

/**
 * A database in plain maps: for tests, stories and the Mock Service Worker
 * handlers. Runs in browsers; forgets everything when dropped.
 */
export function createMemoryDatabase(): Database {
  const affiliates = new Map<string, Partner>();
  /** Offer codes with `active` as last written (a disabled code or a closed partner's is not active). */
  const offerCodes = new Map<string, PartnerOfferCode & { active: boolean }>();
  const savedQuotes = new Map<string, SavedQuoteRecord>();
  const orders = new Map<string, StoredOrder>();
  /** The staff key that placed each phone order, by order id. */
  const salesKeys = new Map<string, string>();
  /** The click that credited each attributed order, and the hash of its address, by order id. */
  const origins = new Map<string, { clickId?: string; addressHash?: string }>();
  const byKey = new Map<string, string>();
  const clicks = new Map<string, ClickRecord>();
  const staffKeys = new Map<string, StaffKey>();
  const windows = new Map<string, { start: string; hits: number }>();
  let nextNumber = FIRST_ORDER_NUMBER;
  let closed = false;

  const open = () => {
    if (closed) throw new Error('The database is closed.');
  };
  /** `bucket`'s window when it is still open at `at`. */
  const openWindow = (bucket: string, at: string, windowMs: number) => {
    const window = windows.get(bucket);
    return window !== undefined && Date.parse(window.start) > Date.parse(at) - windowMs
      ? window
      : undefined;
  };

  const webhooks = memoryWebhooks(open);

  const db: Database = {
    kind: 'memory',
    ...webhooks,
    ...memoryOpportunities({
      open,
      order: (id) => orders.get(id)?.order,
      clicks: () => clicks.values(),
    }),
    ...memoryLedger(open),
    async putAffiliate(affiliate) {
      open();
      const id = affiliate.id.toUpperCase();
      const kept = affiliates.get(id) ?? newPartner(id);
      affiliates.set(id, clone({ ...kept, name: affiliate.name, email: affiliate.email }));
    },
    async putOfferCode(offerCode) {
      open();
      const affiliate = offerCode.affiliate.toUpperCase();
      if (!affiliates.has(affiliate)) throw new Error(`No affiliate ${affiliate}.`);
      const code = offerCode.code.toUpperCase();
      const kept = offerCodes.get(code);
      offerCodes.set(code, {
        code,
        partner: affiliate,
        discountRate: offerCode.discountRate,
        active: offerCode.active,
        createdAt: kept?.createdAt ?? new Date().toISOString(),
        disabledAt: kept?.disabledAt ?? null,
      });
    },
    async getAffiliate(id) {
      open();
      const found = affiliates.get(id.toUpperCase());
      return found ? affiliateOf(found) : null;
    },
    async getOfferCode(code) {
      open();
      const found = offerCodes.get(code.toUpperCase());
      if (found === undefined) return null;
      return {
        code: found.code,
        affiliate: found.partner,
        discountRate: found.discountRate,
        active:
          found.active &&
          found.disabledAt === null &&
          affiliates.get(found.partner)?.status === 'active',
      };
    },
    async isEmpty() {
      open();
      return affiliates.size === 0;
    },
    async createPartner(partner) {
      open();
      const id = partner.id.toUpperCase();
      if (affiliates.has(id)) return false;
      const linked = partner.linkedPartner?.toUpperCase() ?? null;
      if (linked !== null && !affiliates.has(linked)) throw new Error(`No partner ${linked}.`);
      affiliates.set(id, clone({ ...partner, id, linkedPartner: linked }));
      return true;
    },
    async getPartner(id) {
      open();
      const found = affiliates.get(id.toUpperCase());
      return found ? clone(found) : null;
    },
    async listPartners(filter) {
      open();
      const after = filter.after?.toUpperCase() ?? '';
      return [...affiliates.values()]
        .filter((p) => p.id > after && (filter.kind === undefined || p.kind === filter.kind))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, Math.max(0, Math.floor(filter.limit)))
        .map(clone);
    },
    async updatePartner(id, changes) {
      open();
      const found = affiliates.get(id.toUpperCase());
      if (found === undefined) return null;
      const linked =
        changes.linkedPartner === undefined
          ? found.linkedPartner
          : (changes.linkedPartner?.toUpperCase() ?? null);
      if (linked !== null && !affiliates.has(linked)) throw new Error(`No partner ${linked}.`);
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      const updated: Partner = clone({ ...found, ...defined, linkedPartner: linked });
      if (updated.country !== null) updated.country = updated.country.toUpperCase();
      affiliates.set(found.id, updated);
      return clone(updated);
    },
    async linkPartner(id, to) {
      open();
      const found = affiliates.get(id.toUpperCase());
      const other = to.toUpperCase();
      if (found === undefined || !affiliates.has(other)) return false;
      if (found.linkedPartner !== null && found.linkedPartner !== other) return false;
      affiliates.set(found.id, { ...found, linkedPartner: other });
      return true;
    },
    async createOfferCode(offerCode) {
      open();
      const partner = offerCode.partner.toUpperCase();
      if (!affiliates.has(partner)) throw new Error(`No partner ${partner}.`);
      const code = offerCode.code.toUpperCase();
      if (offerCodes.has(code)) return false;
      offerCodes.set(code, { ...clone(offerCode), code, partner, active: true });
      return true;
    },
    async listOfferCodes(partner) {
      open();
      const id = partner.toUpperCase();
      return [...offerCodes.values()]
        .filter((offer) => offer.partner === id)
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map(offerCodeOf);
    },
    async disableOfferCode(partner, code, at) {
      open();
      const found = offerCodes.get(code.toUpperCase());
      if (found === undefined || found.partner !== partner.toUpperCase()) return null;
      found.disabledAt ??= at;
      return offerCodeOf(found);
    },
    async createSavedQuote(record) {
      open();
      if (savedQuotes.has(record.id)) throw new Error(`Saved quote ${record.id} exists.`);
      savedQuotes.set(record.id, clone(record));
    },
    async getSavedQuote(id) {
      open();
      const found = savedQuotes.get(id);
      return found ? clone(found) : null;
    },
    async insertOrder(order: NewOrder, idempotencyKey, fingerprint) {
      open();
      // Check and write without an await in between: that is what makes
      // concurrent calls with one key safe in a single-threaded runtime.
      const existingId = byKey.get(idempotencyKey);
      if (existingId !== undefined) return { ...clone(orders.get(existingId)!), created: false };
      // As the SQL insert: a code no longer active writes nothing.
      if (order.offerCode !== undefined) {
        const offer = offerCodes.get(order.offerCode.toUpperCase());
        const active =
          offer !== undefined &&
          offer.active &&
          offer.disabledAt === null &&
          affiliates.get(offer.partner)?.status === 'active';
        if (!active) throw new OfferCodeInactiveError(order.offerCode);
      }
      if (order.salesKeyId !== undefined) salesKeys.set(order.id, order.salesKeyId);
      origins.set(order.id, {
        ...(order.attributionClickId === undefined ? {} : { clickId: order.attributionClickId }),
        ...(order.addressHash === undefined ? {} : { addressHash: order.addressHash }),
      });
      const stored: StoredOrder = {
        order: withNumber(clone(order), nextNumber++),
        idempotencyKey,
        fingerprint,
      };
      orders.set(order.id, stored);
      byKey.set(idempotencyKey, order.id);
      // Written with the order, as the SQL databases do in the same statement.
      void webhooks.recordWebhookEvent({
        id: newEventId(),
        type: 'order.created',
        createdAt: stored.order.createdAt,
        data: stored.order,
      });
      return { ...clone(stored), created: true };
    },
    async getOrder(id) {
      open();
      const found = orders.get(id);
      return found ? clone(found.order) : null;
    },
    async getOrderByIdempotencyKey(key) {
      open();
      const id = byKey.get(key);
      return id === undefined ? null : clone(orders.get(id)!);
    },
    async countOrders() {
      open();
      return orders.size;
    },
    async listOrders(filter) {
      open();
      const since = filter.since === undefined ? -Infinity : Date.parse(filter.since);
      const affiliate = filter.affiliate?.toUpperCase();
      return [...orders.values()]
        .map((stored) => stored.order)
        .filter(
          (order) =>
            Date.parse(order.createdAt) >= since &&
            (filter.channel === undefined || order.channel === filter.channel) &&
            (affiliate === undefined || order.attribution?.affiliate === affiliate) &&
            (filter.salesRep === undefined || order.salesRep === filter.salesRep) &&
            (filter.salesKeyId === undefined || salesKeys.get(order.id) === filter.salesKeyId) &&
            (filter.beforeNumber === undefined ||
              Number(order.number.slice(3)) < filter.beforeNumber),
        )
        .sort((a, b) => Number(b.number.slice(3)) - Number(a.number.slice(3)))
        .slice(0, filter.limit)
        .map(clone);
    },
    async attributionSignals(scope) {
      open();
      const window = ATTRIBUTION_SIGNAL_WINDOW_DAYS * 86_400_000;
      const near = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) <= window;
      const attributed = [...orders.values()]
        .map((stored) => stored.order)
        .filter((order) => order.attribution !== null);
      const inScope: Order[] =
        'ids' in scope
          ? attributed.filter((order) => scope.ids.includes(order.id))
          : attributed
              .filter((order) => Date.parse(order.createdAt) >= Date.parse(scope.since))
              .sort((a, b) => Number(b.number.slice(3)) - Number(a.number.slice(3)))
              .slice(0, scope.limit);
      const signals = new Map<string, AttributionSignals>();
      for (const order of inScope) {
        const { clickId, addressHash } = origins.get(order.id) ?? {};
        const click = clickId === undefined ? undefined : clicks.get(clickId);
        const affiliate = order.attribution!.affiliate;
        signals.set(order.id, {
          click: clickId ?? null,
          ordersByClick:
            clickId === undefined
              ? null
              : [...origins.values()].filter((origin) => origin.clickId === clickId).length,
          clicksFromAddress:
            click === undefined
              ? null
              : [...clicks.values()].filter(
                  (other) =>
                    other.addressHash === click.addressHash &&
                    other.affiliate === click.affiliate &&
                    near(other.at, click.at),
                ).length,
          ownNetwork:
            addressHash !== undefined &&
            attributed.some((other) => {
              if (other.id === order.id || other.attribution!.affiliate !== affiliate) return false;
              if (!near(other.createdAt, order.createdAt)) return false;
              const origin = origins.get(other.id) ?? {};
              const otherClick =
                origin.clickId === undefined ? undefined : clicks.get(origin.clickId);
              return origin.addressHash === addressHash || otherClick?.addressHash === addressHash;
            }),
        });
      }
      return signals;
    },
    async recordClick(click) {
      open();
      if (!affiliates.has(click.affiliate)) throw new Error(`No affiliate ${click.affiliate}.`);
      clicks.set(click.id, clone(click));
    },
    async getClick(id) {
      open();
      const found = clicks.get(id);
      return found ? clone(found) : null;
    },
    async putStaffKey(key) {
      open();
      if (staffKeys.has(key.id)) throw new Error(`Staff key ${key.id} exists.`);
      if ((key.role === 'partner') !== (key.partnerId !== null)) {
        throw new Error('A partner key, and only a partner key, names its partner.');
      }
      if (key.partnerId !== null && !affiliates.has(key.partnerId.toUpperCase())) {
        throw new Error(`No partner ${key.partnerId}.`);
      }
      if ([...staffKeys.values()].some((kept) => kept.keyHash === key.keyHash)) {
        throw new Error('A staff key with this hash exists.');
      }
      staffKeys.set(key.id, clone({ ...key, partnerId: key.partnerId?.toUpperCase() ?? null }));
    },
    async getStaffKeyByHash(keyHash) {
      open();
      const found = [...staffKeys.values()].find((key) => key.keyHash === keyHash);
      return found ? clone(found) : null;
    },
    async listStaffKeys() {
      open();
      // Oldest first, as the SQL table lists them.
      return [...staffKeys.values()]
        .sort(
          (a, b) =>
            Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        )
        .map(clone);
    },
    async revokeStaffKey(id, at) {
      open();
      const found = staffKeys.get(id);
      if (found === undefined || found.revokedAt !== null) return false;
      found.revokedAt = at;
      return true;
    },
    async hit(bucket, at, windowMs, by = 1) {
      open();
      const window = openWindow(bucket, at, windowMs) ?? { start: at, hits: 0 };
      window.hits = Math.max(0, window.hits + by);
      windows.set(bucket, window);
      return { hits: window.hits, windowStart: window.start };
    },
    async hits(bucket, at, windowMs) {
      open();
      const window = openWindow(bucket, at, windowMs);
      return window ? { hits: window.hits, windowStart: window.start } : null;
    },
    async purgeExpired(now, windowsBefore) {
      open();
      for (const [key, window] of windows) {
        if (Date.parse(window.start) < Date.parse(windowsBefore)) windows.delete(key);
      }
      const clicksBefore = Date.parse(clickCutoff(now));
      for (const [id, click] of clicks) {
        if (Date.parse(click.at) < clicksBefore) clicks.delete(id);
      }
      let purged = 0;
      for (const [id, record] of savedQuotes) {
        if (Date.parse(record.expiresAt) < Date.parse(now)) {
          savedQuotes.delete(id);
          purged += 1;
        }
      }
      return purged;
    },
    async ready() {
      return !closed;
    },
    async close() {
      closed = true;
    },
    async transaction(fn) {
      open();
      // The events wait for the change to succeed; the maps have no undo.
      const events: NewWebhookEvent[] = [];
      const tx: Database = {
        ...db,
        async recordWebhookEvent(event) {
          events.push(event);
        },
        transaction: (inner) => inner(tx),
      };
      const result = await fn(tx);
      for (const event of events) await webhooks.recordWebhookEvent(event);
      return result;
    },
  };
  return db;
}
