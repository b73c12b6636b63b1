import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { catalogs, isQuotekitError, parseCatalog, type Catalog } from '@quotekit/core';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createApp } from './app.js';
import { createMetrics, metricsHandler } from './metrics.js';
import { createWebhookWorker } from './webhooks/worker.js';
import { assertSigningSecrets, parseSigningSecrets, randomToken } from './signing.js';
import { openPGliteDatabase } from './db/pglite.js';
import { openPostgresDatabase } from './db/postgres.js';
import { seedDemoData } from './db/seed.js';
import type { Database } from './db/database.js';

/** How the server is configured; `configFromEnv` reads it from the environment. */
export interface ServerConfig {
  /** Default 8787; 0 picks a free port. */
  port: number;
  /** Default: every interface. */
  host?: string;
  /** Browser origins allowed to call the API (CORS). Default none. */
  allowedOrigins: string[];
  /** PGlite data directory, used when `databaseUrl` is unset. Default `.quotekit/data`. */
  dataDir: string;
  /** A PGlite data directory lock not refreshed for this long is taken over (`QUOTEKIT_LOCK_STALE_MS`). Default 10 s. */
  lockStaleMs?: number;
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /**
   * PostgreSQL timeouts in milliseconds (`QUOTEKIT_PG_CONNECT_TIMEOUT_MS`,
   * `QUOTEKIT_PG_STATEMENT_TIMEOUT_MS`, `QUOTEKIT_PG_IDLE_TIMEOUT_MS`).
   * Default 5 s, 10 s and 30 s (`PG_TIMEOUTS`).
   */
  pgTimeouts?: { connectMs?: number; statementMs?: number; idleMs?: number };
  /**
   * On SIGTERM, `main.ts` lets requests in flight run for half of this, then
   * closes the database, and exits at this deadline whatever is still open
   * (`QUOTEKIT_SHUTDOWN_TIMEOUT_MS`). Default 10 s.
   */
  shutdownTimeoutMs?: number;
  /** Reverse proxies in front of the API whose X-Forwarded-* headers to believe. Default 0. */
  trustProxy?: number;
  /** A catalog JSON file to price from (`QUOTEKIT_CATALOG`). Default: the built-in luxsci catalog. */
  catalogFile?: string;
  /**
   * HMAC secrets (`QUOTEKIT_SIGNING_SECRET`, separated by spaces or newlines:
   * the first signs, the rest still verify while rotating). Each must be 32
   * random bytes or more as hex or base64 (`checkSigningSecret`), or the
   * server does not start. Default with PGlite: one generated into
   * `<dataDir>/signing-secret`; required with PostgreSQL, since every
   * instance must share it.
   */
  signingSecrets?: string[];
  /**
   * A port of its own for `GET /metrics` (`QUOTEKIT_METRICS_PORT`; 0 picks a
   * free one), on `host`. Default: no metrics port.
   */
  metricsPort?: number;
  /**
   * A bearer token `GET /metrics` asks for (`QUOTEKIT_METRICS_TOKEN`). Without
   * `metricsPort`, metrics are served on the API's port only to this token.
   * With neither, the server has no `/metrics`.
   */
  metricsToken?: string;
  /** pino level (`LOG_LEVEL`): `info` by default, `silent` for none. */
  logLevel?: string;
  /**
   * Webhook delivery: `allowPrivate` (`QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`)
   * lets endpoints be `http` to loopback and deliveries reach private
   * addresses, for development only; `leaseMs` (`QUOTEKIT_WEBHOOKS_LEASE_MS`,
   * default 60 s) is how long a crashed instance's claim on an endpoint
   * holds; `pollMs` (`QUOTEKIT_WEBHOOKS_POLL_MS`, default 1 s) how often
   * the outbox is read when nothing wakes the worker.
   */
  webhooks?: { allowPrivate?: boolean; leaseMs?: number; pollMs?: number };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0–65535), not ${JSON.stringify(env.PORT)}.`);
  }
  const trustProxy = Number(env.TRUST_PROXY ?? 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0) {
    throw new Error(
      `TRUST_PROXY must be the number of proxies in front of the API (0 or more), not ${JSON.stringify(env.TRUST_PROXY)}.`,
    );
  }
  return {
    port,
    trustProxy,
    ...(env.HOST ? { host: env.HOST } : {}),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    dataDir: resolve(env.QUOTEKIT_DATA || '.quotekit/data'),
    ...(env.QUOTEKIT_LOCK_STALE_MS
      ? { lockStaleMs: positiveMs('QUOTEKIT_LOCK_STALE_MS', env.QUOTEKIT_LOCK_STALE_MS) }
      : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...pgTimeoutsOf(env),
    ...(env.QUOTEKIT_SHUTDOWN_TIMEOUT_MS
      ? {
          shutdownTimeoutMs: positiveMs(
            'QUOTEKIT_SHUTDOWN_TIMEOUT_MS',
            env.QUOTEKIT_SHUTDOWN_TIMEOUT_MS,
          ),
        }
      : {}),
    ...(env.QUOTEKIT_CATALOG ? { catalogFile: resolve(env.QUOTEKIT_CATALOG) } : {}),
    ...(env.QUOTEKIT_SIGNING_SECRET
      ? { signingSecrets: parseSigningSecrets(env.QUOTEKIT_SIGNING_SECRET) }
      : {}),
    ...(env.QUOTEKIT_METRICS_PORT ? { metricsPort: metricsPortOf(env.QUOTEKIT_METRICS_PORT) } : {}),
    ...(env.QUOTEKIT_METRICS_TOKEN ? { metricsToken: env.QUOTEKIT_METRICS_TOKEN } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    webhooks: {
      allowPrivate: env.QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE === '1',
      ...(env.QUOTEKIT_WEBHOOKS_LEASE_MS
        ? { leaseMs: positiveMs('QUOTEKIT_WEBHOOKS_LEASE_MS', env.QUOTEKIT_WEBHOOKS_LEASE_MS) }
        : {}),
      ...(env.QUOTEKIT_WEBHOOKS_POLL_MS
        ? { pollMs: positiveMs('QUOTEKIT_WEBHOOKS_POLL_MS', env.QUOTEKIT_WEBHOOKS_POLL_MS) }
        : {}),
    },
  };
}

/** A duration in milliseconds from the environment: a positive integer, or a start-up error naming the variable. */
function positiveMs(name: string, value: string): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new Error(
      `${name} must be a number of milliseconds above 0, not ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}

