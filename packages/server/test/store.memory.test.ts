import { createMemoryStore } from '@quotekit/server';
import { storeSuite } from './store-suite.js';

storeSuite('memory', async () => createMemoryStore(), { sql: false });
