import { QuotekitError } from '../errors.js';
import { Dec, moneyString, roundMoney } from '../money/money.js';
import { dec, instantOf, parseInput } from '../programs/input.js';
import { slaDeadlines } from './sla.js';
import {
  PlanField,
  PRIORITIES,
  PriorityField,
  SupportCostInputSchema,
  TicketSettlementInputSchema,
  type Plan,
  type Priority,
  type SupportCost,
  type SupportCostInput,
  type SupportOption,
  type TicketSettlement,
  type TicketSettlementInput,
} from './support.schema.js';

const USD = 'USD';
/** Seed 004: flat rate for all users, per user a month. */
const FLAT_USERS = new Dec('0.30');
/** Seed 004: flat rate for administrators only, per user a month ($1000/mo for 10,000 users). */
const FLAT_ADMINS = new Dec('0.10');
/**
 * The support configuration's defaults. Seed 004 sets the least a paid
 * ticket costs ($25 an issue) but never prices a token, so the token price
 * is a sample — pass `tokenPrice` with the vendor's own.
 */
export const SUPPORT_DEFAULTS = {
  /** A sample price of one token (seed 004 publishes none). */
  tokenPrice: '10.00',
  /** Seed 004: "$25 minimum per paid issue". */
  ticketMinimum: '25.00',
} as const;
const TICKET_MINIMUM = new Dec(SUPPORT_DEFAULTS.ticketMinimum);

/** Seed 004: tokens per ticket, [dedicated, platform]. */
const TOKENS: Record<Priority, readonly [number, number]> = {
  informational: [0, 0],
  billing: [0, 0],
  standard: [1, 2],
  urgent: [3, 5],
  emergency: [10, 15],
};

/**
 * Seed 004: "Flat-rate support (for all users) is provided to all Shared
 * Hosting customers. It is also an option for Dedicated Server customers."
 * Shared hosting → flat rate for all users only; dedicated → either flat
 * rate or tokens; platform → tokens only.
 */
const OPTIONS: Record<Plan, { flatUsers: boolean; flatAdmins: boolean; tokens: boolean }> = {
  shared: { flatUsers: true, flatAdmins: false, tokens: false },
  dedicated: { flatUsers: true, flatAdmins: true, tokens: true },
  platform: { flatUsers: false, flatAdmins: false, tokens: true },
};

/**
 * Tokens a ticket of `priority` takes on `plan`: informational and billing
 * are free; standard 1 / 2, urgent 3 / 5, emergency 10 / 15 on dedicated /
 * platform. Throws `invalid_plan` for shared hosting, which has flat-rate
 * support only.
 *
 * @example
 * ticketTokens('platform', 'urgent'); // 5
 */
export function ticketTokens(plan: Plan, priority: Priority): number {
  const p = parseInput(PlanField, plan, 'plan');
  const q = parseInput(PriorityField, priority, 'priority');
  return tokensOf(p, q);
}

function tokensOf(plan: Plan, priority: Priority): number {
  if (!OPTIONS[plan].tokens) {
    throw new QuotekitError(
      'invalid_plan',
      'Shared hosting has flat-rate support only; tokens do not apply.',
      { plan },
    );
  }
  return TOKENS[priority][plan === 'dedicated' ? 0 : 1];
}

/**
 * A month of support on each option the plan may take (the others are
 * null): flat rate for all users at 0.30 per user (shared hosting and
 * dedicated), for administrators only at 0.10 per user (dedicated), and
 * tokens (dedicated and platform) for the expected `tickets` — a paid ticket
 * costs tokens × `tokenPrice` (default `SUPPORT_DEFAULTS.tokenPrice`, a
 * sample 10.00) and never less than the 25.00 minimum — at 10.00 a token a
 * 1-token issue costs 25.00 and a 3-token issue 30.00.
 * `cheapest` prefers flat rate on a tie (it also covers tickets nobody
 * expected); `breakEven` is, per priority, how many tickets of that kind
 * alone a month cost more in tokens than the cheapest flat rate.
 *
 * @example
 * supportCost({ plan: 'dedicated', users: 100, tickets: { standard: 1 } });
 * // { flatUsers: '30.00', flatAdmins: '10.00', tokens: { count: 1, cost: '25.00' }, cheapest: 'flatAdmins', breakEven: { …, standard: 1, urgent: 1, emergency: 1 } }
 */
