import * as z from 'zod/mini';
import { CountField, DateField, MoneyField, oneOf, UsdField } from '../programs/input.js';

import { PLANS, PRIORITIES, type Plan, type Priority } from './plans.js';

export { PLANS, PRIORITIES, type Plan, type Priority };

/** A plan: `invalid_plan`. */
export const PlanField = oneOf('invalid_plan', PLANS);
/** A priority: `invalid_priority`. */
export const PriorityField = oneOf('invalid_priority', PRIORITIES);

export const TicketCountsSchema = z.object({
  informational: z.optional(CountField),
  billing: z.optional(CountField),
  standard: z.optional(CountField),
  urgent: z.optional(CountField),
  emergency: z.optional(CountField),
});
export type TicketCounts = z.infer<typeof TicketCountsSchema>;

export const SupportCostInputSchema = z.object({
  plan: PlanField,
  /** All users of the account (the flat rates are per user). */
  users: CountField,
  /** Expected tickets a month, per priority; default none. */
  tickets: z.optional(TicketCountsSchema),
  /** The price of one token; default `SUPPORT_DEFAULTS.tokenPrice`, a sample 10.00. */
  tokenPrice: z.optional(MoneyField),
  /** `USD`, the only currency the programs count in; anything else is `invalid_currency`. */
  currency: z.optional(UsdField),
});
export type SupportCostInput = z.infer<typeof SupportCostInputSchema>;

export const TicketSettlementInputSchema = z.object({
  plan: PlanField,
  /** The priority the ticket was filed (and paid) with. */
  priority: PriorityField,
  createdAt: DateField,
  /** When work began. */
  startedAt: z.optional(DateField),
  /** When the issue was resolved or a plan to resolve it given. */
  resolvedAt: z.optional(DateField),
  /** For an emergency: false when LuxSci judged it not mission-critical; default true. */
  missionCritical: z.optional(z.boolean()),
  /** LuxSci judged it a free issue. */
  freeIssue: z.optional(z.boolean()),
  /** The time of settling: a target that passed with no start or resolution is missed. */
  now: z.optional(DateField),
});
export type TicketSettlementInput = z.infer<typeof TicketSettlementInputSchema>;

/** The support options. */
export type SupportOption = 'flatUsers' | 'flatAdmins' | 'tokens';

/** What `supportCost` returns; money as decimal strings a month. */
export interface SupportCost {
  /** Flat rate for all users, 0.30 per user; null where the plan cannot take it. */
  flatUsers: string | null;
  /**
   * Flat rate for administrators only, 0.10 per user; null where the plan
   * cannot take it (shared hosting has flat rate for all users only).
   */
  flatAdmins: string | null;
  /** Token-based: tokens used and their cost; null where the plan cannot take it. */
  tokens: { count: number; cost: string } | null;
  /** The cheapest option the plan may take; a tie goes to flat rate. */
  cheapest: SupportOption;
  /**
   * Per priority, how many tickets of that kind alone a month make tokens
   * dearer than the cheapest flat rate (null for free tickets); null unless
   * the plan may take both.
   */
  breakEven: Record<Priority, number | null> | null;
  /** The token price used; null where the plan has no tokens. */
  tokenPrice: string | null;
  /** True when `tokenPrice` is the sample default, not one the caller gave. */
  tokenPriceIsSample: boolean;
  /** The least a paid token ticket costs, whatever its tokens: 25.00. */
  ticketMinimum: string;
  /**
   * What tokens cover, where the plan has them: administrators only, and
   * no inbound phone support unless it is for an emergency issue the
   * customer authorizes (and pays for) an emergency ticket for.
   */
  tokenTerms: {
    administratorsOnly: true;
    inboundPhoneSupport: 'emergency_ticket_only';
  } | null;
}

/** What `slaDeadlines` returns: ISO instants, null where the seeds set no target. */
export interface SlaDeadlines {
  startBy: string | null;
  resolveBy: string | null;
}

/** What `ticketSettlement` returns, in tokens. */
export interface TicketSettlement {
  charged: number;
  credited: number;
  /** The priority the ticket was charged as (an emergency may be demoted to urgent). */
  chargedAs: Priority;
  reason?: 'free_issue' | 'missed_start' | 'missed_resolve' | 'not_mission_critical';
}
