// Endpoint secrets, made where endpoints are registered (also in a browser,
// behind the Mock Service Worker handlers).

/** The prefix of an endpoint secret, as Standard Webhooks libraries expect it. */
export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return SECRET_PREFIX + btoa(String.fromCharCode(...bytes));
}
