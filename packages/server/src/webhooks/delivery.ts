// The delivery worker's rounds, without a transport: takes events from the
// outbox, and POSTs them, signed, to the endpoints subscribed to them, with
// the retries and the endpoint's health. Browser-safe: `worker.ts` runs it
// in the server over node:http with the address checks, and the Mock
// Service Worker handlers over `fetch` (`fetchSend`, `signedHeadersWeb`).
import { randomId } from '../http.js';
import type { Database } from '../db/database.js';
import type { DueDelivery, WebhookEndpointRecord } from '../db/webhooks.js';
import { SECRET_PREFIX } from './secret.js';
import type { WebhookAttempt } from './webhooks.schema.js';

const SECOND = 1_000;
const HOUR = 3_600_000;
/** How long deliveries to an endpoint are retried, and how long an endpoint may fail before it is disabled. */
export const RETRY_FOR_MS = 3 * 24 * HOUR;
/** How long an endpoint has to answer, from connecting to the end of its answer. */
export const DELIVERY_TIMEOUT_MS = 10 * SECOND;

/**
 * The wait before attempt `n + 1` after `n` failed ones: 5 s × 4ⁿ⁻¹ (5 s,
 * 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h), at most 8 h, then "equal
 * jitter": between half of it and all of it, so endpoints that failed
 * together are not all retried at once. `random` is in [0, 1).
 */
export function retryDelayMs(failedAttempts: number, random: number): number {
  const base = Math.min(5 * SECOND * 4 ** Math.max(0, failedAttempts - 1), 8 * HOUR);
  return Math.round(base / 2 + (random * base) / 2);
}

/** What the worker reports: `serve.ts` turns these into logs and metrics. */
export interface WorkerEvents {
  /**
   * One attempt: `delivered` (2xx), `retrying` (failed, tried again later),
   * `failed` (failed and given up after 3 days), `refused` (the address is
   * private: never sent).
   */
  attempt?(event: {
    endpoint: string;
    deliveryId: string;
    eventType: string;
    outcome: 'delivered' | 'retrying' | 'failed';
    refused: boolean;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
  }): void;
  /** An endpoint failed for 3 days and was disabled. */
  endpointDisabled?(event: { endpoint: string; reason: string }): void;
  /** A round failed (the database did not answer): tried again at the next one. */
  error?(error: unknown): void;
}

