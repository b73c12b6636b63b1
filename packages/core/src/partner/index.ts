export * from './partner.schema.js';
