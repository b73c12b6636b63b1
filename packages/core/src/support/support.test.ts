import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slaDeadlines } from './sla.js';
import { supportCost, ticketSettlement, ticketTokens } from './support.js';
import type { Plan, Priority, TicketSettlementInput } from './support.schema.js';
import { throwsCode } from '../../test/assert.js';

describe('SPEC "Support": "Tokens per ticket" — informational free / free, billing free / free, standard 1 / 2, urgent 3 / 5, emergency 10 / 15 (dedicated / platform)', () => {
  const rows: [Priority, dedicated: number, platform: number][] = [
    ['informational', 0, 0],
    ['billing', 0, 0],
    ['standard', 1, 2],
    ['urgent', 3, 5],
    ['emergency', 10, 15],
  ];
  for (const [priority, dedicated, platform] of rows) {
    test(`${priority}: dedicated ${dedicated}, platform ${platform}`, () => {
      assert.equal(ticketTokens('dedicated', priority), dedicated);
      assert.equal(ticketTokens('platform', priority), platform);
    });
  }

  test('"shared hosting → flat rate only": tokens do not apply → invalid_plan', () => {
    throwsCode(() => ticketTokens('shared', 'standard'), 'invalid_plan');
  });

  test('bad plan or priority → invalid_plan / invalid_priority', () => {
    throwsCode(() => ticketTokens('gold' as Plan, 'standard'), 'invalid_plan');
    throwsCode(() => ticketTokens('dedicated', 'high' as Priority), 'invalid_priority');
    throwsCode(() => ticketTokens(undefined as never, 'urgent'), 'invalid_plan');
  });
});

describe('SPEC "Support": "Flat rate, all users: $0.30 per user per month. Flat rate, administrators only: $0.10 per user per month ($1000/mo for 10,000 users)."', () => {
  test('10,000 users: all users 3000.00, administrators only 1000.00', () => {
    const cost = supportCost({ plan: 'dedicated', users: 10_000 });
    assert.equal(cost.flatUsers, '3000.00');
    assert.equal(cost.flatAdmins, '1000.00');
  });

  const rows: [users: number, flatUsers: string, flatAdmins: string][] = [
    [0, '0.00', '0.00'],
    [1, '0.30', '0.10'],
    [7, '2.10', '0.70'],
    [333, '99.90', '33.30'],
  ];
  for (const [users, flatUsers, flatAdmins] of rows) {
    test(`${users} users → ${flatUsers} / ${flatAdmins}`, () => {
      const cost = supportCost({ plan: 'dedicated', users });
      assert.equal(cost.flatUsers, flatUsers);
      assert.equal(cost.flatAdmins, flatAdmins);
    });
  }
});

describe('seed 004: "Pay-as-you-go, $25 minimum per issue" — a paid ticket costs its tokens × the token price, never less than 25.00', () => {
  const rows: [
    rule: string,
    plan: Plan,
    tickets: Partial<Record<Priority, number>>,
    tokenPrice: string | undefined,
    count: number,
    cost: string,
  ][] = [
    [
      'one standard ticket on dedicated: 1 × 25.00',
      'dedicated',
      { standard: 1 },
      '25.00',
      1,
      '25.00',
    ],
    [
      'one standard ticket on platform: 2 × 25.00',
      'platform',
      { standard: 1 },
      '25.00',
      2,
      '50.00',
    ],
    ['one urgent ticket on platform: 5 × 25.00', 'platform', { urgent: 1 }, '25.00', 5, '125.00'],
    ['one emergency on platform: 15 × 25.00', 'platform', { emergency: 1 }, '25.00', 15, '375.00'],
    [
      'a mix on dedicated: 2 standard + 1 urgent + 1 emergency + 3 informational',
      'dedicated',
      { standard: 2, urgent: 1, emergency: 1, informational: 3 },
      '25.00',
      15,
      '375.00',
    ],
    [
      'free tickets cost nothing',
      'dedicated',
      { informational: 4, billing: 2 },
      '25.00',
      0,
      '0.00',
    ],
    [
      'never less than 25.00: 1 token at 10.00 costs 25.00',
      'dedicated',
      { standard: 1 },
      '10.00',
      1,
      '25.00',
    ],
    ['3 tokens at 10.00 cost 30.00', 'dedicated', { urgent: 1 }, '10.00', 3, '30.00'],
    [
      'a token price with sub-cent digits is rounded per ticket: 3 × 8.335 = 25.005 → 25.01',
      'dedicated',
      { urgent: 2 },
      '8.335',
      6,
      '50.02',
    ],
    ['no tickets', 'platform', {}, undefined, 0, '0.00'],
    // The seed prices no token: the default is a sample 10.00, apart from the $25 minimum.
    [
      'the sample token price: 1 token costs the 25.00 minimum',
      'dedicated',
      { standard: 1 },
      undefined,
      1,
      '25.00',
    ],
    [
      'the sample token price: 3 tokens cost 3 × 10.00',
      'dedicated',
      { urgent: 1 },
      undefined,
      3,
      '30.00',
    ],
    [
      'the sample token price: 15 tokens cost 15 × 10.00',
      'platform',
      { emergency: 1 },
      undefined,
      15,
      '150.00',
    ],
  ];
  for (const [rule, plan, tickets, tokenPrice, count, cost] of rows) {
    test(`${rule} → ${count} tokens, ${cost}`, () => {
      const result = supportCost({
        plan,
        users: 10,
        tickets,
        ...(tokenPrice === undefined ? {} : { tokenPrice }),
      });
      assert.deepEqual(result.tokens, { count, cost });
    });
  }
});

