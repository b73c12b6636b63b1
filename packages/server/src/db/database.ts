import type {
  AttributionSignals,
  Order,
  Partner,
  PartnerKind,
  PartnerOfferCode,
  SavedQuoteContent,
} from '@quotekit/core';
import type { OpportunityTable } from './opportunities.js';
import type { LedgerTable } from './ledger-records.js';
import type { WebhookTable } from './webhooks.js';

export type { Partner, PartnerOfferCode };

/**
 * A partner as attribution needs it: its id, name and email. Every partner,
 * affiliate or reseller, is one. Ids are upper case (`ACME`).
 */
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
  /**
   * Whether the code gives its discount now: written by `putOfferCode`, and
   * false when read back once the code is disabled or its partner closed.
   */
  active: boolean;
}

/** What `updatePartner` may change: every field but the id, the kind and when it was made. */
export type PartnerChanges = Partial<Omit<Partner, 'id' | 'kind' | 'createdAt'>>;

/** Which partners `listPartners` returns, in id order. */
export interface PartnerFilter {
  /** Partners whose id sorts after this one (the cursor: the last id of the previous page). */
  after?: string;
  kind?: PartnerKind;
  limit: number;
}

/** A saved quote stored under a short id. */
export interface SavedQuoteRecord {
  id: string;
  quote: SavedQuoteContent;
  /**
   * The affiliate it was made for. It credits orders with `clickId` or
   * `staffKeyId` (`creditedAffiliate`); without either, only an order that
   * carries this affiliate's own offer code.
   */
  affiliate: string | null;
  offerCode: string | null;
  createdAt: string;
  expiresAt: string;
  /**
   * The signed click through `affiliate`'s link the quote was saved with:
   * quotes saved before a partner's key was needed to name an affiliate.
   */
  clickId: string | null;
  /** The partner key, or admin key, that saved it for `affiliate`. */
  staffKeyId: string | null;
}

/**
 * The affiliate a saved quote credits: its own, when the affiliate (its
 * partner key) or the vendor (an admin key) made it, or, for quotes saved
 * before that was required, with a signed click; a named affiliate alone
 * credits nobody.
 */
export const creditedAffiliate = (record: SavedQuoteRecord): string | null =>
  record.clickId !== null || record.staffKeyId !== null ? record.affiliate : null;

/** A visit through an affiliate's link, recorded when the server signs its click token. */
export interface ClickRecord {
  id: string;
  affiliate: string;
  at: string;
  /** The page the visitor landed on, without its query string; null when not sent. */
  landingPage: string | null;
  /** A keyed hash of the client's address; the address itself is never kept. */
  addressHash: string;
}

/**
 * Who may do what with a staff API key: `sales` places phone orders,
 * `admin` may do everything, `partner` sees and acts for its one partner
 * (`StaffKey.partnerId`), `billing` (the vendor's billing system) posts
 * statements and nothing else.
 */
export type StaffRole = 'sales' | 'admin' | 'partner' | 'billing';

/** A staff API key as stored: only the key's SHA-256 is kept. */
export interface StaffKey {
  id: string;
  name: string;
  role: StaffRole;
  keyHash: string;
  createdAt: string;
  revokedAt: string | null;
  /** The partner a `partner` key acts for; null for every other role. */
  partnerId: string | null;
}

/** A rate-limit window: when it opened and the hits in it. */
export interface RateWindow {
  windowStart: string;
  hits: number;
}

/** Which orders `listOrders` returns, newest first. */
export interface OrderFilter {
  /** Orders created at or after this instant. */
  since?: string;
  channel?: 'web' | 'phone';
  /** Orders attributed to this affiliate. */
  affiliate?: string;
  /** Orders placed under this sales rep's name (names are not unique: see `salesKeyId`). */
  salesRep?: string;
  /** Orders placed with this staff key (`StaffKey.id`): what a sales key's own list is. */
  salesKeyId?: string;
  /** Orders numbered below this (the cursor: the last number of the previous page). */
  beforeNumber?: number;
  limit: number;
}

/**
 * An order as the app hands it to the database: everything but the number
 * the database assigns, and what is stored but never part of the order
 * shown: the staff key that placed a phone order (to list a rep's own
 * orders), the click that credited it and a keyed hash of the address it
 * was placed from (for `attributionSignals`).
 */
export type NewOrder = Omit<Order, 'number' | 'attributionSignals'> & {
  salesKeyId?: string;
  /** The id of the click token that credited the order (its claim, cookie or saved quote). */
  attributionClickId?: string;
  /** `addressHash` of the client that placed an attributed order. */
  addressHash?: string;
};

/**
 * `insertOrder` wrote nothing: the order's offer code was disabled, or its
 * partner closed, after the code was checked. The check and the write are
 * one statement, so no order is placed with a code that no longer gives its
 * discount, whichever instance disabled it.
 */
export class OfferCodeInactiveError extends Error {
  override name = 'OfferCodeInactiveError';
  constructor(readonly code: string) {
    super(`The offer code ${code} is no longer active.`);
  }
}

