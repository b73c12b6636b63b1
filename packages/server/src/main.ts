// `npm run serve` / `node dist/main.js`: the Order API on Node, configured by
// the environment (PORT, HOST, ALLOWED_ORIGINS, QUOTEKIT_DATA, DATABASE_URL,
// QUOTEKIT_SIGNING_SECRET, QUOTEKIT_METRICS_PORT, QUOTEKIT_METRICS_TOKEN,
// QUOTEKIT_SHUTDOWN_TIMEOUT_MS, …).
import { configFromEnv, startServer } from './serve.js';

function notStarted(error: unknown): never {
  console.error(
    'quotekit Order API did not start:',
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
}

// Listen for signals before starting, so a stop that arrives just as the
// server comes up still drains it and closes the database (and its lock).
let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
} catch (error) {
  notStarted(error);
}
const starting = startServer(config);
const shutdownMs = config.shutdownTimeoutMs ?? 10_000;
let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    console.log(`${signal} again: exiting now.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then closing the database…`);
  // A database that does not answer must not keep the process alive: at the
  // deadline it exits whatever is still open.
  setTimeout(() => {
    console.error(
      `Not stopped after ${shutdownMs} ms (QUOTEKIT_SHUTDOWN_TIMEOUT_MS): exiting now.`,
    );
    process.exit(1);
  }, shutdownMs);
  starting
    .then((server) => server.close({ timeoutMs: Math.floor(shutdownMs / 2) }))
    .then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Could not close cleanly:', error);
        process.exit(1);
      },
    );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  await starting;
} catch (error) {
  notStarted(error);
}
