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
  otherError: 'The code could not be checked ({message}). Try again.',
  required: 'Apply a valid offer code.',
  noApi:
    'This offer-code field is not connected: give it an api-base or put it in a quote builder.',
};

export const messages: MessageTable<typeof en> = {
  en,
  de: {
    label: 'Angebotscode',
    apply: 'Anwenden',
    remove: 'Entfernen',
    checking: '{code} wird geprüft …',
    valid: '{rate} Rabatt',
    validSaving: '{rate} Rabatt – Sie sparen {amount}',
    validSavingMonthly: '{rate} Rabatt – Sie sparen {amount} im Monat',
    unknown: 'Den Code {code} kennen wir nicht. Bitte prüfen Sie ihn.',
    inactive: 'Der Code {code} ist nicht mehr gültig.',
    malformed: 'Angebotscodes bestehen aus 2 bis 32 Buchstaben, Ziffern, - oder _.',
    invalid: 'Der Code {code} kann nicht verwendet werden.',
    rateLimited: 'Zu viele Versuche. Sie können es in {seconds} s erneut versuchen.',
    rateLimitedDone: 'Sie können es jetzt erneut versuchen.',
    networkError: 'Der Code konnte nicht geprüft werden: keine Verbindung. Bitte erneut versuchen.',
    otherError: 'Der Code konnte nicht geprüft werden ({message}). Bitte erneut versuchen.',
    required: 'Bitte einen gültigen Angebotscode anwenden.',
    noApi:
      'Dieses Feld ist nicht verbunden: Geben Sie ihm eine api-base oder setzen Sie es in einen Angebotsrechner.',
  },
};
