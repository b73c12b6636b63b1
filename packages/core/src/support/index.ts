export { slaDeadlines } from './sla.js';
export { SUPPORT_DEFAULTS, supportCost, ticketSettlement, ticketTokens } from './support.js';
export {
  PLANS,
  PRIORITIES,
  SupportCostInputSchema,
  TicketCountsSchema,
  TicketSettlementInputSchema,
  type Plan,
  type Priority,
  type SlaDeadlines,
  type SupportCost,
  type SupportCostInput,
  type SupportOption,
  type TicketCounts,
  type TicketSettlement,
  type TicketSettlementInput,
} from './support.schema.js';
