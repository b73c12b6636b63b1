import { fail } from '../http.js';
import type { Route } from './route.js';

/** Metrics in the Prometheus text format (`serve.ts` passes prom-client's registry). */
export interface Metrics {
  contentType: string;
  text(): Promise<string>;
}

/** `/readyz` answers 503 when the database has not answered by then: a probe must not hang on a frozen database. */
export const READY_TIMEOUT_MS = 1_500;

/** Whether the database answered ready within {@link READY_TIMEOUT_MS}. */
async function readyInTime(ready: () => Promise<boolean>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ready().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: Route[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'The process is up (liveness)',
    responses: { 200: { description: '`{ status: "ok" }`' } },
    handler: (c) => c.json({ status: 'ok' }),
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The database answers within 1.5 s and every migration is applied (readiness)',
    responses: {
      200: { description: '`{ status: "ready" }`' },
      503: {
        description:
          '`internal_error`: the database is unreachable, did not answer in time, or is not migrated',
        schema: 'ApiError',
      },
    },
    async handler(c, deps) {
      if (!(await readyInTime(() => deps.db.ready()))) {
        return c.json(
          {
            error: {
              code: 'internal_error',
              message: 'The database is unreachable, did not answer in time, or is not migrated.',
            },
          },
          503,
        );
      }
      return c.json({ status: 'ready' });
    },
  },
];

/** `GET /metrics`: requests by route and status, latency, orders, refused claims, rate-limit refusals. */
export function metricsRoute(metrics: Metrics): Route {
  return {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'The Prometheus text format' } },
    async handler(c) {
      const body = await metrics
        .text()
        .catch((error: unknown) =>
          fail('internal_error', 'The metrics could not be collected.', {}, { cause: error }),
        );
      return c.body(body, 200, { 'Content-Type': metrics.contentType });
    },
  };
}
