import type { MessageTable } from '../../internal/messages.js';
import { errorsEn } from '../../internal/words/errors.js';

const en = {
  ...errorsEn,
  heading: 'Support: flat rate or tokens?',
  plan: 'Hosting plan',
  planShared: 'Shared hosting',
  planDedicated: 'Dedicated server',
  planPlatform: 'Platform',
  users: 'Users',
  admins: 'Administrators',
  ticketsHeading: 'Tickets you expect a month',
  informational: 'Informational',
  billing: 'Billing',
  standard: 'Standard',
  urgent: 'Urgent',
  emergency: 'Emergency',
  optionsHeading: 'Monthly cost',
  flatUsers: 'Flat rate, all users',
  flatAdmins: 'Flat rate, administrators only',
  tokens: 'Tokens ({count} a month)',
  notOffered: 'Not offered on this plan',
  cheapest: 'Cheapest',
  whyTokens: 'Tokens are cheapest for the tickets you expect.',
  whyFlat: 'A flat rate is cheapest: it also covers the tickets nobody expected.',
  whyFlatTie: 'A flat rate wins the tie: it also covers the tickets nobody expected.',
  sharedOnly:
    'Shared hosting has flat-rate support for all users only: administrators-only flat rate is for dedicated servers, tokens for dedicated servers and the platform.',
  platformOnly: 'The platform is supported with tokens only.',
  adminsNote:
    'Administrators-only support covers your {admins} administrators; other users ask them.',
  adminsNote_one:
    'Administrators-only support covers your {admins} administrator; other users ask them.',
  breakEvenHeading: 'Where tokens stop paying',
  breakEven: '{count} {priority} tickets a month cost more in tokens than {flat}.',
  breakEven_one: '{count} {priority} ticket a month costs more in tokens than {flat}.',
  breakEvenFree: '{priority} tickets are free.',
  tableHeading: 'Tokens per ticket on this plan',
  tablePriority: 'Priority',
  tableTokens: 'Tokens',
  tokenPrice: 'One token costs {price}; a paid issue costs at least {minimum}.',
  tokenTerms:
    'Tokens cover administrators only, and there is no inbound phone support on tokens, unless it is for an emergency issue and you authorize an emergency support ticket.',
  targetsHeading: 'A ticket filed now',
  start: 'Work starts by',
  resolve: 'Resolved (or a plan) by',
  noTarget: 'No target',
  yourTime: '{time} your time',
  newYorkTime: '{time} New York',
  problem: 'The figures cannot be worked out. {message}',
};

export const messages: MessageTable<typeof en> = {
  en,
  // Other languages load when an element needs them.
  lazy: { de: () => import('./messages.de.js').then((m) => m.de) },
};
