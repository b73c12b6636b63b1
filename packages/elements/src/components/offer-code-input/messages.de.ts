import type { messages } from './messages.js';

/** German. Loaded only when an element's locale is German. */
export const de: Partial<(typeof messages)['en']> = {
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
  otherError: 'Der Code konnte nicht geprüft werden. Bitte erneut versuchen.',
  required: 'Bitte einen gültigen Angebotscode anwenden.',
  noApi: 'Angebotscodes können hier nicht verwendet werden.',
};
