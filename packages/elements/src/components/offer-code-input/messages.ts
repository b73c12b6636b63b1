import type { MessageTable } from '../../internal/messages.js';

const en = {
  label: 'Offer code',
  apply: 'Apply',
  remove: 'Remove',
  checking: 'Checking {code}…',
  valid: '{rate} off',
  validSaving: '{rate} off — you save {amount}',
  validSavingMonthly: '{rate} off — you save {amount} a month',
  unknown: 'We don’t know the code {code}. Check it and try again.',
  inactive: 'The code {code} is no longer active.',
  malformed: 'Offer codes are 2 to 32 letters, digits, - or _.',
  invalid: 'The code {code} cannot be used.',
  rateLimited: 'Too many tries. You can try again in {seconds} s.',
  rateLimitedDone: 'You can try again now.',
  networkError: 'The code could not be checked: the connection failed. Try again.',
  otherError: 'The code could not be checked. Try again.',
  required: 'Apply a valid offer code.',
  noApi: 'Offer codes cannot be used here.',
};

export const messages: MessageTable<typeof en> = {
  en,
  // Other languages load when an element needs them.
  lazy: { de: () => import('./messages.de.js').then((m) => m.de) },
};
