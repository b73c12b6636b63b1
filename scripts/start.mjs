// `npm start`: the whole product on this machine. Builds what it needs, starts
// the Order API on embedded PGlite (its own data directory, seeded with the
// demo partners) and serves two sites with Vite: the vendor's and an
// affiliate's, on two origins as on the real web, and the vendor's webhook
// receiver, registered with the API for every event. Ctrl-C stops everything.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'vite';
import { isUpToDate } from './build-stamp.mjs';
import { demoOrigins } from './demo-origins.mjs';
import { registerEndpoint, startReceiver } from './demo-receiver.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const ports = {
  vendor: Number(process.env.DEMO_PORT ?? 5173),
  affiliate: Number(process.env.AFFILIATE_PORT ?? 5174),
  api: Number(process.env.PORT ?? 8787),
  // 0 picks a free port (the endpoint is registered again when the port changes).
  receiver: Number(process.env.RECEIVER_PORT ?? 8788),
};
const VARIABLES = {
  vendor: 'DEMO_PORT',
  affiliate: 'AFFILIATE_PORT',
  api: 'PORT',
  receiver: 'RECEIVER_PORT',
};
const urls = {
  vendor: `http://localhost:${ports.vendor}`,
  affiliate: `http://127.0.0.1:${ports.affiliate}`,
  api: `http://127.0.0.1:${ports.api}`,
};

/** Exits with one line when a port is taken. Every server listens on IPv4 loopback. */
async function checkPort(name) {
  await new Promise((done) => {
    const probe = createNetServer();
    probe.once('error', () => {
      console.error(
        `Port ${ports[name]} is in use: set ${VARIABLES[name]} to a free port (e.g. ${VARIABLES[name]}=${ports[name] + 10} npm start).`,
      );
      process.exit(1);
    });
    probe.listen(ports[name], '127.0.0.1', () => probe.close(done));
  });
}
for (const name of Object.keys(ports)) await checkPort(name);

// Which origins may call the API: the demo's sites and ALLOWED_ORIGINS's
// (checked before anything is built, so a mistake costs no wait).
let origins;
try {
  origins = demoOrigins(
    [urls.vendor, `http://127.0.0.1:${ports.vendor}`, urls.affiliate],
    process.env.ALLOWED_ORIGINS,
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

// Builds only when the sources changed since the last finished build (the
// build stamp), or something it serves is missing. `--no-build` (the
// journeys and benchmarks, which build once) uses what is built either way.
if (process.argv.includes('--no-build') && existsSync(join(ROOT, 'packages/server/dist/main.js'))) {
  console.log('Using the packages as built (--no-build).');
} else if (isUpToDate(ROOT)) {
  console.log('The packages are built and up to date: no build needed.');
} else {
  console.log('Building the packages and the paste-in folder (npm run build; about a minute):');
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet-tools'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    console.error('The build failed (above): fix it, or run npm run build to see all its output.');
    process.exit(1);
  }
}

const DATA = process.env.QUOTEKIT_DATA ?? join(ROOT, '.quotekit/demo-data');
// The demo data holds the demo's staff keys and whatever customers are typed
// in: this user's only (the API closes the files inside as it opens them).
mkdirSync(DATA, { recursive: true, mode: 0o700 });
chmodSync(DATA, 0o700);

/**
 * The demo's staff keys, made once per data directory (before the API opens
 * it: one process at a time) and kept beside the data in demo-keys.json: a
 * sales key for the rep console's sign-in, an admin key for reading orders,
 * and ACME's partner key for the affiliate's partner tools.
 */
function demoKeys() {
  const file = join(DATA, 'demo-keys.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const make = (role, name, ...more) =>
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'packages/server/dist/keys.js'),
        'create',
        '--role',
        role,
        '--name',
        name,
        ...more,
        '--quiet',
      ],
      { cwd: ROOT, env: { ...process.env, QUOTEKIT_DATA: DATA }, encoding: 'utf8' },
    ).trim();
  const keys = {
    sales: kept.sales ?? make('sales', 'Demo Rep'),
    admin: kept.admin ?? make('admin', 'Demo Admin'),
    // Data made before partner keys existed gets one now.
    partner: kept.partner ?? make('partner', 'ACME portal', '--partner', 'ACME'),
  };
  if (JSON.stringify(keys) !== JSON.stringify(kept)) {
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return keys;
}
const keys = demoKeys();

// The vendor's webhook receiver: its deliveries are read by /admin with the admin key.
const receiver = await startReceiver({
  port: ports.receiver,
  adminKey: keys.admin,
  origins: origins.slice(0, 2),
});

