import type { errorsEn } from './errors.js';

/** German error sentences. Loaded with an element's German words, never on an English page. */
export const errorsDe: Partial<typeof errorsEn> = {
  error: 'Etwas ist schiefgegangen. Bitte erneut versuchen.',
  error_input: 'Bitte prüfen Sie Ihre Eingabe und versuchen Sie es erneut.',
  error_field: 'Bitte prüfen Sie das Feld „{field}“.',
  error_network_error:
    'Die Verbindung ist fehlgeschlagen. Bitte prüfen Sie sie und versuchen Sie es erneut.',
  error_rate_limited:
    'Zu viele Anfragen von hier. Bitte warten Sie eine Minute und versuchen Sie es erneut.',
  error_internal_error: 'Der Dienst hatte ein Problem. Bitte versuchen Sie es gleich noch einmal.',
  error_invalid_quantity: 'Bitte eine gültige Menge für {field} angeben.',
  error_invalid_amount: 'Bitte für {field} einen Betrag wie 25.00 angeben.',
  error_invalid_country: 'Bitte das Land mit zwei Buchstaben angeben, etwa US.',
  error_invalid_currency: 'In {currency} gibt es keine Preise.',
  error_unknown_product: 'Ein Produkt in diesem Angebot wird nicht angeboten.',
  error_invalid_saved_quote:
    'Dieses gespeicherte Angebot kann nicht gelesen werden. Bitte fragen Sie nach einem neuen Link.',
  error_saved_quote_expired:
    'Dieses gespeicherte Angebot ist abgelaufen. Bitte fragen Sie nach einem neuen Link.',
  error_not_found:
    'Dieses gespeicherte Angebot wurde nicht gefunden. Bitte fragen Sie nach einem neuen Link.',
  error_invalid_request:
    'Das Angebot konnte nicht gelesen werden. Bitte prüfen Sie die Mengen und versuchen Sie es erneut.',
  error_unauthorized: 'Ihre Anmeldung wurde nicht angenommen. Bitte melden Sie sich erneut an.',
  error_invalid_phone_order:
    'Eine Telefonbestellung braucht den Angebotscode des Kunden und Ihren Vertriebsschlüssel.',
  error_invalid_offer_code: 'Der Angebotscode kann nicht verwendet werden.',
  error_payload_too_large: 'Das Angebot ist zu groß zum Senden.',
  error_price_changed: 'Der Preis hat sich geändert.',
  error_invalid_options: 'Dieser Teil der Seite ist nicht richtig eingerichtet.',
};