export interface DeliveryWorkerOptions {
  db: Database;
  /** The time. Default `() => new Date()`. */
  now?: () => Date;
  /** In [0, 1), for the retry jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * How long a claim on an endpoint lasts; renewed before each attempt. A
   * process that dies holding one leaves it for this long, then another
   * takes the endpoint over (`QUOTEKIT_WEBHOOKS_LEASE_MS`). Default 60 s.
   */
  leaseMs?: number;
  /** How often the outbox is looked at when nothing wakes the worker (`QUOTEKIT_WEBHOOKS_POLL_MS`). Default 1 s. */
  pollMs?: number;
  /**
   * How long a woken worker waits for more events before its round, so that
   * the events of many orders go out in one round, not a round per order
   * (on PGlite, one connection, a round per order halved the orders a second).
   * Default 20 ms.
   */
  gatherMs?: number;
  /** Per endpoint and round, the most deliveries attempted. Default 20. */
  batch?: number;
  /** Default {@link DELIVERY_TIMEOUT_MS}. */
  timeoutMs?: number;
  events?: WorkerEvents;
  /**
   * POSTs a signed delivery: the endpoint's status, or why there is none.
   * May throw; an error named `RefusedAddressError` counts as refused.
   */
  send(
    url: URL,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<SendResult>;
  /** The Standard Webhooks headers of a body, signed with each secret. */
  sign(
    secrets: readonly string[],
    id: string,
    at: Date,
    body: string,
  ): Record<string, string> | Promise<Record<string, string>>;
}

export interface WebhookWorker {
  /** This worker's id in claims. */
  readonly id: string;
  /** One round: dispatches waiting events, then attempts the deliveries due now. */
  runOnce(): Promise<{ dispatched: number; attempted: number }>;
  /** Runs rounds until `stop`: at once while deliveries are due, else every `pollMs`, or `gatherMs` after a `wake`. */
  start(): void;
  /** Runs a round soon (an event was just written). */
  wake(): void;
  /** Stops after the round in flight. */
  stop(): Promise<void>;
}

/** The POST's outcome: the endpoint's status, or why there is none. */
export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

/** The secrets that sign now: the current one, and the previous one during its 24 hours. */
const signingSecrets = (endpoint: WebhookEndpointRecord, now: Date): string[] =>
  endpoint.previousSecret !== null &&
  endpoint.previousSecretExpiresAt !== null &&
  Date.parse(endpoint.previousSecretExpiresAt) > now.getTime()
    ? [endpoint.secret, endpoint.previousSecret]
    : [endpoint.secret];

export function createDeliveryWorker(options: DeliveryWorkerOptions): WebhookWorker {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const leaseMs = options.leaseMs ?? 60 * SECOND;
  const pollMs = options.pollMs ?? SECOND;
  const gatherMs = options.gatherMs ?? 20;
  const batch = options.batch ?? 20;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const events = options.events ?? {};
  const id = `wkr_${randomId(16)}`;
  const later = (ms: number) => new Date(now().getTime() + ms).toISOString();

  /** Attempts one delivery and records it; true when it was delivered. */
  async function attempt(endpoint: WebhookEndpointRecord, due: DueDelivery): Promise<boolean> {
    const at = now();
    const started = performance.now();
    let result: SendResult;
    let refused = false;
    try {
      const url = new URL(endpoint.url);
      const headers = await options.sign(signingSecrets(endpoint, at), due.eventId, at, due.body);
      result = await options.send(url, headers, due.body, timeoutMs);
    } catch (error) {
      refused = error instanceof Error && error.name === 'RefusedAddressError';
      result = {
        statusCode: null,
        error: (refused
          ? `Refused: ${(error as Error).message}`
          : `Connection failed: ${error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error)}`
        ).slice(0, 200),
      };
    }
    const durationMs = Math.round(performance.now() - started);
    const record: WebhookAttempt = {
      at: at.toISOString(),
      statusCode: result.statusCode,
      durationMs,
      error: result.error,
    };
    const done = now();
    const delivered = result.error === null;
    let outcome: 'delivered' | 'retrying' | 'failed' = 'delivered';
    let nextAttemptAt: string | null = null;
    if (!delivered) {
      const giveUpAt = Date.parse(due.createdAt) + RETRY_FOR_MS;
      if (done.getTime() >= giveUpAt) {
        outcome = 'failed';
      } else {
        outcome = 'retrying';
        const next = done.getTime() + retryDelayMs(due.attempts + 1, random());
        nextAttemptAt = new Date(Math.min(next, giveUpAt)).toISOString();
      }
    }
    await db.recordWebhookAttempt(due.id, {
      attempt: record,
      status: outcome === 'retrying' ? 'pending' : outcome,
      nextAttemptAt,
    });
    events.attempt?.({
      endpoint: endpoint.id,
      deliveryId: due.id,
      eventType: due.eventType,
      outcome,
      refused,
      statusCode: result.statusCode,
      durationMs,
      error: result.error,
    });
    await endpointHealth(endpoint, delivered, done, result.error);
    return delivered;
  }

  /** Marks an endpoint answering again, or failing since when; disables one failing for 3 days. */
  async function endpointHealth(
    endpoint: WebhookEndpointRecord,
    delivered: boolean,
    at: Date,
    error: string | null,
  ): Promise<void> {
    const stamp = at.toISOString();
    if (delivered) {
      if (endpoint.failingSince !== null) {
        endpoint.failingSince = null;
        await db.updateWebhookEndpoint(endpoint.id, { failingSince: null, updatedAt: stamp });
      }
      return;
    }
    if (endpoint.failingSince === null) {
      endpoint.failingSince = stamp;
      await db.updateWebhookEndpoint(endpoint.id, { failingSince: stamp, updatedAt: stamp });
      return;
    }
    if (at.getTime() - Date.parse(endpoint.failingSince) < RETRY_FOR_MS) return;
    const reason = `Every delivery failed for 3 days, since ${endpoint.failingSince}; the last: ${error}.`;
    endpoint.enabled = false;
    await db.updateWebhookEndpoint(endpoint.id, {
      enabled: false,
      disabledReason: reason,
      disabledAt: stamp,
      updatedAt: stamp,
    });
    events.endpointDisabled?.({ endpoint: endpoint.id, reason });
  }

  /** Sends an endpoint's due deliveries in order; stops at the first failure, so later ones wait their turn less often. */
  async function serve(endpoint: WebhookEndpointRecord): Promise<number> {
    let attempted = 0;
    try {
      const due = await db.dueWebhookDeliveries(endpoint.id, now().toISOString(), batch);
      for (const delivery of due) {
        if (attempted > 0 && !(await db.renewWebhookClaim(endpoint.id, id, later(leaseMs)))) break;
        attempted += 1;
        if (!(await attempt(endpoint, delivery)) || !endpoint.enabled) break;
      }
    } finally {
      await db.releaseWebhookClaim(endpoint.id, id);
    }
    return attempted;
  }

  async function runOnce() {
    const at = now().toISOString();
    let dispatched = 0;
    for (let taken = -1; taken !== 0;) {
      taken = await db.dispatchWebhookEvents(at, 200);
      dispatched += taken;
      if (taken < 200) break;
    }
    const claimed = await db.claimWebhookEndpoints(id, at, later(leaseMs), 16);
    const attempted = await Promise.all(claimed.map(serve));
    return { dispatched, attempted: attempted.reduce((a, b) => a + b, 0) };
  }

  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  let woken = false;
  /** Ends the pause in progress; `wake` may end it only while it waits for the poll. */
  let release: (() => void) | undefined;
  let wakeable = false;
  const pause = (ms: number, byWake: boolean) =>
    new Promise<void>((done) => {
      wakeable = byWake;
      release = done;
      timer = setTimeout(done, ms);
    }).finally(() => {
      clearTimeout(timer);
      release = undefined;
    });
  const loop = async () => {
    while (!stopped) {
      let busy = false;
      try {
        woken = false;
        // Deliveries of the events it dispatches are attempted in the same round,
        // so only deliveries still due (past the batch) call for another at once.
        busy = (await runOnce()).attempted > 0;
      } catch (error) {
        events.error?.(error);
      }
      if (stopped) return;
      if (busy) continue;
      if (!woken) await pause(pollMs, true);
      // Woken by a new event: a moment for those that follow it.
      if (woken && !stopped) await pause(gatherMs, false);
    }
  };

  return {
    id,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      running = loop();
    },
    wake() {
      woken = true;
      if (wakeable) release?.();
    },
    async stop() {
      stopped = true;
      release?.();
      await running;
    },
  };
}

/**
 * `DeliveryWorkerOptions.send` over `fetch`, for the Mock Service Worker
 * handlers: no address checks (a browser resolves no names), redirects not
 * followed, given up after `timeoutMs`.
 */
export async function fetchSend(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  fetcher: typeof fetch = fetch,
): Promise<SendResult> {
  const response = await fetcher(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  const ok = response.status >= 200 && response.status < 300;
  return { statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
}

/** `signedHeaders` with Web Crypto, where node:crypto is missing (the Mock Service Worker handlers). */
export async function signedHeadersWeb(
  secrets: readonly string[],
  id: string,
  at: Date,
  body: string,
): Promise<Record<string, string>> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const signatures: string[] = [];
  for (const secret of secrets) {
    const raw = Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey(
      'raw',
      raw,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)),
    );
    signatures.push(`v1,${btoa(String.fromCharCode(...mac))}`);
  }
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}
