import { createMemoryDatabase } from '@quotekit/server';
import { databaseSuite } from './db-suite.js';

databaseSuite('memory', async () => createMemoryDatabase(), { sql: false });
