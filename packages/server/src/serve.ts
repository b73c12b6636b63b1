import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { createApp } from './app.js';
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
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** Reverse proxies in front of the API whose X-Forwarded-* headers to believe. Default 0. */
  trustProxy?: number;
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
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  };
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
  let db: Database;
  let where: string;
  if (config.databaseUrl) {
    db = await openPostgresDatabase({ connectionString: config.databaseUrl });
    where = describeDatabase(config.databaseUrl);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    db = await openPGliteDatabase({ dataDir: config.dataDir });
    where = `PGlite in ${config.dataDir}`;
  }
  if (await db.isEmpty()) {
    await seedDemoData(db);
    log('Seeded demo data: affiliates ACME (offer code ACME5, 5 %) and NORTHWIND (NW10, 10 %).');
  }
  const app = createApp({
    db,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy ?? 0,
    clientAddress: (c) => (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress,
  });

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
  log(`quotekit Order API on ${url} (${where})`);

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
