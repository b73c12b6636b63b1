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
export { CLICK_RETENTION_DAYS } from './db/database.js';
export { openPostgresDatabase, type PostgresDatabaseOptions } from './db/postgres.js';
export { MIGRATIONS, type Migration } from './db/migrations.js';
export { configFromEnv, startServer, type RunningServer, type ServerConfig } from './serve.js';
