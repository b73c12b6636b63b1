export { createApp, catalogVersionOf, type AppLimits, type AppOptions } from './app.js';
export type { AppEvents, LimitName } from './routes/route.js';
export type { Metrics } from './routes/health.js';
export { createStaffKey, requirePartner, requireRole, STAFF_ROLES } from './staff.js';
export { createOfferCode, createPartner } from './program/partners.js';
export { createSigner, type Signer } from './signing.js';
export { ATTRIBUTION_COOKIE } from './attribution.js';
export { ERROR_STATUS } from './http.js';
export { createMemoryDatabase } from './db/memory.js';
export { seedDemoData, DEMO_PARTNERS, DEMO_OFFER_CODES } from './db/seed.js';
export type {
  Affiliate,
  ClickRecord,
  NewOrder,
  OrderFilter,
  StaffKey,
  StaffRole,
  OfferCode,
  Partner,
  PartnerChanges,
  PartnerFilter,
  PartnerOfferCode,
  SavedQuoteRecord,
  Database,
  StoredOrder,
} from './db/database.js';
export type {
  Decided,
  OpportunityMatchRecord,
  OpportunityRecord,
  PostFactoRecord,
} from './db/opportunities.js';
export {
  LEDGER_ENTRY_TYPES,
  type ImportedReferral,
  type LedgerEntry,
  type LedgerEntryType,
  type NewLedgerEntry,
  type PayoutRecord,
  type PayoutRun,
  type StatementCommission,
  type StatementCredit,
  type StatementRecord,
} from './db/ledger-records.js';
export { openPGliteDatabase, type PGliteDatabaseOptions } from './db/pglite.js';
export { CLICK_RETENTION_DAYS, OfferCodeInactiveError } from './db/database.js';
export { openPostgresDatabase, type PostgresDatabaseOptions } from './db/postgres.js';
export { MIGRATIONS, type Migration } from './db/migrations.js';
export { configFromEnv, startServer, type RunningServer, type ServerConfig } from './serve.js';
export {
  createWebhookWorker,
  retryDelayMs,
  RETRY_FOR_MS,
  type WebhookWorker,
  type WebhookWorkerOptions,
  type WorkerEvents,
} from './webhooks/worker.js';
export { signatureOf, signedHeaders } from './webhooks/signature.js';
export { isPublicAddress } from './webhooks/ip.js';
export type { Resolver, ResolvedAddress } from './webhooks/address.js';
export { recordEvent } from './db/webhooks.js';
export type {
  AttemptRecord,
  DeliveryFilter,
  NewWebhookEvent,
  WebhookEndpointRecord,
  WebhookTable,
} from './db/webhooks.js';
export * from './webhooks/webhooks.schema.js';