// The end-to-end journeys may start the API from a test entry instead (a
// clock they can move: packages/server/test/clock-server.ts); it is run from
// source, and only when this variable names it.
const testEntry = process.env.QUOTEKIT_TEST_API_ENTRY;
const api = spawn(
  process.execPath,
  testEntry
    ? ['--import', 'tsx', '--conditions=@quotekit/source', resolve(testEntry)]
    : [join(ROOT, 'packages/server/dist/main.js')],
  {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.api),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      QUOTEKIT_DATA: DATA,
      ALLOWED_ORIGINS: origins.join(','),
      // The receiver is on loopback, which the API refuses unless told otherwise.
      QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
// However this process ends, the API it started ends with it.
process.on('exit', () => api.kill('SIGTERM'));
await new Promise((done, fail) => {
  let output = '';
  api.stdout.setEncoding('utf8');
  api.stdout.on('data', (chunk) => {
    output += chunk;
    if (/Order API on/.test(output)) done();
  });
  api.once('exit', (code) => fail(new Error(`The Order API stopped (exit ${code}):\n${output}`)));
});

/**
 * ACME's recommended package on the affiliate's home page: a quote stored on
 * the API with ACME's partner key, so that its "Order this" link opens the
 * stored quote (`?qid=`) and an order from it is ACME's by `saved_quote`,
 * even without the code. Kept in demo-quote.json; made again when gone.
 */
async function demoQuote() {
  const file = join(DATA, 'demo-quote.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (kept.id && (await fetch(`${urls.api}/v1/saved-quotes/${kept.id}`)).ok) return kept.id;
  const res = await fetch(`${urls.api}/v1/saved-quotes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.partner}` },
    body: JSON.stringify({
      quote: {
        lines: [
          { product: 'starter-plus-user', quantity: 25 },
          { product: 'dedicated-px2', quantity: 1 },
        ],
      },
      offerCode: 'ACME5',
      affiliate: 'ACME',
    }),
  });
  if (!res.ok)
    throw new Error(`ACME's demo quote was refused (${res.status}): ${await res.text()}`);
  const { id } = await res.json();
  writeFileSync(file, `${JSON.stringify({ id }, null, 2)}\n`);
  return id;
}
const acmeQuote = await demoQuote();

// One endpoint for every event, kept in demo-webhook.json beside the keys.
const { WEBHOOK_EVENT_TYPES } = await import(
  pathToFileURL(join(ROOT, 'packages/server/dist/webhooks/webhooks.schema.js')).href
);
const endpoint = await registerEndpoint({
  api: urls.api,
  adminKey: keys.admin,
  url: `${receiver.url}/webhooks`,
  events: WEBHOOK_EVENT_TYPES,
  file: join(DATA, 'demo-webhook.json'),
});
receiver.setSecrets([endpoint.secret]);

const CDN = join(ROOT, 'packages/elements/dist/cdn');
const ASSETS = join(ROOT, 'demo/assets');
const TYPES = { '.js': 'text/javascript', '.css': 'text/css' };

/** Clean page paths (`/pricing` → pricing.html), the paste-in folder at /cdn/, the sites' addresses. */
function demoSite() {
  return {
    name: 'quotekit:demo-site',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = new URL(request.url ?? '/', 'http://site').pathname;
        for (const [prefix, dir] of [
          ['/cdn/', CDN],
          ['/assets/', ASSETS],
        ]) {
          if (!path.startsWith(prefix)) continue;
          const file = join(dir, path.slice(prefix.length));
          if (!file.startsWith(dir) || !existsSync(file)) break;
          response.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
          // Public files: a page on another origin may load the elements from here.
          response.setHeader('Access-Control-Allow-Origin', '*');
          response.end(readFileSync(file));
          return;
        }
        if (/^\/[a-z-]+$/.test(path) && existsSync(join(server.config.root, `${path}.html`))) {
          request.url = `${path}.html${request.url.slice(path.length)}`;
        }
        next();
      });
    },
    transformIndexHtml: (html) =>
      html
        .replaceAll('%API%', urls.api)
        .replaceAll('%VENDOR%', urls.vendor)
        .replaceAll('%AFFILIATE%', urls.affiliate)
        .replaceAll('%ACME_QUOTE%', acmeQuote)
        .replaceAll('%RECEIVER%', receiver.url),
  };
}

async function site(name, dir, host) {
  const server = await createServer({
    configFile: false,
    root: join(ROOT, 'demo', dir),
    appType: 'mpa',
    logLevel: 'warn',
    plugins: [demoSite()],
    // /cdn/ is served from the built folder, not transformed: Vite need not pre-transform it.
    server: { port: ports[name], host, strictPort: true, preTransformRequests: false },
  });
  await server.listen();
  return server;
}
const sites = [
  await site('vendor', 'vendor', '127.0.0.1'),
  await site('affiliate', 'affiliate', '127.0.0.1'),
];

console.log(`
quotekit is running. Open:
  ${urls.vendor}/            the vendor's site: who each page is for
  ${urls.vendor}/pricing     a visitor configures a package and orders; support plans compared
  ${urls.vendor}/sales       the sales rep's phone-order console
  ${urls.vendor}/launch      a marketing page with a live estimate
  ${urls.vendor}/admin       the vendor's back office: orders, billing, payouts, webhooks received
  ${urls.affiliate}/          an affiliate's site (another origin): affiliate link, embedded saved quote
  ${urls.affiliate}/tools     the affiliate's partner tools: make a quote link, commission estimator
  ${urls.affiliate}/portal    the affiliate's partner portal: ACME's referrals, commission, payouts
  ${urls.api}/v1/catalog      the Order API (PGlite in ${DATA})
Demo partners: ACME (offer code ACME5, 5 %) and NORTHWIND (NW10, 10 %). Add ?lang=de to any page for German.
Sales key for ${urls.vendor}/sales (Demo Rep): ${keys.sales}
Partner key for ${urls.affiliate}/tools and /portal (ACME: links that credit ACME, its records): ${keys.partner}
Admin key for ${urls.vendor}/admin (Demo Admin; also for curl -H "Authorization: Bearer <key>" ${urls.api}/v1/orders): ${keys.admin}
Webhooks: every event goes to the demo's receiver at ${receiver.url}/webhooks (verified with standardwebhooks; listed on /admin).
${
  origins.length > 3
    ? `Pages on ${origins.slice(3).join(', ')} may call the API too (ALLOWED_ORIGINS).\n`
    : ''
}Press Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  api.kill('SIGTERM');
  await Promise.all([
    new Promise((done) => api.once('exit', done)),
    ...sites.map((s) => s.close()),
    receiver.close(),
  ]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
