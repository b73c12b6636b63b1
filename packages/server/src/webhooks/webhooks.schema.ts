// Webhooks as the API shows them: event types, endpoints and delivery
// attempts. Browser-safe (the Mock Service Worker handlers serve the routes).
import * as z from 'zod/mini';

/** Every event the Order API sends, as `type` in the payload and in an endpoint's `events`. */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.attributed',
  'statement.commission_granted',
  'statement.charged_back',
  'payout_run.completed',
  'opportunity.matched',
  'post_facto.requested',
  'partner.created',
  'offer_code.disabled',
] as const;

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

const EventsSchema = z
  .array(WebhookEventTypeSchema)
  .check(z.minLength(1), z.maxLength(WEBHOOK_EVENT_TYPES.length));
const DescriptionSchema = z.string().check(z.maxLength(500));

/** `POST /v1/webhook-endpoints`'s body. */
export const WebhookEndpointInputSchema = z.strictObject({
  /** `https://…`; `http://` only to a loopback address with `QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`. */
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  /** The event types sent to it, one at least. */
  events: EventsSchema,
  description: z.optional(DescriptionSchema),
});
export type WebhookEndpointInput = z.infer<typeof WebhookEndpointInputSchema>;

/** `PATCH /v1/webhook-endpoints/:id`'s body: what changes. Enabling an endpoint clears why it was disabled. */
export const WebhookEndpointPatchSchema = z.strictObject({
  events: z.optional(EventsSchema),
  enabled: z.optional(z.boolean()),
  description: z.optional(z.nullable(DescriptionSchema)),
});
export type WebhookEndpointPatch = z.infer<typeof WebhookEndpointPatchSchema>;

/** An endpoint as admins see it; its secret is shown only when made or rotated. */
export const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  events: z.array(WebhookEventTypeSchema),
  enabled: z.boolean(),
  /** Why the server disabled it (every delivery failed for 3 days), or null. */
  disabledReason: z.nullable(z.string()),
  disabledAt: z.nullable(z.string()),
  /** Since when every delivery attempt has failed; null while it answers. */
  failingSince: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Until when the secret before the last rotation still signs too; null when none does. */
  previousSecretExpiresAt: z.nullable(z.string()),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** `201` of `POST /v1/webhook-endpoints` and `200` of `…/rotate-secret`: the secret, shown this once. */
export const WebhookEndpointSecretSchema = z.object({
  endpoint: WebhookEndpointSchema,
  /** `whsec_` and 24 random bytes in base64, as Standard Webhooks libraries take it. */
  secret: z.string(),
});

export const WebhookEndpointResponseSchema = z.object({ endpoint: WebhookEndpointSchema });
export const WebhookEndpointListSchema = z.object({ endpoints: z.array(WebhookEndpointSchema) });

/** One attempt to deliver an event to an endpoint. */
export const WebhookAttemptSchema = z.object({
  at: z.string(),
  /** The endpoint's HTTP status; null when none came (timeout, connection failure, refused address). */
  statusCode: z.nullable(z.number()),
  durationMs: z.number(),
  error: z.nullable(z.string()),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** An event's delivery to one endpoint, with every attempt so far. */
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  endpoint: z.string(),
  eventId: z.string(),
  eventType: WebhookEventTypeSchema,
  /** `pending` (to be tried at `nextAttemptAt`), `delivered` (a 2xx came), `failed` (given up after 3 days). */
  status: WebhookDeliveryStatusSchema,
  attempts: z.array(WebhookAttemptSchema),
  nextAttemptAt: z.nullable(z.string()),
  createdAt: z.string(),
  deliveredAt: z.nullable(z.string()),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryResponseSchema = z.object({ delivery: WebhookDeliverySchema });
export const WebhookDeliveryListSchema = z.object({
  deliveries: z.array(WebhookDeliverySchema),
  nextCursor: z.nullable(z.string()),
});

/** What an endpoint receives: the body of the POST, signed as Standard Webhooks says. */
export const WebhookPayloadSchema = z.object({
  /** The event's id, also sent as `webhook-id`: the same on every retry, so receivers drop repeats by it. */
  id: z.string(),
  type: WebhookEventTypeSchema,
  /** When the event happened (ISO 8601). */
  timestamp: z.string(),
  /** The object as the API returns it to an admin. */
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
