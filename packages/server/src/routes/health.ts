import { ApiErrorSchema } from '@quotekit/core';
import * as z from 'zod/mini';
import { fail } from '../http.js';
import type { Route } from './route.js';

/** `GET /healthz`'s answer. */
export const HealthSchema = z.object({ status: z.literal('ok') });
/** `GET /readyz`'s answer when ready. */
export const ReadySchema = z.object({ status: z.literal('ready') });

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
    responses: { 200: { description: 'The process is up', schema: HealthSchema } },
    handler: (c) => c.json({ status: 'ok' } satisfies z.output<typeof HealthSchema>),
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The database answers within 1.5 s and every migration is applied (readiness)',
    responses: {
      200: { description: 'Ready for traffic', schema: ReadySchema },
      503: {
        description:
          '`internal_error`: the database is unreachable, did not answer in time, or is not migrated',
        schema: ApiErrorSchema,
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
      return c.json({ status: 'ready' } satisfies z.output<typeof ReadySchema>);
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
