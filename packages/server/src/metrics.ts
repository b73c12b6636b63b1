import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from './routes/health.js';
import type { AppEvents } from './routes/route.js';

/** The Order API's Prometheus metrics, in a registry of their own, fed by the app's events. */
export function createMetrics(): Metrics & Required<AppEvents> {
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
