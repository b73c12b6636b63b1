// Events of the partner program, written into the webhook outbox in the
// transaction of the change that causes them (`Database.transaction`): the
// change and its event are committed together or not at all. Each event's
// id comes from its type and its object's id, so a request repeated (a
// payment posted twice, a code disabled again) writes its event once.
import type { Database } from '../db/database.js';
import type { WebhookEventType } from './webhooks.schema.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `evt_` and 22 characters of SHA-256 over the type and the object's id. */
export async function eventIdOf(type: WebhookEventType, objectId: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${type}\n${objectId}`)),
  );
  let id = 'evt_';
  for (const byte of digest.slice(0, 22)) id += ALPHABET[byte % 62];
  return id;
}

/**
 * Writes `type` for the object `objectId` names, `data` as the API returns
 * it to an admin. Pass the transaction's `tx` that made the change.
 */
export async function emitEvent(
  db: Database,
  type: WebhookEventType,
  objectId: string,
  data: unknown,
  at: Date,
): Promise<void> {
  await db.recordWebhookEvent({
    id: await eventIdOf(type, objectId),
    type,
    createdAt: at.toISOString(),
    data,
  });
}
