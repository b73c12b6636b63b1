export { defaultStorage, memoryStorage, type OutboxEntry, type OutboxStorage } from './outbox.js';