/** The attributed orders whose signals `attributionSignals` reads: these ids, or the latest since an instant. */
export type SignalScope = { ids: readonly string[] } | { since: string; limit: number };

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
export interface Database extends OpportunityTable, LedgerTable, WebhookTable {
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
  /** Adds a partner; false (and nothing written) when its id, ignoring case, is taken. */
  createPartner(partner: Partner): Promise<boolean>;
  /** Looks a partner up by id, ignoring case. */
  getPartner(id: string): Promise<Partner | null>;
  /** Partners in id order, from after `filter.after`. */
  listPartners(filter: PartnerFilter): Promise<Partner[]>;
  /** Changes a partner's fields and returns it as it now is; null when there is no such partner. */
  updatePartner(id: string, changes: PartnerChanges): Promise<Partner | null>;
  /**
   * Links partner `id` back to `to` when it is linked to no one or to `to`
   * already, in one statement; false (and nothing written) when it is linked
   * to another partner, such as one that linked to it a moment earlier.
   */
  linkPartner(id: string, to: string): Promise<boolean>;
  /**
   * Adds an offer code for `offerCode.partner`, which must exist; false (and
   * nothing written) when the code, ignoring case, is taken by any partner,
   * disabled codes included.
   */
  createOfferCode(offerCode: PartnerOfferCode): Promise<boolean>;
  /** A partner's offer codes, disabled ones included, by code. */
  listOfferCodes(partner: string): Promise<PartnerOfferCode[]>;
  /**
   * Disables `partner`'s `code` at `at` (a code disabled before keeps its
   * first `disabledAt`) and returns it; null when the partner has no such code.
   */
  disableOfferCode(partner: string, code: string, at: string): Promise<PartnerOfferCode | null>;
  createSavedQuote(record: SavedQuoteRecord): Promise<void>;
  getSavedQuote(id: string): Promise<SavedQuoteRecord | null>;
  /**
   * Writes an order and its lines at once, unless an order with the same
   * idempotency key exists: then nothing is written and the existing order
   * is returned with `created: false`. Holds under concurrent calls. A new
   * order whose `offerCode` is not active (disabled, or its partner closed)
   * is not written: `OfferCodeInactiveError`.
   */
  insertOrder(
    order: NewOrder,
    idempotencyKey: string,
    fingerprint: string,
  ): Promise<StoredOrder & { created: boolean }>;
  getOrder(id: string): Promise<Order | null>;
  getOrderByIdempotencyKey(key: string): Promise<StoredOrder | null>;
  countOrders(): Promise<number>;
  /** Orders matching `filter`, newest (highest number) first. */
  listOrders(filter: OrderFilter): Promise<Order[]>;
  /**
   * The `AttributionSignals` of attributed orders, by order id (an order
   * that is not attributed has none), over a window of
   * `ATTRIBUTION_SIGNAL_WINDOW_DAYS` either side.
   */
  attributionSignals(scope: SignalScope): Promise<Map<string, AttributionSignals>>;
  recordClick(click: ClickRecord): Promise<void>;
  getClick(id: string): Promise<ClickRecord | null>;
  putStaffKey(key: StaffKey): Promise<void>;
  getStaffKeyByHash(keyHash: string): Promise<StaffKey | null>;
  listStaffKeys(): Promise<StaffKey[]>;
  /** Marks a key revoked; false when there is no such key or it was revoked already. */
  revokeStaffKey(id: string, at: string): Promise<boolean>;
  /**
   * Counts one hit (or `by`; -1 gives one back) in `bucket`'s window and
   * returns the window: a window opens at the first hit and lasts
   * `windowMs`; a hit after it opens the next. One atomic statement, so
   * that processes sharing a database share the count.
   */
  hit(bucket: string, at: string, windowMs: number, by?: number): Promise<RateWindow>;
  /** `bucket`'s current window without counting, or null when none is open at `at`. */
  hits(bucket: string, at: string, windowMs: number): Promise<RateWindow | null>;
  /**
   * Deletes saved quotes that expired before `now`, rate-limit windows opened
   * before `windowsBefore` and clicks older than `CLICK_RETENTION_DAYS`
   * before `now`; returns the saved quotes deleted.
   */
  purgeExpired(now: string, windowsBefore: string): Promise<number>;
  /**
   * Runs `fn` with a database whose reads and writes are one transaction:
   * everything written through `tx` is kept when `fn` resolves, nothing when
   * it throws. A change and the webhook events it causes are written through
   * one `tx`, so both are committed or neither (the outbox). Inside `fn` use
   * `tx` alone: PGlite runs one transaction at a time, so the outer database
   * would wait for this one. Transactions nest (as savepoints in SQL). In
   * memory, the events written through `tx` are kept only when `fn`
   * resolves, but other writes are not undone when it throws.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** True when the database answers and has every migration applied. */
  ready(): Promise<boolean>;
  /** Releases the database; it is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * How long a click is kept, in days: the attribution cookie's year, plus a
 * month for orders that arrive late on it (an order names its click token,
 * and the token is checked against the click).
 */
export const CLICK_RETENTION_DAYS = 365 + 31;

/** The instant before which clicks are purged, `CLICK_RETENTION_DAYS` before `now`. */
export const clickCutoff = (now: string): string =>
  new Date(Date.parse(now) - CLICK_RETENTION_DAYS * 86_400_000).toISOString();

/** Order numbers as people read them: `QK-1001`, `QK-1002`, … */
export const FIRST_ORDER_NUMBER = 1001;
export const formatOrderNumber = (n: number | string): string => `QK-${n}`;

/** The order with its number, which reads second in JSON after the id. */
export function withNumber(order: NewOrder, number: number | string): Order {
  const { id, ...rest } = order;
  // Stored, not shown.
  delete rest.salesKeyId;
  delete rest.attributionClickId;
  delete rest.addressHash;
  return { id, number: formatOrderNumber(number), ...rest };
}
