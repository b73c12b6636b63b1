import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openPGliteDatabase } from '@quotekit/server';
import { newOrder, databaseSuite } from './db-suite.js';

// One PGlite directory for this whole file: opening one costs seconds and
// hundreds of megabytes, so the suite shares it and the restart test reuses it.
const dataDir = await mkdtemp(join(tmpdir(), 'quotekit-pglite-'));
after(() => rm(dataDir, { recursive: true, force: true }));

databaseSuite('PGlite', () => openPGliteDatabase({ dataDir }), { sql: true });

describe('PGlite db on disk', () => {
  test('keep orders across a restart on the same data directory', async () => {
    // The suite above has closed its database on this directory by now.
    const first = await openPGliteDatabase({ dataDir });
    const before = await first.countOrders();
    const written = await first.insertOrder(newOrder(), `restart-${process.pid}`, 'fp');
    await first.close();

    const reopened = await openPGliteDatabase({ dataDir });
    try {
      assert.equal(await reopened.countOrders(), before + 1);
      assert.deepEqual(await reopened.getOrder(written.order.id), written.order);
      assert.equal(await reopened.isEmpty(), false);
      assert.equal(await reopened.ready(), true);
      const again = await reopened.insertOrder(newOrder(), `restart-${process.pid}`, 'fp');
      assert.equal(again.created, false);
    } finally {
      await reopened.close();
    }
  });
});
