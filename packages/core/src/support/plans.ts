// Kept apart from the support schemas so that a form can list the plans and
// priorities without bundling those schemas.

/** Hosting plans, which decide the support options (seed 004). */
export const PLANS = ['shared', 'dedicated', 'platform'] as const;
export type Plan = (typeof PLANS)[number];

/** Ticket priorities, set by the customer (seed 004). */
export const PRIORITIES = ['informational', 'billing', 'standard', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];
