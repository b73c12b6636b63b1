// The opportunity tables' part of the one database suite: every operation on
// memory, PGlite and PostgreSQL alike.
import assert from 'node:assert/strict';
import type {
  Database,
  NewOrder,
  OpportunityMatchRecord,
  OpportunityRecord,
  PostFactoRecord,
} from '@quotekit/server';

type Test = (title: string, fn: () => Promise<void>) => void;

export function opportunityTableTests(
  test: Test,
  db: () => Database,
  newOrder: (overrides?: Partial<NewOrder>) => NewOrder,
  unique: (prefix: string) => string,
) {
  const opportunity = (over: Partial<OpportunityRecord> = {}): OpportunityRecord => ({
    id: unique('opp'),
    partner: 'ACME',
    company: 'Globex',
    contactName: null,
    email: 'buyer@globex.example',
    phone: null,
    website: null,
    matchKeys: ['email:buyer@globex.example', 'domain:globex.example', 'company:globex'],
    createdAt: '2026-02-01T12:00:00.000Z',
    updatedAt: '2026-02-01T12:00:00.000Z',
    expiresAt: '2026-07-31T11:00:00.000Z',
    ...over,
  });
  const match = (
    order: string,
    opp: OpportunityRecord,
    over: Partial<OpportunityMatchRecord> = {},
  ): OpportunityMatchRecord => ({
    id: unique('match'),
    opportunityId: opp.id,
    partner: opp.partner,
    orderId: order,
    matchedOn: ['email', 'domain'],
    status: 'open',
    createdAt: '2026-03-01T12:00:01.000Z',
    decidedAt: null,
    ...over,
  });
  const postFacto = (order: string, over: Partial<PostFactoRecord> = {}): PostFactoRecord => ({
    id: unique('pf'),
    partner: 'ACME',
    orderId: order,
    evidence: 'The customer named us on the phone.',
    status: 'pending',
    createdAt: '2026-03-02T12:00:00.000Z',
    decidedAt: null,
    ...over,
  });
  const placed = async () => (await db().insertOrder(newOrder(), unique('key'), 'fp')).order;

  test('keep opportunities as written, list a partner’s newest first, and replace one in place', async () => {
    const older = opportunity({ partner: 'NORTHWIND', createdAt: '2026-01-01T00:00:00.000Z' });
    const newer = opportunity({ partner: 'NORTHWIND', contactName: 'Ann', phone: '+1 617' });
    await db().createOpportunity(older);
    await db().createOpportunity(newer);
    assert.deepEqual(await db().getOpportunity(newer.id), newer);
    const listed = await db().listOpportunities('NORTHWIND', 100);
    assert.deepEqual(
      listed.filter((o) => o.id === older.id || o.id === newer.id).map((o) => o.id),
      [newer.id, older.id],
    );
    const edited = {
      ...older,
      company: 'Globex East',
      contactName: null,
      matchKeys: ['company:globex east'],
    };
    await db().updateOpportunity(edited);
    assert.deepEqual(await db().getOpportunity(older.id), edited);
    assert.equal(await db().getOpportunity('no-such'), null);
  });

  test('find the opportunities sharing a key that were registered and unexpired at a time', async () => {
    const key = `company:${unique('findco')}`;
    const live = opportunity({ matchKeys: [key, 'phone:6175550100'] });
    const expired = opportunity({ matchKeys: [key], expiresAt: '2026-02-28T00:00:00.000Z' });
    const later = opportunity({ matchKeys: [key], createdAt: '2026-03-05T00:00:00.000Z' });
    for (const o of [live, expired, later]) await db().createOpportunity(o);
    const found = await db().findOpportunities(
      [key, 'email:nobody@x.example'],
      '2026-03-01T12:00:00.000Z',
    );
    assert.deepEqual(
      found.map((o) => o.id),
      [live.id],
    );
    assert.deepEqual(await db().findOpportunities([], '2026-03-01T12:00:00.000Z'), []);
  });

  test('record a match once per order and opportunity, and list matches by status oldest first, a page at a time', async () => {
    const order = await placed();
    const opp = opportunity();
    await db().createOpportunity(opp);
    const first = match(order.id, opp);
    await db().recordOpportunityMatches([first]);
    await db().recordOpportunityMatches([match(order.id, opp)]);
    assert.deepEqual(await db().getOpportunityMatch(first.id), first);
    const open = await db().listOpportunityMatches({ status: 'open', limit: 1000 });
    assert.equal(open.filter((m) => m.orderId === order.id).length, 1);
    const page1 = await db().listOpportunityMatches({ limit: 1 });
    const page2 = await db().listOpportunityMatches({ limit: 1, afterId: page1[0]!.id });
    assert.equal(page1.length, 1);
    assert.notEqual(page2[0]?.id, page1[0]!.id);
  });

  test('confirm a match: the order gets the partner with method opportunity, its other matches close, a second decision is refused', async () => {
    const order = await placed();
    const [a, b] = [opportunity(), opportunity({ partner: 'NORTHWIND' })];
    await db().createOpportunity(a);
    await db().createOpportunity(b);
    const [ma, mb] = [match(order.id, a), match(order.id, b)];
    await db().recordOpportunityMatches([ma, mb]);
    const at = '2026-03-03T09:00:00.000Z';
    const decided = await db().decideOpportunityMatch(ma.id, 'confirmed', at);
    assert.deepEqual(decided, {
      outcome: 'decided',
      record: { ...ma, status: 'confirmed', decidedAt: at },
    });
    assert.deepEqual((await db().getOrder(order.id))?.attribution, {
      affiliate: 'ACME',
      method: 'opportunity',
    });
    assert.deepEqual(await db().getOpportunityMatch(mb.id), {
      ...mb,
      status: 'closed',
      decidedAt: at,
    });
    assert.equal(
      (await db().decideOpportunityMatch(ma.id, 'rejected', at)).outcome,
      'already_decided',
    );
    assert.equal(
      (await db().decideOpportunityMatch(mb.id, 'confirmed', at)).outcome,
      'already_decided',
    );
    assert.equal(
      (await db().decideOpportunityMatch('no-such', 'confirmed', at)).outcome,
      'not_found',
    );
  });

  test('a rejected match leaves the order as it was', async () => {
    const order = await placed();
    const opp = opportunity();
    await db().createOpportunity(opp);
    const m = match(order.id, opp);
    await db().recordOpportunityMatches([m]);
    assert.equal(
      (await db().decideOpportunityMatch(m.id, 'rejected', '2026-03-03T09:00:00.000Z')).outcome,
      'decided',
    );
    assert.equal((await db().getOrder(order.id))?.attribution, null);
  });

  test('keep one pending post facto request per partner and order, approve it once, and refuse an order with a referrer', async () => {
    const order = await placed();
    const first = postFacto(order.id);
    assert.deepEqual(await db().createPostFacto(first), { record: first, created: true });
    const again = await db().createPostFacto(postFacto(order.id, { evidence: 'again' }));
    assert.deepEqual(again, { record: first, created: false });
    const other = postFacto(order.id, { partner: 'NORTHWIND' });
    assert.equal((await db().createPostFacto(other)).created, true);
    const at = '2026-03-04T09:00:00.000Z';
    assert.deepEqual(await db().decidePostFacto(first.id, 'approved', at), {
      outcome: 'decided',
      record: { ...first, status: 'approved', decidedAt: at },
    });
    assert.deepEqual((await db().getOrder(order.id))?.attribution, {
      affiliate: 'ACME',
      method: 'post_facto',
    });
    assert.equal(
      (await db().decidePostFacto(other.id, 'approved', at)).outcome,
      'already_attributed',
    );
    assert.equal((await db().getPostFacto(other.id))?.status, 'pending');
    assert.equal((await db().decidePostFacto(first.id, 'rejected', at)).outcome, 'already_decided');
    // Decided, the partner may ask again (a new request).
    assert.equal((await db().createPostFacto(postFacto(order.id))).created, true);
    const mine = await db().listPostFacto({ partner: 'NORTHWIND', limit: 1000 });
    assert.ok(mine.some((r) => r.id === other.id));
    assert.ok(mine.every((r) => r.partner === 'NORTHWIND'));
  });

  test('approving post facto closes the order’s open matches', async () => {
    const order = await placed();
    const opp = opportunity({ partner: 'NORTHWIND' });
    await db().createOpportunity(opp);
    const m = match(order.id, opp);
    await db().recordOpportunityMatches([m]);
    const request = postFacto(order.id);
    await db().createPostFacto(request);
    await db().decidePostFacto(request.id, 'approved', '2026-03-04T09:00:00.000Z');
    assert.equal((await db().getOpportunityMatch(m.id))?.status, 'closed');
  });

  test('confirming two matches of one order at once attributes it once', async () => {
    const order = await placed();
    const opps = [opportunity(), opportunity({ partner: 'NORTHWIND' })];
    for (const o of opps) await db().createOpportunity(o);
    const ms = opps.map((o) => match(order.id, o));
    await db().recordOpportunityMatches(ms);
    const outcomes = await Promise.all(
      ms.map((m) => db().decideOpportunityMatch(m.id, 'confirmed', '2026-03-03T09:00:00.000Z')),
    );
    assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['already_decided', 'decided']);
    const winner = outcomes.find((o) => o.outcome === 'decided')!;
    assert.equal(
      (await db().getOrder(order.id))?.attribution?.affiliate,
      'record' in winner ? winner.record.partner : undefined,
    );
  });

  test('count a partner’s clicks per UTC day in a range', async () => {
    const affiliate = 'NORTHWIND';
    const at = (t: string) => ({
      id: unique('clk'),
      affiliate,
      at: t,
      landingPage: null,
      addressHash: 'h',
    });
    for (const t of [
      '2025-06-01T00:00:00.000Z',
      '2025-06-01T23:59:59.999Z',
      '2025-06-02T10:00:00.000Z',
      '2025-06-04T00:00:00.000Z',
    ]) {
      await db().recordClick(at(t));
    }
    await db().recordClick({ ...at('2025-06-01T10:00:00.000Z'), affiliate: 'ACME' });
    const days = await db().clicksPerDay(
      affiliate,
      '2025-06-01T00:00:00.000Z',
      '2025-06-04T00:00:00.000Z',
    );
    assert.deepEqual(Object.fromEntries(days), { '2025-06-01': 2, '2025-06-02': 1 });
  });
}
