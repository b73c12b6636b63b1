export { createApp, type AppLimits, type AppOptions } from './app.js';
export { isSelfReferral, ATTRIBUTION_COOKIE } from './attribution.js';
export { ERROR_STATUS, type ErrorCode } from './http.js';
export { createMemoryStore } from './store/memory.js';
export { seedDemoData, DEMO_AFFILIATES, DEMO_OFFER_CODES } from './store/seed.js';
export type {
  Affiliate,
  NewOrder,
  OfferCode,
  SavedQuoteRecord,
  Store,
  StoredOrder,
} from './store/store.js';
export { openPGliteStore, type PGliteStoreOptions } from './store/pglite.js';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres.js';
export { MIGRATIONS, type Migration } from './store/migrations.js';
export { configFromEnv, startServer, type RunningServer, type ServerConfig } from './serve.js';
