import { catalogs, isQuotekitError, type Catalog } from '@quotekit/core';
import { sValidator } from '@hono/standard-validator';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import {
  ClientClosedError,
  clientClosed,
  errorResponse,
  parseRequest,
  randomId,
  readJson,
  sha256,
  statusOf,
  tooLarge,
} from './http.js';
import { createLimiter } from './limits.js';
import { requireRole } from './staff.js';
import { createSigner, randomToken, type Signer } from './signing.js';
import { attributionRoutes } from './routes/attribution.js';
import { catalogRoutes } from './routes/catalog.js';
import { firstPaintRoutes } from './routes/first-paint.js';
import { healthRoutes, metricsRoute, type Metrics } from './routes/health.js';
import { offerCodeRoutes } from './routes/offer-codes.js';
import { describe, openApiDocument, openApiRoute } from './routes/openapi.js';
import { opportunityRoutes } from './routes/opportunities.js';
import { orderRoutes } from './routes/orders.js';
import { partnerRoutes } from './routes/partners.js';
import { partnerSettingsRoutes } from './routes/partner-settings.js';
import { partnerAccountRoutes } from './routes/partner-account.js';
import { payoutRoutes } from './routes/payouts.js';
import { statementRoutes } from './routes/statements.js';
import { postFactoRoutes } from './routes/post-facto.js';
import type { AppEvents, Deps, Route } from './routes/route.js';
import { savedQuoteRoutes } from './routes/saved-quotes.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { Database } from './db/database.js';

export interface AppLimits {
  /** Largest request body in bytes; larger is `413 payload_too_large`. Default 65536 (64 KB). */
  maxBodyBytes?: number;
  /** Offer-code attempts per client address per minute; more is `429 rate_limited`. Default 30. */
  offerCodeAttemptsPerMinute?: number;
  /**
   * Failed offer-code checks a minute across the server (every instance on
   * one database), whatever the address: past it every check is `429` until
   * the minute ends, so rotating addresses cannot harvest codes. Default 300.
   */
  offerCodeFailuresPerMinute?: number;
  /** Saved quotes one client address may create an hour. Default 60. */
  savedQuotesPerHour?: number;
  /** Affiliate visits (click tokens) one client address may record a minute. Default 60. */
  clicksPerMinute?: number;
  /** How long a saved quote stays valid, in days; expired ones are purged. Default 365. */
  savedQuoteDays?: number;
}

export interface AppOptions {
  /** Where orders, saved quotes, affiliates and offer codes live. */
  db: Database;
  /** The catalog orders are priced from. Default `catalogs.luxsci`. */
  catalog?: Catalog;
  /** The time; tests pass a fixed one. Default `() => new Date()`. */
  clock?: () => Date;
  limits?: AppLimits;
  /**
   * Origins allowed to call the API from a browser (CORS, with credentials
   * so that the `qk_ref_s` cookie travels). `['*']` allows any origin,
   * without credentials.
   * Default `[]`: same origin only.
   */
  allowedOrigins?: readonly string[];
  /**
   * The client's address, which offer-code rate limits are counted by.
   * Default: every client counts as one (`"unknown"`); `main.ts` passes the
   * socket's remote address.
   */
  clientAddress?: (c: Context) => string | undefined;
  /**
   * How many reverse proxies in front of the API to believe. With 0 (the
   * default) `X-Forwarded-For` and `X-Forwarded-Proto` are ignored, since
   * any client can send them; with N, the client address is the N-th
   * address from the right of `X-Forwarded-For` and `https` in
   * `X-Forwarded-Proto` marks the attribution cookie `Secure`.
   */
  trustProxy?: number;
  /**
   * Secrets for the HMAC that signs click tokens, the `qk_ref_s` cookie and
   * receipt tokens: the first signs, every one verifies (list the old one
   * second while rotating). Default: a random secret for this app only, so
   * nothing it signed survives it — fine for tests and the browser handlers,
   * not for a server (`startServer` keeps one in the data directory or takes
   * `QUOTEKIT_SIGNING_SECRET`).
   */
  signingSecrets?: readonly string[];
  /** Hooks for logs and metrics. */
  events?: AppEvents;
  /**
   * Webhooks: `allowPrivate` lets endpoints be `http` to a loopback address
   * (`QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`; default false), `wake` is called
   * when a delivery is due at once (`startServer` wakes its worker). The
   * app only writes events into the outbox; the worker (`createWebhookWorker`) delivers them.
   */
  webhooks?: { allowPrivate?: boolean; wake?: () => void };
  /** Served at `GET /metrics` in the Prometheus text format, when given. */
  metrics?: Metrics;
  /** Called with unexpected errors (answered `500 internal_error`), with the request's id. Default `console.error`. */
  onError?: (error: unknown, context: { requestId: string }) => void;
  /**
   * Called when a client closes its connection before its body arrived (counted
   * as status `499`, not an error). Default: nothing.
   */
  onClientClosed?: (context: { requestId: string; method: string; path: string }) => void;
}

