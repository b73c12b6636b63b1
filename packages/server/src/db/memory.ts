import {
  FIRST_ORDER_NUMBER,
  withNumber,
  type Affiliate,
  type NewOrder,
  type OfferCode,
  type SavedQuoteRecord,
  type Database,
  type StoredOrder,
} from './database.js';

// Records are cloned in and out so that a caller mutating what it holds
// cannot change what it holds, as with a real database.
const clone = <T>(value: T): T => structuredClone(value);

/**
 * A database in plain maps: for tests, stories and the Mock Service Worker
 * handlers. Runs in browsers; forgets everything when dropped.
 */
export function createMemoryDatabase(): Database {
  const affiliates = new Map<string, Affiliate>();
  const offerCodes = new Map<string, OfferCode>();
  const savedQuotes = new Map<string, SavedQuoteRecord>();
  const orders = new Map<string, StoredOrder>();
  const byKey = new Map<string, string>();
  let nextNumber = FIRST_ORDER_NUMBER;
  let closed = false;

  const open = () => {
    if (closed) throw new Error('The database is closed.');
  };

  return {
    kind: 'memory',
    async putAffiliate(affiliate) {
      open();
      const id = affiliate.id.toUpperCase();
      affiliates.set(id, clone({ ...affiliate, id }));
    },
    async putOfferCode(offerCode) {
      open();
      const affiliate = offerCode.affiliate.toUpperCase();
      if (!affiliates.has(affiliate)) throw new Error(`No affiliate ${affiliate}.`);
      const code = offerCode.code.toUpperCase();
      offerCodes.set(code, clone({ ...offerCode, code, affiliate }));
    },
    async getAffiliate(id) {
      open();
      const found = affiliates.get(id.toUpperCase());
      return found ? clone(found) : null;
    },
    async getOfferCode(code) {
      open();
      const found = offerCodes.get(code.toUpperCase());
      return found ? clone(found) : null;
    },
    async isEmpty() {
      open();
      return affiliates.size === 0;
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
      const stored: StoredOrder = {
        order: withNumber(clone(order), nextNumber++),
        idempotencyKey,
        fingerprint,
      };
      orders.set(order.id, stored);
      byKey.set(idempotencyKey, order.id);
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
    async close() {
      closed = true;
    },
  };
}
