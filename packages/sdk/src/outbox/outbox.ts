import type { OrderRequest } from '@quotekit/core';

/** Where the outbox keeps pending orders: `localStorage` or anything with its shape. */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

/** An order waiting to reach the Order API, under the `Idempotency-Key` it was first sent with. */
export interface OutboxEntry {
  /** The `Idempotency-Key`: chosen once, before the first send, and never changed. */
  key: string;
  order: OrderRequest;
  /** When the order was put in the outbox (ISO 8601). */
  createdAt: string;
  /** Sends tried so far, across pages. */
  attempts: number;
  /** The code of the last failure (`network_error`, `timeout`, …). */
  lastError?: string;
  /** Without Web Locks: until when (ms since epoch) a page is sending this entry. */
  leaseUntil?: number;
}

/**
 * The outbox of one Order API (`scope` is its base URL) in `storage`, one
 * storage item per order so that tabs never overwrite each other's entries.
 * When storage refuses a write (full, blocked), the entry is kept in memory
 * for this page rather than dropped.
 */
export function createOutboxStore(storage: OutboxStorage, scope: string) {
  const prefix = `qk-outbox:${scope}|`;
  const fallback = new Map<string, OutboxEntry>();
  const read = (name: string): OutboxEntry | null => {
    try {
      const entry = JSON.parse(storage.getItem(name) ?? 'null') as OutboxEntry | null;
      return entry && typeof entry.key === 'string' && entry.order ? entry : null;
    } catch {
      return null;
    }
  };
  return {
    get: (key: string) => read(prefix + key) ?? fallback.get(key) ?? null,
    put(entry: OutboxEntry) {
      try {
        storage.setItem(prefix + entry.key, JSON.stringify(entry));
        fallback.delete(entry.key);
      } catch {
        fallback.set(entry.key, entry);
      }
    },
    remove(key: string) {
      fallback.delete(key);
      try {
        storage.removeItem(prefix + key);
      } catch {
        // Blocked storage held nothing of ours.
      }
    },
    /** Every entry, oldest first. */
    list(): OutboxEntry[] {
      const entries = new Map(fallback);
      try {
        for (let i = 0; i < storage.length; i += 1) {
          const name = storage.key(i);
          const entry = name?.startsWith(prefix) ? read(name) : null;
          if (entry) entries.set(entry.key, entry);
        }
      } catch {
        // Blocked storage: the in-memory entries are all there is.
      }
      return [...entries.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  };
}
export type OutboxStore = ReturnType<typeof createOutboxStore>;

/** `localStorage` when the page may use it, otherwise a store that lasts as long as the page. */
export function defaultStorage(): OutboxStorage {
  try {
    const storage = globalThis.localStorage;
    storage.getItem('qk-outbox-probe');
    return storage;
  } catch {
    return memoryStorage();
  }
}

/** A `Storage` in memory. */
export function memoryStorage(): OutboxStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    key: (index) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

/** Keys this page is sending right now; also the lock when Web Locks are absent. */
const sending = new Set<string>();

/**
 * Runs `send` while holding the lock for one outbox entry, so that no two
 * tabs or frames send one entry at the same time: a Web Lock named after the
 * key where the browser has them, else this page's own set plus a lease
 * written into the entry. With `wait: false` it gives up (returns `busy`)
 * when someone else holds the lock.
 */
export async function withEntryLock<T>(
  outbox: OutboxStore,
  key: string,
  options: { wait: boolean; leaseMs: number; signal?: AbortSignal | undefined },
  send: () => Promise<T>,
): Promise<{ busy: true } | { busy: false; value: T }> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks?.request) {
    return locks.request(
      `qk-outbox:${key}`,
      options.wait ? (options.signal ? { signal: options.signal } : {}) : { ifAvailable: true },
      async (lock) =>
        lock === null ? { busy: true as const } : { busy: false as const, value: await send() },
    );
  }
  if (sending.has(key)) return { busy: true };
  const entry = outbox.get(key);
  if (entry?.leaseUntil !== undefined && entry.leaseUntil > Date.now() && !options.wait) {
    return { busy: true };
  }
  sending.add(key);
  if (entry) outbox.put({ ...entry, leaseUntil: Date.now() + options.leaseMs });
  try {
    return { busy: false, value: await send() };
  } finally {
    sending.delete(key);
    const after = outbox.get(key);
    if (after) {
      delete after.leaseUntil;
      outbox.put(after);
    }
  }
}