/** The PostgreSQL timeouts the environment sets, if any. */
function pgTimeoutsOf(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'pgTimeouts'> {
  const timeouts: NonNullable<ServerConfig['pgTimeouts']> = {};
  const names = {
    connectMs: 'QUOTEKIT_PG_CONNECT_TIMEOUT_MS',
    statementMs: 'QUOTEKIT_PG_STATEMENT_TIMEOUT_MS',
    idleMs: 'QUOTEKIT_PG_IDLE_TIMEOUT_MS',
  } as const;
  for (const [key, name] of Object.entries(names) as [keyof typeof names, string][]) {
    const value = env[name];
    if (value) timeouts[key] = positiveMs(name, value);
  }
  return Object.keys(timeouts).length === 0 ? {} : { pgTimeouts: timeouts };
}

function metricsPortOf(text: string): number {
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `QUOTEKIT_METRICS_PORT must be a port number (0–65535), not ${JSON.stringify(text)}.`,
    );
  }
  return port;
}

/**
 * Reads and validates a catalog file, listing every problem; throws with
 * all of them so that the server does not start on a bad catalog.
 */
export function loadCatalog(file: string): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `QUOTEKIT_CATALOG ${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseCatalog(json);
  } catch (error) {
    if (!isQuotekitError(error)) throw error;
    const problems =
      (error.details?.problems as { path: string; message: string }[] | undefined) ?? [];
    throw new Error(
      [
        `QUOTEKIT_CATALOG ${file} is not a valid catalog:`,
        ...problems.map((p) => `  - ${p.path}: ${p.message}`),
      ]
        .concat(problems.length === 0 ? [`  - ${error.message}`] : [])
        .join('\n'),
    );
  }
}

/** The secret in `<dataDir>/signing-secret` (the directory exists by now), made readable by this user only when missing. */
function dataDirSecret(dataDir: string): string {
  const file = join(dataDir, 'signing-secret');
  if (!existsSync(file)) writeFileSync(file, `${randomToken(32)}\n`, { mode: 0o600, flag: 'wx' });
  const secret = readFileSync(file, 'utf8').trim();
  assertSigningSecrets([secret], file);
  return secret;
}

/**
 * The PGlite data directory as a real path: created when missing, a
 * symbolic link followed (PGlite's file system cannot open a directory
 * through one), and a clear error when it is no directory at all.
 */
export function openDataDir(dataDir: string): string {
  const link = lstatSync(dataDir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink() && !existsSync(dataDir)) {
    throw new Error(
      `QUOTEKIT_DATA ${dataDir} is a symbolic link to a path that does not exist; create that directory or point QUOTEKIT_DATA at one.`,
    );
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(
      `QUOTEKIT_DATA ${dataDir} cannot be created: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const real = realpathSync(dataDir);
  if (!statSync(real).isDirectory()) {
    throw new Error(`QUOTEKIT_DATA ${dataDir} is not a directory.`);
  }
  return real;
}