export function supportCost(input: SupportCostInput): SupportCost {
  const parsed = parseInput(SupportCostInputSchema, input, 'support cost');
  const {
    flatUsers: usersAllowed,
    flatAdmins: adminsAllowed,
    tokens: tokensAllowed,
  } = OPTIONS[parsed.plan];
  const tokenPrice = dec(parsed.tokenPrice ?? SUPPORT_DEFAULTS.tokenPrice);
  const ticketCost = (priority: Priority): Dec => {
    const tokens = tokensOf(parsed.plan, priority);
    // Each ticket is its own line, rounded half-up to the cent.
    return tokens === 0
      ? new Dec(0)
      : roundMoney(Dec.max(TICKET_MINIMUM, tokenPrice.times(tokens)), USD);
  };

  const flatUsers = usersAllowed ? FLAT_USERS.times(parsed.users) : null;
  const flatAdmins = adminsAllowed ? FLAT_ADMINS.times(parsed.users) : null;
  let tokens: { count: number; cost: Dec } | null = null;
  if (tokensAllowed) {
    tokens = { count: 0, cost: new Dec(0) };
    for (const priority of PRIORITIES) {
      const n = parsed.tickets?.[priority] ?? 0;
      tokens.count += n * tokensOf(parsed.plan, priority);
      tokens.cost = tokens.cost.plus(ticketCost(priority).times(n));
    }
  }

  const options: [SupportOption, Dec | null][] = [
    ['flatAdmins', flatAdmins],
    ['flatUsers', flatUsers],
    ['tokens', tokens?.cost ?? null],
  ];
  let cheapest: [SupportOption, Dec] | null = null;
  for (const [name, cost] of options) {
    if (cost !== null && (cheapest === null || cost.lt(cheapest[1]))) cheapest = [name, cost];
  }

  let breakEven: SupportCost['breakEven'] = null;
  if (flatAdmins !== null && tokens !== null) {
    const flatCost = flatAdmins;
    const entries = PRIORITIES.map((priority) => {
      const cost = ticketCost(priority);
      return [
        priority,
        cost.isZero() ? null : flatCost.div(cost).floor().plus(1).toNumber(),
      ] as const;
    });
    breakEven = Object.fromEntries(entries) as Record<Priority, number | null>;
  }

  const money = (d: Dec | null) => (d === null ? null : moneyString(d, USD));
  return {
    flatUsers: money(flatUsers),
    flatAdmins: money(flatAdmins),
    tokens: tokens === null ? null : { count: tokens.count, cost: moneyString(tokens.cost, USD) },
    cheapest: cheapest![0],
    breakEven,
    tokenPrice: tokensAllowed ? moneyString(tokenPrice, USD) : null,
    tokenPriceIsSample: tokensAllowed && parsed.tokenPrice === undefined,
    ticketMinimum: moneyString(TICKET_MINIMUM, USD),
    // Seed 004: tokens are for administrators; no inbound phone support on tokens "unless it
    // is for an emergency issue and the customer authorizes the creation of and payment for an
    // emergency support ticket".
    tokenTerms: tokensAllowed
      ? { administratorsOnly: true, inboundPhoneSupport: 'emergency_ticket_only' }
      : null,
  };
}

/**
 * What a token ticket finally costs (seed 004): its tokens are `charged`
 * unless `credited` back — all of them for a free issue or a missed start
 * or resolve target; the difference for an emergency judged not
 * mission-critical (`missionCritical: false`), which is charged as urgent
 * and held to urgent's targets. A target is missed when work started or
 * the issue was resolved after it, or when `now` is past it with neither.
 * Throws `invalid_plan` for shared hosting (no tokens).
 *
 * @example
 * ticketSettlement({ plan: 'dedicated', priority: 'emergency', createdAt: '2024-03-10T06:00:00Z', missionCritical: false });
 * // { charged: 3, credited: 7, chargedAs: 'urgent', reason: 'not_mission_critical' }
 */
export function ticketSettlement(input: TicketSettlementInput): TicketSettlement {
  const parsed = parseInput(TicketSettlementInputSchema, input, 'ticket');
  const filed = tokensOf(parsed.plan, parsed.priority);
  const created = instantOf(parsed.createdAt);
  const at = (value: string | Date | undefined) => (value === undefined ? null : instantOf(value));
  const started = at(parsed.startedAt);
  const resolved = at(parsed.resolvedAt);
  const now = at(parsed.now);
  for (const [field, t] of [
    ['startedAt', started],
    ['resolvedAt', resolved],
    ['now', now],
  ] as const) {
    if (t !== null && t < created) {
      throw new QuotekitError('invalid_date', `${field} cannot precede createdAt.`, { field });
    }
  }

  const all = (reason: TicketSettlement['reason'], chargedAs: Priority): TicketSettlement => ({
    charged: 0,
    credited: filed,
    chargedAs,
    reason,
  });
  if (parsed.freeIssue === true) return all('free_issue', parsed.priority);

  const demoted = parsed.priority === 'emergency' && parsed.missionCritical === false;
  const chargedAs: Priority = demoted ? 'urgent' : parsed.priority;
  const { startBy, resolveBy } = slaDeadlines(chargedAs, new Date(created));
  const missed = (done: number | null, by: string | null) =>
    by !== null && (done !== null ? done > Date.parse(by) : now !== null && now > Date.parse(by));
  if (missed(started, startBy)) return all('missed_start', chargedAs);
  if (missed(resolved, resolveBy)) return all('missed_resolve', chargedAs);

  const charged = tokensOf(parsed.plan, chargedAs);
  return {
    charged,
    credited: filed - charged,
    chargedAs,
    ...(demoted ? { reason: 'not_mission_critical' as const } : {}),
  };
}
