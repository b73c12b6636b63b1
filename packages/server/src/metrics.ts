import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttributionSignals } from '@quotekit/core';
import type { SignalScope } from './db/database.js';
import type { Metrics } from './routes/health.js';
import type { AppEvents } from './routes/route.js';

/** Clicks from one address, through one affiliate's links, from which an order is flagged `busy_address`. */
export const BUSY_ADDRESS_CLICKS = 5;
/** The attributed orders the flagged-order gauges look at: the latest this many of the last day. */
export const FLAGGED_ORDERS_EXAMINED = 500;
const DAY_MS = 86_400_000;
/** How long a reading of the flagged-order gauges is reused: scrapes do not each query the database. */
const FLAGGED_READING_MS = 60_000;

export interface MetricsOptions {
  /** Reads attribution signals (`Database.attributionSignals`); without it the flagged-order gauges are absent. */
  attributionSignals?: (
    scope: Extract<SignalScope, { since: string }>,
  ) => Promise<Map<string, AttributionSignals>>;
  /** The time. Default `() => new Date()`. */
  now?: () => Date;
  /** When the oldest webhook event still to be delivered happened (`Database.oldestUndeliveredWebhookEvent`). */
  oldestUndeliveredWebhookEvent?: () => Promise<string | null>;
}

/** What the metrics count of webhook deliveries (the worker's `attempt` events). */
export interface WebhookMetrics {
  webhookAttempt(event: {
    endpoint: string;
    outcome: 'delivered' | 'retrying' | 'failed';
    refused: boolean;
  }): void;
}

/** Which signals flag an order, by the label the gauge counts it under. */
const FLAGS: Record<string, (signals: AttributionSignals) => boolean> = {
  reused_click: (signals) => (signals.ordersByClick ?? 0) > 1,
  busy_address: (signals) => (signals.clicksFromAddress ?? 0) >= BUSY_ADDRESS_CLICKS,
  own_network: (signals) => signals.ownNetwork,
};

/** The Order API's Prometheus metrics, in a registry of their own, fed by the app's events. */
export function createMetrics(
  options: MetricsOptions = {},
): Metrics & Required<AppEvents> & WebhookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'quotekit_' });
  const requests = new Counter({
    name: 'quotekit_http_requests_total',
    help: 'Requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'quotekit_http_request_duration_seconds',
    help: 'Time to answer a request, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const orders = new Counter({
    name: 'quotekit_orders_total',
    help: 'Orders stored, by channel and whether an affiliate was credited.',
    labelNames: ['channel', 'attributed'],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'quotekit_attribution_refused_total',
    help: 'Attribution claims or cookies not believed (unsigned, altered, expired), by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'quotekit_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit.',
    labelNames: ['limit'],
    registers: [registry],
  });
  const matching = new Counter({
    name: 'quotekit_opportunity_matching_total',
    help:
      'New orders without an offer code or affiliate click compared with registered opportunities, ' +
      'by outcome: matched, unmatched, failed (the order stands either way).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'quotekit_webhook_deliveries_total',
    help:
      'Webhook delivery attempts, by endpoint id and outcome: delivered (2xx), retrying (failed, tried again later), ' +
      'failed (given up after 3 days), refused (the endpoint resolved to a private address; retried like a failure).',
    labelNames: ['endpoint', 'outcome'],
    registers: [registry],
  });
  const oldest = options.oldestUndeliveredWebhookEvent;
  if (oldest !== undefined) {
    const now = options.now ?? (() => new Date());
    new Gauge({
      name: 'quotekit_webhook_outbox_age_seconds',
      help: 'Age of the oldest webhook event not yet delivered to every enabled endpoint subscribed to it (0 when none waits).',
      registers: [registry],
      async collect() {
        try {
          const at = await oldest();
          this.set(at === null ? 0 : Math.max(0, (now().getTime() - Date.parse(at)) / 1000));
        } catch {
          // The database did not answer: the last value stands, the scrape still works.
        }
      },
    });
  }
  const read = options.attributionSignals;
  if (read !== undefined) {
    const now = options.now ?? (() => new Date());
    let reading: { at: number; examined: number; flagged: Record<string, number> } | undefined;
    // Both gauges come from one reading, taken at most once a FLAGGED_READING_MS.
    const refresh = async () => {
      const at = now().getTime();
      if (reading !== undefined && at - reading.at < FLAGGED_READING_MS) return reading;
      try {
        const since = new Date(at - DAY_MS).toISOString();
        const signals = [...(await read({ since, limit: FLAGGED_ORDERS_EXAMINED })).values()];
        const flagged: Record<string, number> = {};
        for (const [label, flags] of Object.entries(FLAGS)) {
          flagged[label] = signals.filter(flags).length;
        }
        reading = { at, examined: signals.length, flagged };
      } catch {
        // The database did not answer: the last reading stands (none at first), the scrape still works.
      }
      return reading;
    };
    new Gauge({
      name: 'quotekit_attribution_examined_orders',
      help: `Attributed orders of the last 24 hours the flagged-order counts look at (the latest ${FLAGGED_ORDERS_EXAMINED} at most).`,
      registers: [registry],
      async collect() {
        const current = await refresh();
        if (current !== undefined) this.set(current.examined);
      },
    });
    new Gauge({
      name: 'quotekit_attribution_flagged_orders',
      help:
        'Of those orders, how many each signal flags: reused_click (its click credited other orders too), ' +
        `busy_address (${BUSY_ADDRESS_CLICKS}+ clicks through the affiliate's links from its click's address), ` +
        "own_network (placed from the affiliate's own network).",
      labelNames: ['signal'],
      registers: [registry],
      async collect() {
        const current = await refresh();
        for (const [label, count] of Object.entries(current?.flagged ?? {})) {
          this.set({ signal: label }, count);
        }
      },
    });
  }
  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    request({ method, route, status, durationMs }) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, durationMs / 1000);
    },
    order({ channel, attributed }) {
      orders.inc({ channel, attributed: String(attributed) });
    },
    attributionRefused(reason) {
      refused.inc({ reason });
    },
    rateLimited(limit) {
      limited.inc({ limit });
    },
    opportunityMatching({ outcome }) {
      matching.inc({ outcome });
    },
    webhookAttempt({ endpoint, outcome, refused }) {
      deliveries.inc({
        endpoint,
        outcome: refused && outcome === 'retrying' ? 'refused' : outcome,
      });
    },
  };
}

/**
 * Answers `GET /metrics` from `metrics`: to anyone when `token` is unset (a
 * port of its own, reachable by the scraper only), else only to
 * `Authorization: Bearer <token>` (`401` otherwise).
 */
export function metricsHandler(
  metrics: Metrics,
  token: string | undefined,
): (request: Request) => Promise<Response> {
  const expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  return async (request) => {
    if (expected !== undefined) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      // Hashes compared in constant time: neither the token nor its length leaks.
      const hash = createHash('sha256')
        .update(given ?? '')
        .digest();
      if (given === undefined || !timingSafeEqual(hash, expected)) {
        return new Response(
          'Unauthorized: send Authorization: Bearer <QUOTEKIT_METRICS_TOKEN>.\n',
          {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="metrics"' },
          },
        );
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed.\n', {
        status: 405,
        headers: { allow: 'GET, HEAD' },
      });
    }
    try {
      return new Response(await metrics.text(), {
        status: 200,
        headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
      });
    } catch {
      return new Response('The metrics could not be collected.\n', { status: 500 });
    }
  };
}