/** The client's address as the outermost trusted proxy saw it, when proxies are trusted. */
function forwardedFor(c: Context, trusted: number): string | undefined {
  if (trusted < 1) return undefined;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops.length === 0 ? undefined : hops[Math.max(0, hops.length - trusted)];
}

/** Every route of the API, in the order the OpenAPI document lists them. */
function allRoutes(document: () => Promise<Record<string, unknown>>): Route[] {
  return [
    ...healthRoutes,
    ...catalogRoutes,
    ...firstPaintRoutes,
    ...offerCodeRoutes,
    ...savedQuoteRoutes,
    ...attributionRoutes,
    ...orderRoutes,
    ...partnerRoutes,
    ...opportunityRoutes,
    ...postFactoRoutes,
    ...partnerSettingsRoutes,
    ...statementRoutes,
    ...payoutRoutes,
    ...partnerAccountRoutes,
    ...webhookRoutes,
    openApiRoute(document),
  ];
}

/** A short, stable name for a catalog's content: the first 16 hex digits of its SHA-256. */
export async function catalogVersionOf(catalog: Catalog): Promise<string> {
  return (await sha256(JSON.stringify(catalog))).slice(0, 16);
}

/** The status a request is counted with when its client hung up before its body arrived. */
const CLIENT_CLOSED = 499;

/**
 * The Order API as one fetch-style Hono app: `app.fetch(request)` in any
 * runtime, `app.request(path, init)` in tests. Runs in browsers too (the
 * Mock Service Worker handlers use it), so nothing here touches Node.
 */
