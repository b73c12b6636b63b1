// Linking a reseller and an affiliate (seed 000: one account of each kind)
// from two instances on one PostgreSQL at once: one link is made, the others
// are refused and write nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QuotekitError } from '@quotekit/core';
import { createPartner, openPostgresDatabase, seedDemoData, type Database } from '@quotekit/server';
import { dropSchemas, freshSchema, pgSkip, pgUrl } from './postgres.js';

const schema = freshSchema('qk_links');
const NOW = new Date('2026-03-02T10:00:00.000Z');
const partner = (id: string, kind: 'affiliate' | 'reseller', linkedPartner?: string) => ({
  id,
  kind,
  name: `Partner ${id}`,
  email: `partners@${id.toLowerCase()}.example`,
  country: 'US',
  payout: { method: 'check' as const },
  ...(linkedPartner === undefined ? {} : { linkedPartner }),
});

describe('partner links from two instances on PostgreSQL', { skip: pgSkip }, () => {
  let a: Database;
  let b: Database;
  before(async () => {
    a = await openPostgresDatabase({ connectionString: pgUrl!, schema });
    await seedDemoData(a);
    b = await openPostgresDatabase({ connectionString: pgUrl!, schema });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropSchemas(schema);
  });

  test('of 12 affiliates linking to one reseller at once, one is linked both ways and the rest are 422 invalid_input with nothing stored', async () => {
    await createPartner(a, partner('HUB', 'reseller'), NOW);
    const ids = Array.from({ length: 12 }, (_, i) => `AFF${i}`);
    const results = await Promise.allSettled(
      ids.map((id, i) => createPartner(i % 2 === 0 ? a : b, partner(id, 'affiliate', 'HUB'), NOW)),
    );
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
    assert.equal(made.length, 1, `linked: ${made.join(', ')}`);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof QuotekitError, String(r.reason));
        assert.equal(r.reason.code, 'invalid_input');
      }
    }
    assert.equal((await b.getPartner('HUB'))?.linkedPartner, made[0]);
    assert.equal((await a.getPartner(made[0]!))?.linkedPartner, 'HUB');
    const stored = await Promise.all(ids.map((id) => a.getPartner(id)));
    assert.deepEqual(
      stored.filter((p) => p !== null).map((p) => p.id),
      made,
    );
  });
});