describe('SPEC "Support": "Eligibility: shared hosting → flat rate only; dedicated → either; platform → tokens only."', () => {
  test('shared: flat rate for all users only; administrators-only flat rate and tokens null', () => {
    const cost = supportCost({ plan: 'shared', users: 50, tickets: { urgent: 1 } });
    assert.deepEqual(cost, {
      flatUsers: '15.00',
      flatAdmins: null,
      tokens: null,
      cheapest: 'flatUsers',
      breakEven: null,
      tokenPrice: null,
      tokenPriceIsSample: false,
      ticketMinimum: '25.00',
      tokenTerms: null,
    });
  });

  test('dedicated: either, both flat rates', () => {
    const cost = supportCost({ plan: 'dedicated', users: 50, tickets: { urgent: 1 } });
    assert.equal(cost.flatUsers, '15.00');
    assert.equal(cost.flatAdmins, '5.00');
    // 3 tokens at the sample 10.00.
    assert.deepEqual(cost.tokens, { count: 3, cost: '30.00' });
  });

  test('platform: tokens only; flat rates null', () => {
    const cost = supportCost({ plan: 'platform', users: 50, tickets: { urgent: 1 } });
    assert.deepEqual(cost, {
      flatUsers: null,
      flatAdmins: null,
      tokens: { count: 5, cost: '50.00' },
      cheapest: 'tokens',
      breakEven: null,
      tokenPrice: '10.00',
      tokenPriceIsSample: true,
      ticketMinimum: '25.00',
      // "Tokens … for administrators"; "no inbound phone support" on tokens.
      tokenTerms: { administratorsOnly: true, inboundPhoneSupport: 'emergency_ticket_only' },
    });
  });
});

describe('seed 004: "Flat-rate support (for all users) is provided to all Shared Hosting customers. It is also an option for Dedicated Server customers."', () => {
  test('shared hosting, 10 users: flat rate for all users (3.00) is offered and recommended; administrators-only flat rate is not offered', () => {
    const cost = supportCost({ plan: 'shared', users: 10 });
    assert.equal(cost.flatUsers, '3.00');
    assert.equal(cost.flatAdmins, null);
    assert.equal(cost.cheapest, 'flatUsers');
  });

  test('dedicated, 10 users and an urgent ticket a month: both flat rates are offered and administrators-only (1.00) is the cheapest', () => {
    const cost = supportCost({ plan: 'dedicated', users: 10, tickets: { urgent: 1 } });
    assert.equal(cost.flatUsers, '3.00');
    assert.equal(cost.flatAdmins, '1.00');
    assert.equal(cost.cheapest, 'flatAdmins');
  });
});

describe('seed 004: "LuxSci will not provide support on demand via inbound phone calls -- unless it is for an emergency issue and the customer authorizes the creation of and payment for an emergency support ticket."', () => {
  test('token plans list inbound phone support as for an authorized emergency ticket only', () => {
    for (const plan of ['dedicated', 'platform'] as const) {
      assert.deepEqual(supportCost({ plan, users: 5 }).tokenTerms, {
        administratorsOnly: true,
        inboundPhoneSupport: 'emergency_ticket_only',
      });
    }
  });

  test('shared hosting has no tokens, so no token terms', () => {
    assert.equal(supportCost({ plan: 'shared', users: 5 }).tokenTerms, null);
  });
});