export function createApp(options: AppOptions): Hono<{ Variables: { requestId: string } }> {
  const clock = options.clock ?? (() => new Date());
  const limits = options.limits ?? {};
  const catalog = options.catalog ?? catalogs.luxsci;
  let version: Promise<string> | undefined;
  let signer: Promise<Signer> | undefined;
  const events = options.events ?? {};
  const deps: Deps = {
    db: options.db,
    catalog,
    catalogVersion: () => (version ??= catalogVersionOf(catalog)),
    now: clock,
    maxBodyBytes: limits.maxBodyBytes ?? 65_536,
    savedQuoteDays: limits.savedQuoteDays ?? 365,
    limiter: createLimiter(options.db, () => clock().getTime()),
    validOfferCodes: new Map(),
    limits: {
      offerCodeAddress: { limit: limits.offerCodeAttemptsPerMinute ?? 30, windowMs: 60_000 },
      offerCodeFailures: { limit: limits.offerCodeFailuresPerMinute ?? 300, windowMs: 60_000 },
      savedQuoteAddress: { limit: limits.savedQuotesPerHour ?? 60, windowMs: 3_600_000 },
      clickAddress: { limit: limits.clicksPerMinute ?? 60, windowMs: 60_000 },
    },
    signer: () => (signer ??= createSigner(options.signingSecrets ?? [randomToken(32)])),
    events,
    webhooks: {
      allowPrivate: options.webhooks?.allowPrivate ?? false,
      wake: () => options.webhooks?.wake?.(),
    },
    clientAddress: (c) =>
      forwardedFor(c, options.trustProxy ?? 0) ?? (options.clientAddress?.(c) || 'unknown'),
    isHttps: (c) =>
      new URL(c.req.url).protocol === 'https:' ||
      ((options.trustProxy ?? 0) > 0 &&
        c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'),
  };
  const onError =
    options.onError ??
    ((error: unknown, context: { requestId: string }) => console.error(context.requestId, error));

  let document: Promise<Record<string, unknown>> | undefined;
  const routes: Route[] = [
    ...allRoutes(() => (document ??= openApiDocument(app))),
    ...(options.metrics ? [metricsRoute(options.metrics)] : []),
  ];

  const app = new Hono<{ Variables: { requestId: string } }>();
  // nosniff, no framing, no referrer, HSTS and the rest of Hono's defaults on
  // every answer, errors included. Cross-origin reads are CORS's to decide,
  // so Cross-Origin-Resource-Policy is left out.
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const id = c.get('requestId');
    // requestId() sets it before the route; an error answer is a new Response without it.
    // Set on the answer's headers: c.header() on a finished answer rebuilds it
    // around its body as a stream, which on Node costs more than the rest here.
    const headers = c.res.headers;
    headers.set('X-Request-Id', id);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    // The pattern of the route that answered; the catch-all middleware's when none did.
    const route = routePath(c, -1);
    events.request?.({
      requestId: id,
      method: c.req.method,
      route: route === '*' ? 'unmatched' : route,
      status: c.res.status,
      durationMs: performance.now() - started,
    });
  });
  // The client's X-Request-Id when it is sane (letters, digits, _, - or =,
  // 64 at most), else a new one; echoed in the answer's X-Request-Id.
  app.use('*', requestId({ limitLength: 64, generator: () => randomId(16) }));
  const origins = options.allowedOrigins ?? [];
  if (origins.length > 0) {
    const shared = {
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'If-None-Match'],
      exposeHeaders: ['Retry-After', 'Idempotent-Replayed', 'Location', 'ETag', 'X-Request-Id'],
      maxAge: 600,
    };
    app.use(
      '*',
      origins.includes('*')
        ? // Any site may call the API, but never with the visitor's cookies.
          cors({ ...shared, origin: '*', credentials: false })
        : cors({
            ...shared,
            // A sandboxed frame or a file sends Origin: null; it is never on the list.
            origin: (origin) => (origin !== 'null' && origins.includes(origin) ? origin : null),
            credentials: true,
          }),
    );
  }
  // Every body is refused past the limit before a route runs, declared or
  // streamed; a body that fails while it is counted is a client that left.
  const limitBody = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => tooLarge(deps.maxBodyBytes),
  });
  app.use('*', async (c, next) => {
    // A body of declared length is judged by its header alone, as bodyLimit
    // would, without touching `c.req.raw.body`: on Node that would wrap the
    // socket in a web stream, where the route's read is otherwise direct.
    const method = c.req.method;
    const declared = c.req.header('content-length');
    if (
      method === 'GET' ||
      method === 'HEAD' ||
      (declared !== undefined && c.req.header('transfer-encoding') === undefined)
    ) {
      if (parseInt(declared || '0', 10) > deps.maxBodyBytes) tooLarge(deps.maxBodyBytes);
      return next();
    }
    let reading = true;
    try {
      await limitBody(c, () => {
        reading = false;
        return next();
      });
    } catch (error) {
      throw reading && !isQuotekitError(error) ? clientClosed(error) : error;
    }
  });
  // Handlers report refused claims without knowing the request; the id is added here.
  const withRequest = (c: Context<{ Variables: { requestId: string } }>): Deps =>
    events.attributionRefused === undefined
      ? deps
      : {
          ...deps,
          events: {
            ...events,
            attributionRefused: (reason) =>
              events.attributionRefused?.(reason, { requestId: c.get('requestId') }),
          },
        };
  for (const route of routes) {
    const body = route.body !== undefined && route.body.validate !== false ? route.body : null;
    const roles = route.roles;
    // Who may call it is settled before its body is read.
    const authorize: MiddlewareHandler[] =
      roles === undefined
        ? []
        : [
            async (c, next) => {
              await requireRole(c, deps.db, ...roles);
              await next();
            },
          ];
    const validate: MiddlewareHandler[] =
      body === null
        ? []
        : [
            // Our reader answers a missing Content-Type, an empty or broken body with their own
            // codes; the validator then reads the JSON it parsed.
            async (c, next) => {
              const value = await readJson(c.req.raw, deps.maxBodyBytes);
              c.req.bodyCache.json = Promise.resolve(value);
              await next();
            },
            sValidator('json', body.schema, (result) => {
              // Refused in the words of every other parse: `400 invalid_request` with `details.problems`.
              if (!result.success) parseRequest(body.schema, result.data, body.what);
            }),
          ];
    app.on(
      route.method.toUpperCase(),
      route.path,
      describe(route),
      ...authorize,
      ...validate,
      (c) =>
        route.handler(
          c,
          withRequest(c),
          body === null ? undefined : (c.req.valid as (target: 'json') => unknown)('json'),
        ),
    );
  }
  app.notFound((c) =>
    errorResponse(404, {
      code: 'not_found',
      message: `No route for ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}.`,
    }),
  );
  app.onError((error, c) => {
    if (error instanceof ClientClosedError) {
      options.onClientClosed?.({
        requestId: c.get('requestId') ?? 'none',
        method: c.req.method,
        path: new URL(c.req.url).pathname.slice(0, 200),
      });
      // Nobody reads this answer; 499 (as nginx counts it) keeps it out of the 5xx.
      return errorResponse(CLIENT_CLOSED, {
        code: 'invalid_request',
        message: error.message,
      });
    }
    const status = statusOf(error);
    if (status >= 500 || !isQuotekitError(error)) {
      onError(error, { requestId: c.get('requestId') ?? 'none' });
      return errorResponse(500, {
        code: 'internal_error',
        message: 'The server failed; try again.',
      });
    }
    const body = error.toJSON();
    const retryAfter = error.code === 'rate_limited' ? error.details?.retryAfter : undefined;
    return errorResponse(
      status,
      body,
      retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
    );
  });
  return app;
}
