import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { catalogs, isQuotekitError, parseCatalog, type Catalog } from '@quotekit/core';
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import { createMetrics } from './metrics.js';
import { randomToken } from './signing.js';
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
  /** Reverse proxies in front of the API whose X-Forwarded-* headers to believe. Default 0. */
  trustProxy?: number;
  /** A catalog JSON file to price from (`QUOTEKIT_CATALOG`). Default: the built-in luxsci catalog. */
  catalogFile?: string;
  /**
   * HMAC secrets (`QUOTEKIT_SIGNING_SECRET`, comma-separated: the first signs,
   * the rest still verify while rotating). Default with PGlite: one generated
   * into `<dataDir>/signing-secret`; required with PostgreSQL, since every
   * instance must share it.
   */
  signingSecrets?: string[];
  /** pino level (`LOG_LEVEL`): `info` by default, `silent` for none. */
  logLevel?: string;
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
    ...(env.QUOTEKIT_CATALOG ? { catalogFile: resolve(env.QUOTEKIT_CATALOG) } : {}),
    ...(env.QUOTEKIT_SIGNING_SECRET
      ? {
          signingSecrets: env.QUOTEKIT_SIGNING_SECRET.split(',')
            .map((secret) => secret.trim())
            .filter(Boolean),
        }
      : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
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
  return readFileSync(file, 'utf8').trim();
}

/** The JSON logger: one line per event, a request id on every request's line, no customer data. */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'quotekit-order-api' },
    // Belt and braces: nothing logs these, and if anything ever did they are blanked.
    redact: {
      paths: [
        'customer',
        '*.customer',
        'email',
        '*.email',
        'name',
        '*.name',
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
  });
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
  let db: Database;
  let where: string;
  if (config.databaseUrl) {
    db = await openPostgresDatabase({ connectionString: config.databaseUrl });
    where = describeDatabase(config.databaseUrl);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    db = await openPGliteDatabase({
      dataDir: config.dataDir,
      ...(config.lockStaleMs === undefined ? {} : { lockStaleMs: config.lockStaleMs }),
    });
    where = `PGlite in ${config.dataDir}`;
  }
  const signingSecrets = config.signingSecrets?.length
    ? config.signingSecrets
    : [dataDirSecret(config.dataDir)];
  if (await db.isEmpty()) {
    await seedDemoData(db);
    log('Seeded demo data: affiliates ACME (offer code ACME5, 5 %) and NORTHWIND (NW10, 10 %).');
  }
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const app = createApp({
    db,
    catalog,
    signingSecrets,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy ?? 0,
    clientAddress: (c) => (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress,
    metrics,
    events: {
      request(event) {
        metrics.request(event);
        logger.info(event, 'request');
      },
      order: metrics.order,
      attributionRefused(reason) {
        metrics.attributionRefused(reason);
        logger.info({ reason }, 'attribution claim refused');
      },
      rateLimited: metrics.rateLimited,
    },
    onError(error, { requestId }) {
      // The error's name and message only: a stack or a driver's error can carry SQL and customer data.
      logger.error(
        {
          requestId,
          error:
            error instanceof Error
              ? { name: error.name, message: error.message.slice(0, 200) }
              : String(error),
        },
        'request failed',
      );
    },
  });
  // Expired saved quotes and old rate-limit windows go once an hour (and at start).
  const purge = () => {
    const now = Date.now();
    db.purgeExpired(new Date(now).toISOString(), new Date(now - 2 * 3_600_000).toISOString()).then(
      (purged) => purged > 0 && logger.info({ purged }, 'expired saved quotes purged'),
      (error: unknown) => logger.warn({ error: String(error) }, 'purge failed'),
    );
  };
  purge();
  const purging = setInterval(purge, 3_600_000);
  purging.unref();

  // Without `createServer` options, @hono/node-server makes a plain http.Server.
  const server = await new Promise<Server>((done, fail) => {
    const s = serve(
      { fetch: app.fetch, port: config.port, ...(config.host ? { hostname: config.host } : {}) },
      () => done(s as Server),
    );
    s.once('error', fail);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost'}:${port}`;
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
        server.close(() => {
          clearTimeout(force);
          clearInterval(idle);
          done();
        });
        server.closeIdleConnections();
      }).then(() => db.close()));
    },
  };
}