describe('supportCost: the cheapest option and the break-even ticket counts', () => {
  test('10,000 users on dedicated with a few tickets: tokens are cheapest ("instead of paying $1000/mo")', () => {
    const cost = supportCost({
      plan: 'dedicated',
      users: 10_000,
      tickets: { standard: 4, urgent: 2 },
    });
    // 4 standard at the 25.00 minimum + 2 urgent at 3 × 10.00.
    assert.equal(cost.tokens?.cost, '160.00');
    assert.equal(cost.cheapest, 'tokens');
  });

  test('breakEven: tickets of one kind alone a month that cost more than the cheapest flat rate (1000 users: 100.00)', () => {
    const cost = supportCost({ plan: 'dedicated', users: 1000 });
    // At the sample 10.00 a token: standard 25.00 (the minimum): 4 cost 100.00 (not
    // dearer), 5 cost 125.00; urgent 30.00: 4; emergency 100.00: 2.
    assert.deepEqual(cost.breakEven, {
      informational: null,
      billing: null,
      standard: 5,
      urgent: 4,
      emergency: 2,
    });
    assert.equal(
      supportCost({ plan: 'dedicated', users: 1000, tickets: { standard: 4 } }).cheapest,
      'flatAdmins',
    );
    assert.equal(
      supportCost({ plan: 'dedicated', users: 1000, tickets: { standard: 5 } }).cheapest,
      'flatAdmins',
    );
    assert.equal(
      supportCost({ plan: 'dedicated', users: 1000, tickets: { standard: 3 } }).cheapest,
      'tokens',
    );
  });

  test('a tie between tokens and flat rate goes to flat rate', () => {
    // 250 users: administrators only 25.00 = one standard ticket.
    const cost = supportCost({ plan: 'dedicated', users: 250, tickets: { standard: 1 } });
    assert.equal(cost.flatAdmins, '25.00');
    assert.equal(cost.tokens?.cost, '25.00');
    assert.equal(cost.cheapest, 'flatAdmins');
  });

  test('no users: every paid ticket is dearer than a free flat rate', () => {
    const cost = supportCost({ plan: 'dedicated', users: 0 });
    assert.equal(cost.breakEven?.standard, 1);
    assert.equal(cost.cheapest, 'flatAdmins');
  });

  test('bad input is a typed error', () => {
    throwsCode(() => supportCost({ plan: 'vps' as Plan, users: 1 }), 'invalid_plan');
    throwsCode(() => supportCost({ plan: 'shared', users: -1 }), 'invalid_quantity');
    throwsCode(() => supportCost({ plan: 'shared', users: 2.5 }), 'invalid_quantity');
    throwsCode(
      () => supportCost({ plan: 'dedicated', users: 1, tickets: { urgent: Number.NaN } }),
      'invalid_quantity',
    );
    throwsCode(
      () => supportCost({ plan: 'dedicated', users: 1, tokenPrice: '-25' }),
      'invalid_amount',
    );
    throwsCode(() => supportCost('dedicated' as never), 'invalid_input');
  });
});

describe('SPEC "Support": "start within / resolve or plan within": informational 3 days (response) / —; billing — / —; standard 24 h / 48 h; urgent 4 business hours / 24 h; emergency 1 h, 24/7 / 4 h', () => {
  // Tuesday 2024-07-16 10:00 EDT.
  const created = '2024-07-16T14:00:00Z';
  const rows: [Priority, startBy: string | null, resolveBy: string | null][] = [
    ['informational', '2024-07-19T14:00:00.000Z', null],
    ['billing', null, null],
    ['standard', '2024-07-17T14:00:00.000Z', '2024-07-18T14:00:00.000Z'],
    ['urgent', '2024-07-16T18:00:00.000Z', '2024-07-17T14:00:00.000Z'],
    ['emergency', '2024-07-16T15:00:00.000Z', '2024-07-16T18:00:00.000Z'],
  ];
  for (const [priority, startBy, resolveBy] of rows) {
    test(`${priority}: start by ${startBy ?? '—'}, resolve by ${resolveBy ?? '—'}`, () => {
      assert.deepEqual(slaDeadlines(priority, created), { startBy, resolveBy });
    });
  }

  test('a Date works as well as an ISO string', () => {
    assert.deepEqual(
      slaDeadlines('standard', new Date(created)),
      slaDeadlines('standard', created),
    );
  });

  test('bad input is a typed error', () => {
    throwsCode(() => slaDeadlines('high' as Priority, created), 'invalid_priority');
    throwsCode(() => slaDeadlines('urgent', 'now'), 'invalid_date');
    throwsCode(() => slaDeadlines('urgent', '2024-07-16T10:00'), 'invalid_date');
    throwsCode(() => slaDeadlines('urgent', '2024-07-16T24:00:00Z'), 'invalid_date');
    throwsCode(() => slaDeadlines('urgent', new Date('x')), 'invalid_date');
  });
});