/** An error as logged: its name, code and the start of its message; never a stack, which can carry SQL or customer data. */
export function loggedError(error: unknown): Record<string, unknown> | string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message.slice(0, 200),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * The JSON logger: one line per event, a request id on every request's
 * line, no customer data. Writes to stdout unless given `destination`.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'quotekit-order-api' },
    // Belt and braces: nothing logs these, and if anything ever did they are
    // blanked. Customer data and credentials only: a bare `name` is not
    // here, since an error's `name` is what an operator needs to read.
    redact: {
      paths: [
        'customer',
        '*.customer',
        'email',
        '*.email',
        'phone',
        '*.phone',
        'authorization',
        '*.authorization',
        'cookie',
        '*.cookie',
        'token',
        '*.token',
        'receiptToken',
      ],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The database URL without its password, for logs. */
function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL at ${parsed.host}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export interface RunningServer {
  url: string;
  db: Database;
  /** Stops taking connections, lets requests in flight finish, then closes the database. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Opens the database, seeds demo data into an empty one, and listens. */
export async function startServer(
  config: ServerConfig,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  const catalog = config.catalogFile ? loadCatalog(config.catalogFile) : catalogs.luxsci;
  if (config.databaseUrl && !config.signingSecrets?.length) {
    throw new Error(
      'QUOTEKIT_SIGNING_SECRET is required with DATABASE_URL: every instance must sign and verify with the same secret.',
    );
  }
  if (config.signingSecrets !== undefined) {
    assertSigningSecrets(config.signingSecrets, 'QUOTEKIT_SIGNING_SECRET');
  }
  const logger = createLogger(config.logLevel);
  let db: Database;
  let where: string;
  let signingSecrets = config.signingSecrets ?? [];
  if (config.databaseUrl) {
    db = await openPostgresDatabase({
      connectionString: config.databaseUrl,
      ...(config.pgTimeouts?.connectMs === undefined
        ? {}
        : { connectTimeoutMs: config.pgTimeouts.connectMs }),
      ...(config.pgTimeouts?.statementMs === undefined
        ? {}
        : { statementTimeoutMs: config.pgTimeouts.statementMs }),
      ...(config.pgTimeouts?.idleMs === undefined
        ? {}
        : { idleTimeoutMs: config.pgTimeouts.idleMs }),
      onError: (error) =>
        logger.error({ error: loggedError(error) }, 'PostgreSQL connection failed'),
    });
    where = describeDatabase(config.databaseUrl);
  } else {
    const dataDir = openDataDir(config.dataDir);
    if (signingSecrets.length === 0) signingSecrets = [dataDirSecret(dataDir)];
    db = await openPGliteDatabase({
      dataDir,
      ...(config.lockStaleMs === undefined ? {} : { lockStaleMs: config.lockStaleMs }),
    });
    where = `PGlite in ${dataDir}`;
  }
  if (await db.isEmpty()) {
    await seedDemoData(db);
    log('Seeded demo data: partners ACME (offer code ACME5, 5 %) and NORTHWIND (NW10, 10 %).');
  }
  const metrics = createMetrics({
    attributionSignals: (scope) => db.attributionSignals(scope),
    oldestUndeliveredWebhookEvent: () => db.oldestUndeliveredWebhookEvent(),
  });
  const webhooks = config.webhooks ?? {};
  const worker = createWebhookWorker({
    db,
    allowPrivate: webhooks.allowPrivate ?? false,
    ...(webhooks.leaseMs === undefined ? {} : { leaseMs: webhooks.leaseMs }),
    ...(webhooks.pollMs === undefined ? {} : { pollMs: webhooks.pollMs }),
    events: {
      attempt(event) {
        metrics.webhookAttempt(event);
        const line = {
          endpoint: event.endpoint,
          delivery: event.deliveryId,
          type: event.eventType,
          outcome: event.outcome,
          statusCode: event.statusCode,
          durationMs: event.durationMs,
          ...(event.error === null ? {} : { reason: event.error }),
        };
        if (event.outcome === 'delivered') logger.debug(line, 'webhook delivered');
        else logger.warn(line, 'webhook delivery failed');
      },
      endpointDisabled(event) {
        logger.error(event, 'webhook endpoint disabled');
      },
      error(error) {
        logger.error({ error: loggedError(error) }, 'webhook delivery round failed');
      },
    },
  });
  const app = createApp({
    db,
    catalog,
    signingSecrets,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy ?? 0,
    clientAddress: (c) => (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress,
    events: {
      request(event) {
        metrics.request(event);
        logger.info(event, 'request');
      },
      order(event) {
        metrics.order(event);
        worker.wake();
      },
      attributionRefused(reason, context) {
        metrics.attributionRefused(reason);
        logger.info({ requestId: context?.requestId, reason }, 'attribution claim refused');
      },
      rateLimited: metrics.rateLimited,
      opportunityMatching(event) {
        metrics.opportunityMatching(event);
        if (event.outcome === 'failed') {
          logger.error(
            { orderId: event.orderId, error: loggedError(event.error) },
            'opportunity matching failed; the order stands',
          );
        }
      },
    },
    webhooks: { allowPrivate: webhooks.allowPrivate ?? false, wake: () => worker.wake() },
    onError(error, { requestId }) {
      // The error's name and message only: a stack or a driver's error can carry SQL and customer data.
      logger.error({ requestId, error: loggedError(error) }, 'request failed');
    },
    onClientClosed(context) {
      // The client's doing, not the server's: info, not an error.
      logger.info(context, 'client closed the connection before its body arrived');
    },
  });
  // Expired saved quotes and old rate-limit windows go once an hour (and at start).
  const purge = () => {
    const now = Date.now();
    db.purgeExpired(new Date(now).toISOString(), new Date(now - 2 * 3_600_000).toISOString()).then(
      (purged) => purged > 0 && logger.info({ purged }, 'expired saved quotes purged'),
      (error: unknown) => logger.warn({ error: String(error) }, 'purge failed'),
    );
    // Delivered or abandoned webhook deliveries, and their events, are kept for 30 days.
    db.purgeWebhookEvents(new Date(now - 30 * 86_400_000).toISOString()).catch((error: unknown) =>
      logger.warn({ error: String(error) }, 'webhook purge failed'),
    );
  };
  purge();
  const purging = setInterval(purge, 3_600_000);
  purging.unref();

  // `/metrics` counts orders by channel and affiliate: never public. On its
  // own port, or on the API's port to a bearer token only.
  const scrape = metricsHandler(metrics, config.metricsToken);
  const fetch: typeof app.fetch =
    config.metricsToken !== undefined && config.metricsPort === undefined
      ? (request, ...rest) =>
          new URL(request.url).pathname === '/metrics'
            ? scrape(request)
            : app.fetch(request, ...rest)
      : app.fetch;
  // Without `createServer` options, @hono/node-server makes a plain http.Server.
  const listen = (handler: typeof app.fetch, port: number) =>
    new Promise<Server>((done, fail) => {
      const s = serve(
        { fetch: handler, port, ...(config.host ? { hostname: config.host } : {}) },
        () => done(s as Server),
      );
      s.once('error', fail);
    });
  const urlOf = (s: Server) =>
    `http://${config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost'}:${(s.address() as AddressInfo).port}`;
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await listen(
          (request) =>
            new URL(request.url).pathname === '/metrics'
              ? scrape(request)
              : new Response('Not found: this port serves /metrics only.\n', { status: 404 }),
          config.metricsPort,
        );
  const server = await listen(fetch, config.port).catch((error: unknown) => {
    metricsServer?.close();
    throw error;
  });
  const url = urlOf(server);
  worker.start();
  log(
    metricsServer
      ? `Metrics on ${urlOf(metricsServer)}/metrics${config.metricsToken ? ' (bearer token)' : ''}`
      : config.metricsToken
        ? `Metrics on ${url}/metrics (bearer token)`
        : 'Metrics off: set QUOTEKIT_METRICS_PORT or QUOTEKIT_METRICS_TOKEN to serve /metrics.',
  );
  log(
    `quotekit Order API on ${url} (${where}${config.catalogFile ? `, catalog ${config.catalogFile}` : ''})`,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    close({ timeoutMs = 10_000 } = {}) {
      return (closing ??= new Promise<void>((done) => {
        // Requests still running after the timeout are cut off.
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        // A keep-alive connection holds close() open until it is idle and
        // closed; connections that finish a request during the drain become
        // idle later, so keep closing idle ones until none is left.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        clearInterval(purging);
        void worker.stop();
        metricsServer?.close();
        metricsServer?.closeAllConnections();
        server.close(() => {
          clearTimeout(force);
          clearInterval(idle);
          done();
        });
        server.closeIdleConnections();
      })
        .then(() => worker.stop())
        .then(() => db.close()));
    },
  };
}
