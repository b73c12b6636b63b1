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