describe('SPEC "Support": "Business hours: 09:00–23:00 America/New_York, correct across daylight saving changes."', () => {
  const rows: [rule: string, createdAt: string, startBy: string][] = [
    ['created at 09:00 → 13:00', '2024-07-16T09:00:00-04:00', '2024-07-16T17:00:00.000Z'],
    [
      'created at 19:00 → 23:00 the same day',
      '2024-07-16T19:00:00-04:00',
      '2024-07-17T03:00:00.000Z',
    ],
    [
      'created at 22:59 → 1 min tonight, the rest from 09:00 → 12:59',
      '2024-07-16T22:59:00-04:00',
      '2024-07-17T16:59:00.000Z',
    ],
    [
      'created at 23:00 → 13:00 the next day',
      '2024-07-16T23:00:00-04:00',
      '2024-07-17T17:00:00.000Z',
    ],
    ['created at 03:00 → 13:00', '2024-07-16T03:00:00-04:00', '2024-07-16T17:00:00.000Z'],
    [
      'every day: Saturday 22:30 EST → Sunday 12:30 EST',
      '2024-01-06T22:30:00-05:00',
      '2024-01-07T17:30:00.000Z',
    ],
    [
      'March: Saturday 21:00 EST, 2 h that night, 2 h from Sunday 09:00 EDT → 11:00 EDT',
      '2024-03-09T21:00:00-05:00',
      '2024-03-10T15:00:00.000Z',
    ],
    [
      'March: 01:30 EST on the night of the change → 09:00–13:00 EDT',
      '2024-03-10T01:30:00-05:00',
      '2024-03-10T17:00:00.000Z',
    ],
    [
      'March: Sunday 21:00 EDT, just after the change → Monday 11:00 EDT',
      '2024-03-10T21:00:00-04:00',
      '2024-03-11T15:00:00.000Z',
    ],
    [
      'November: Saturday 22:00 EDT, 1 h that night, 3 h from Sunday 09:00 EST → 12:00 EST',
      '2024-11-02T22:00:00-04:00',
      '2024-11-03T17:00:00.000Z',
    ],
    [
      'November: the first 01:30 (EDT) → 09:00–13:00 EST',
      '2024-11-03T01:30:00-04:00',
      '2024-11-03T18:00:00.000Z',
    ],
    [
      'November: the second 01:30 (EST) → 09:00–13:00 EST',
      '2024-11-03T01:30:00-05:00',
      '2024-11-03T18:00:00.000Z',
    ],
  ];
  for (const [rule, createdAt, startBy] of rows) {
    test(`urgent, ${rule}`, () => {
      assert.equal(slaDeadlines('urgent', createdAt).startBy, startBy);
    });
  }

  test('plain hours ignore the change: an emergency at 01:30 EST on the March night resolves 4 h later (06:30 EDT)', () => {
    assert.deepEqual(slaDeadlines('emergency', '2024-03-10T01:30:00-05:00'), {
      startBy: '2024-03-10T07:30:00.000Z',
      resolveBy: '2024-03-10T10:30:00.000Z',
    });
  });

  test('plain hours in November: standard from Saturday 12:00 EDT starts within 24 h (Sunday 11:00 EST)', () => {
    assert.equal(
      slaDeadlines('standard', '2024-11-02T12:00:00-04:00').startBy,
      '2024-11-03T16:00:00.000Z',
    );
  });
});

