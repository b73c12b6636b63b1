import { errorsDe } from '../../internal/words/errors.de.js';
import type { messages } from './messages.js';

/** German. Loaded only when an element's locale is German. */
export const de: Partial<(typeof messages)['en']> = {
  ...errorsDe,
  heading: 'Support: Pauschale oder Tokens?',
  plan: 'Hosting-Tarif',
  planShared: 'Shared Hosting',
  planDedicated: 'Dedizierter Server',
  planPlatform: 'Plattform',
  users: 'Benutzer',
  admins: 'Administratoren',
  ticketsHeading: 'Erwartete Tickets pro Monat',
  informational: 'Information',
  billing: 'Abrechnung',
  standard: 'Standard',
  urgent: 'Dringend',
  emergency: 'Notfall',
  optionsHeading: 'Monatliche Kosten',
  flatUsers: 'Pauschale, alle Benutzer',
  flatAdmins: 'Pauschale, nur Administratoren',
  tokens: 'Tokens ({count} im Monat)',
  notOffered: 'Bei diesem Tarif nicht verfügbar',
  cheapest: 'Am günstigsten',
  whyTokens: 'Für die erwarteten Tickets sind Tokens am günstigsten.',
  whyFlat: 'Eine Pauschale ist am günstigsten: Sie deckt auch unerwartete Tickets.',
  whyFlatTie: 'Bei Gleichstand gewinnt die Pauschale: Sie deckt auch unerwartete Tickets.',
  sharedOnly:
    'Shared Hosting hat nur Pauschal-Support für alle Benutzer: die Pauschale nur für Administratoren gibt es für dedizierte Server, Tokens für dedizierte Server und die Plattform.',
  platformOnly: 'Die Plattform wird nur mit Tokens unterstützt.',
  adminsNote:
    'Der Support nur für Administratoren gilt für Ihre {admins} Administratoren; andere Benutzer fragen sie.',
  adminsNote_one:
    'Der Support nur für Administratoren gilt für Ihren {admins} Administrator; andere Benutzer fragen ihn.',
  breakEvenHeading: 'Ab wann Tokens teurer sind',
  breakEven: '{count} Tickets „{priority}“ im Monat kosten in Tokens mehr als {flat}.',
  breakEven_one: '{count} Ticket „{priority}“ im Monat kostet in Tokens mehr als {flat}.',
  breakEvenFree: 'Tickets „{priority}“ sind kostenlos.',
  tableHeading: 'Tokens pro Ticket bei diesem Tarif',
  tablePriority: 'Priorität',
  tableTokens: 'Tokens',
  tokenPrice: 'Ein Token kostet {price}; ein kostenpflichtiger Fall kostet mindestens {minimum}.',
  tokenTerms:
    'Tokens gelten nur für Administratoren, und mit Tokens gibt es keinen telefonischen Support, außer bei einem Notfall, für den Sie ein Notfall-Ticket beauftragen.',
  targetsHeading: 'Ein jetzt eröffnetes Ticket',
  start: 'Bearbeitung beginnt bis',
  resolve: 'Gelöst (oder ein Plan) bis',
  noTarget: 'Keine Frist',
  yourTime: '{time} Ihre Zeit',
  newYorkTime: '{time} New York',
  problem: 'Die Zahlen können nicht berechnet werden. {message}',
};
