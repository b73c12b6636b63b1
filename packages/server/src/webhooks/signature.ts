// Standard Webhooks signatures (https://www.standardwebhooks.com): any
// Standard Webhooks library verifies them with the endpoint's secret.
import { createHmac } from 'node:crypto';
import { SECRET_PREFIX } from './secret.js';

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>` under `secret`. */
export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The `webhook-id`, `webhook-timestamp` and `webhook-signature` headers for
 * a body: one signature per secret, space-separated, so that a receiver
 * holding either the new or the old secret verifies it while a rotation runs.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  at: Date,
  body: string,
): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets
      .map((secret) => signatureOf(secret, id, timestamp, body))
      .join(' '),
  };
}
