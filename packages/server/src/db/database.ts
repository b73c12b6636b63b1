import type { Order, SavedQuoteContent } from '@quotekit/core';

/** A partner who refers customers. Ids are upper case (`ACME`). */
export interface Affiliate {
  id: string;
  name: string;
  /** Used to refuse self-referrals: a customer with this email or domain earns nothing. */
  email: string;
}

/** A special offer code: a customer discount tied to one affiliate. Codes are upper case. */
export interface OfferCode {
  code: string;
  affiliate: string;
  /** A decimal-string fraction, 0 < rate ≤ 0.10 (`"0.05"`). */
  discountRate: string;
  active: boolean;
}

/** A saved quote stored under a short id. */
export interface SavedQuoteRecord {
  id: string;
  quote: SavedQuoteContent;
  affiliate: string | null;
  offerCode: string | null;
  createdAt: string;
  expiresAt: string;
}

/** An order as the app hands it to the database: everything but the number the database assigns. */
export type NewOrder = Omit<Order, 'number'>;

/** An order with what the idempotency check needs. */
export interface StoredOrder {
  order: Order;
  idempotencyKey: string;
  /** A hash of the request body the order was made from. */
  fingerprint: string;
}

/**
 * Where the Order API keeps its data. Three implementations share one test
 * suite: memory (`createMemoryDatabase`), PGlite (`openPGliteDatabase`) and
 * PostgreSQL (`openPostgresDatabase`).
 */
export interface Database {
  readonly kind: 'memory' | 'pglite' | 'postgres';
  /** Adds or replaces an affiliate. */
  putAffiliate(affiliate: Affiliate): Promise<void>;
  /** Adds or replaces an offer code; its affiliate must exist. */
  putOfferCode(offerCode: OfferCode): Promise<void>;
  /** Looks an affiliate up by id, ignoring case. */
  getAffiliate(id: string): Promise<Affiliate | null>;
  /** Looks an offer code up, ignoring case. */
  getOfferCode(code: string): Promise<OfferCode | null>;
  /** True while the database holds no affiliate (fresh, before seeding). */
  isEmpty(): Promise<boolean>;
  createSavedQuote(record: SavedQuoteRecord): Promise<void>;
  getSavedQuote(id: string): Promise<SavedQuoteRecord | null>;
  /**
   * Writes an order and its lines at once, unless an order with the same
   * idempotency key exists: then nothing is written and the existing order
   * is returned with `created: false`. Holds under concurrent calls.
   */
  insertOrder(
    order: NewOrder,
    idempotencyKey: string,
    fingerprint: string,
  ): Promise<StoredOrder & { created: boolean }>;
  getOrder(id: string): Promise<Order | null>;
  getOrderByIdempotencyKey(key: string): Promise<StoredOrder | null>;
  countOrders(): Promise<number>;
  /** Releases the database; it is unusable afterwards. */
  close(): Promise<void>;
}

/** Order numbers as people read them: `QK-1001`, `QK-1002`, … */
export const FIRST_ORDER_NUMBER = 1001;
export const formatOrderNumber = (n: number | string): string => `QK-${n}`;

/** The order with its number, which reads second in JSON after the id. */
export function withNumber(order: NewOrder, number: number | string): Order {
  const { id, ...rest } = order;
  return { id, number: formatOrderNumber(number), ...rest };
}
