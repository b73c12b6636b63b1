export * from './partner.schema.js';
export * from './ledger.schema.js';
