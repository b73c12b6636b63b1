// The delivery worker's rounds: how often it goes to the database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../db/database.js';
import { createDeliveryWorker } from './delivery.js';

/** A database with no endpoints that counts the worker's dispatch rounds. */
function countingDb() {
  const counts = { dispatch: 0 };
  const db = {
    async dispatchWebhookEvents() {
      counts.dispatch += 1;
      return 1;
    },
    async claimWebhookEndpoints() {
      return [];
    },
  } as unknown as Database;
  return { db, counts };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A worker on `db` that polls only once a minute, so that its rounds come from `wake`. */
const workerOn = (db: Database, gatherMs: number) =>
  createDeliveryWorker({
    db,
    sign: () => ({}),
    send: async () => ({ statusCode: 200, error: null }),
    pollMs: 60_000,
    gatherMs,
  });

test('50 events written within a few milliseconds are dispatched in a round or two, not a round each', async () => {
  const { db, counts } = countingDb();
  const worker = workerOn(db, 30);
  worker.start();
  await sleep(10);
  const first = counts.dispatch;
  for (let i = 0; i < 50; i++) {
    worker.wake();
    await sleep(0);
  }
  await sleep(100);
  await worker.stop();
  assert.equal(first, 1, 'the round at start');
  assert.ok(counts.dispatch - first <= 3, `${counts.dispatch - first} rounds for 50 events`);
  assert.ok(counts.dispatch - first >= 1, 'the events were dispatched');
});

test('stop ends the worker while it gathers events after a wake', async () => {
  const { db } = countingDb();
  const worker = workerOn(db, 60_000);
  worker.start();
  await sleep(10);
  worker.wake();
  await sleep(10);
  const stopped = await Promise.race([
    worker.stop().then(() => true),
    sleep(1000).then(() => false),
  ]);
  assert.equal(stopped, true);
});