describe('SPEC "Support": "Refunds: a missed start or resolve target makes the ticket free (tokens credited back); an emergency judged not mission-critical is demoted to urgent (the difference credited back); a free issue filed with tokens is credited back."', () => {
  const created = '2024-07-16T14:00:00Z';
  const hoursLater = (h: number, ms = 0) =>
    new Date(Date.parse(created) + h * 3_600_000 + ms).toISOString();
  const rows: [
    rule: string,
    input: Omit<TicketSettlementInput, 'createdAt'>,
    charged: number,
    credited: number,
    reason?: string,
  ][] = [
    [
      'targets met: standard on dedicated is charged its token',
      {
        plan: 'dedicated',
        priority: 'standard',
        startedAt: hoursLater(1),
        resolvedAt: hoursLater(30),
      },
      1,
      0,
    ],
    [
      'started exactly at the target: met',
      { plan: 'dedicated', priority: 'standard', startedAt: hoursLater(24) },
      1,
      0,
    ],
    [
      'started a millisecond late: free',
      { plan: 'dedicated', priority: 'standard', startedAt: hoursLater(24, 1) },
      0,
      1,
      'missed_start',
    ],
    [
      'resolved late: free',
      {
        plan: 'platform',
        priority: 'urgent',
        startedAt: hoursLater(1),
        resolvedAt: hoursLater(25),
      },
      0,
      5,
      'missed_resolve',
    ],
    [
      'not started and `now` past the start target: free',
      { plan: 'platform', priority: 'emergency', now: hoursLater(2) },
      0,
      15,
      'missed_start',
    ],
    [
      'not resolved and `now` past the resolve target: free',
      { plan: 'dedicated', priority: 'emergency', startedAt: hoursLater(0.5), now: hoursLater(5) },
      0,
      10,
      'missed_resolve',
    ],
    [
      'still open, targets not yet passed: charged',
      { plan: 'dedicated', priority: 'emergency', startedAt: hoursLater(0.5), now: hoursLater(3) },
      10,
      0,
    ],
    [
      'emergency not mission-critical on dedicated: charged as urgent, 10 − 3 credited',
      {
        plan: 'dedicated',
        priority: 'emergency',
        missionCritical: false,
        startedAt: hoursLater(0.5),
      },
      3,
      7,
      'not_mission_critical',
    ],
    [
      'emergency not mission-critical on platform: 15 − 5 credited',
      { plan: 'platform', priority: 'emergency', missionCritical: false },
      5,
      10,
      'not_mission_critical',
    ],
    [
      'a demoted emergency is held to urgent targets: a start after 2 h is in time',
      {
        plan: 'dedicated',
        priority: 'emergency',
        missionCritical: false,
        startedAt: hoursLater(2),
      },
      3,
      7,
      'not_mission_critical',
    ],
    [
      'a demoted emergency that misses urgent targets is free',
      {
        plan: 'dedicated',
        priority: 'emergency',
        missionCritical: false,
        startedAt: hoursLater(5),
      },
      0,
      10,
      'missed_start',
    ],
    [
      'a mission-critical emergency started after 2 h: free',
      { plan: 'dedicated', priority: 'emergency', missionCritical: true, startedAt: hoursLater(2) },
      0,
      10,
      'missed_start',
    ],
    [
      'a free issue filed with tokens: all credited back',
      { plan: 'platform', priority: 'urgent', freeIssue: true, startedAt: hoursLater(1) },
      0,
      5,
      'free_issue',
    ],
    [
      'an informational ticket is free anyway',
      { plan: 'dedicated', priority: 'informational', startedAt: hoursLater(100) },
      0,
      0,
      'missed_start',
    ],
    [
      'a billing ticket has no target and no tokens',
      { plan: 'platform', priority: 'billing', now: hoursLater(1000) },
      0,
      0,
    ],
  ];
  for (const [rule, input, charged, credited, reason] of rows) {
    test(`${rule} → charged ${charged}, credited ${credited}`, () => {
      const result = ticketSettlement({ ...input, createdAt: created });
      assert.equal(result.charged, charged);
      assert.equal(result.credited, credited);
      assert.equal(result.reason, reason);
    });
  }

  test('urgent start counts business hours: created 22:00 EDT, started 10:00 the next day is in time', () => {
    const result = ticketSettlement({
      plan: 'dedicated',
      priority: 'urgent',
      createdAt: '2024-07-16T22:00:00-04:00',
      startedAt: '2024-07-17T10:00:00-04:00',
    });
    assert.deepEqual(result, { charged: 3, credited: 0, chargedAs: 'urgent' });
  });

  test('bad tickets are typed errors', () => {
    const ok = { plan: 'dedicated', priority: 'urgent', createdAt: created } as const;
    throwsCode(() => ticketSettlement({ ...ok, plan: 'shared' }), 'invalid_plan');
    throwsCode(() => ticketSettlement({ ...ok, priority: 'p1' as Priority }), 'invalid_priority');
    throwsCode(() => ticketSettlement({ ...ok, createdAt: 'yesterday' }), 'invalid_date');
    throwsCode(() => ticketSettlement({ ...ok, startedAt: hoursLater(-1) }), 'invalid_date');
    throwsCode(() => ticketSettlement({ ...ok, resolvedAt: hoursLater(-1) }), 'invalid_date');
    throwsCode(() => ticketSettlement({ ...ok, missionCritical: 'no' as never }), 'invalid_input');
  });
});
