// Webhook endpoints and their deliveries, for admins.
import { ApiErrorSchema } from '@quotekit/core';
import type { Context } from 'hono';
import { fail, randomId } from '../http.js';
import { requireRole } from '../staff.js';
import type { WebhookEndpointRecord } from '../db/webhooks.js';
import { newWebhookSecret } from '../webhooks/secret.js';
import { checkEndpointUrl } from '../webhooks/url.js';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookDeliveryListSchema,
  WebhookDeliveryResponseSchema,
  WebhookDeliveryStatusSchema,
  WebhookEndpointInputSchema,
  WebhookEndpointListSchema,
  WebhookEndpointPatchSchema,
  WebhookEndpointResponseSchema,
  WebhookEndpointSecretSchema,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
} from '../webhooks/webhooks.schema.js';
import { pageOf, pageQuery, queryOf } from './list-query.js';
import { errors, route, type Deps, type Route } from './route.js';

/** How long the secret before a rotation still signs, beside the new one. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000;

const ADMIN_KEY = { name: 'Authorization', required: true, description: '`Bearer <admin key>`' };
const AUTH = { 401: errors[401], 403: errors[403] };
const STATUSES = WebhookDeliveryStatusSchema.options as readonly WebhookDeliveryStatus[];

/** An endpoint as admins see it: without its secrets. */
export function presentEndpoint(record: WebhookEndpointRecord): WebhookEndpoint {
  const shown: Partial<WebhookEndpointRecord> = { ...record };
  delete shown.secret;
  delete shown.previousSecret;
  return shown as WebhookEndpoint;
}

async function endpointOf(c: Context, deps: Deps): Promise<WebhookEndpointRecord> {
  const found = await deps.db.getWebhookEndpoint(c.req.param('id') ?? '');
  return found ?? fail('not_found', 'No webhook endpoint with this id.');
}

const URL_RULES =
  '`url` must be `https` (plain `http` only to a loopback address, when the server runs with ' +
  '`QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`); a host written as a private, loopback or link-local address is refused, ' +
  'and a host name is resolved and checked again at every delivery.';

export const webhookRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Registers a webhook endpoint; its signing secret is in this answer only',
    description:
      `${URL_RULES} Events: ${WEBHOOK_EVENT_TYPES.map((type) => `\`${type}\``).join(', ')}. ` +
      'Each is POSTed as `{ id, type, timestamp, data }` and signed as Standard Webhooks says (`webhook-id`, ' +
      '`webhook-timestamp`, `webhook-signature`), retried with backoff for 3 days until a 2xx answer; an endpoint ' +
      'failing for 3 days is disabled (`disabledReason`). Events that happen from now on are sent.',
    headers: [ADMIN_KEY],
    body: { schema: WebhookEndpointInputSchema, what: 'webhook endpoint' },
    responses: {
      201: { description: 'Registered; keep `secret`', schema: WebhookEndpointSecretSchema },
      400: errors[400],
      ...AUTH,
      422: errors[422]('`invalid_webhook_url`'),
    },
    async handler(c, deps, body) {
      await requireRole(c, deps.db, 'admin');
      const url = checkEndpointUrl(body.url, {
        allowPrivate: deps.webhooks?.allowPrivate ?? false,
      });
      const at = deps.now().toISOString();
      const record: WebhookEndpointRecord = {
        id: `we_${randomId(20)}`,
        url,
        description: body.description ?? null,
        events: [...new Set(body.events)],
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
        createdAt: at,
        updatedAt: at,
        previousSecretExpiresAt: null,
        secret: newWebhookSecret(),
        previousSecret: null,
      };
      await deps.db.createWebhookEndpoint(record);
      c.header('Location', `/v1/webhook-endpoints/${record.id}`);
      return c.json({ endpoint: presentEndpoint(record), secret: record.secret }, 201);
    },
  }),
  {
    method: 'get',
    path: '/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'Every webhook endpoint, oldest first',
    headers: [ADMIN_KEY],
    responses: {
      200: { description: 'The endpoints, without secrets', schema: WebhookEndpointListSchema },
      ...AUTH,
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const endpoints = await deps.db.listWebhookEndpoints();
      return c.json({ endpoints: endpoints.map(presentEndpoint) });
    },
  },
  {
    method: 'get',
    path: '/v1/webhook-endpoints/:id',
    operationId: 'getWebhookEndpoint',
    summary: 'A webhook endpoint, with why it was disabled if it was',
    headers: [ADMIN_KEY],
    responses: {
      200: { description: 'The endpoint', schema: WebhookEndpointResponseSchema },
      ...AUTH,
      404: errors[404],
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      return c.json({ endpoint: presentEndpoint(await endpointOf(c, deps)) });
    },
  },
  route({
    method: 'patch',
    path: '/v1/webhook-endpoints/:id',
    operationId: 'updateWebhookEndpoint',
    summary: 'Changes an endpoint’s events, description, or whether it is enabled',
    description:
      'Enabling an endpoint clears why it was disabled; its deliveries still pending are sent again. ' +
      'Events that happen while an endpoint is disabled are not sent to it.',
    headers: [ADMIN_KEY],
    body: { schema: WebhookEndpointPatchSchema, what: 'webhook endpoint change' },
    responses: {
      200: { description: 'The endpoint as changed', schema: WebhookEndpointResponseSchema },
      400: errors[400],
      ...AUTH,
      404: errors[404],
    },
    async handler(c, deps, body) {
      await requireRole(c, deps.db, 'admin');
      const endpoint = await endpointOf(c, deps);
      const at = deps.now().toISOString();
      const enabling = body.enabled === true && !endpoint.enabled;
      const changed = await deps.db.updateWebhookEndpoint(endpoint.id, {
        updatedAt: at,
        ...(body.events === undefined ? {} : { events: [...new Set(body.events)] }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
        ...(enabling ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
        ...(body.enabled === false && endpoint.enabled ? { disabledAt: at } : {}),
      });
      if (changed === null) fail('not_found', 'No webhook endpoint with this id.');
      if (enabling) deps.webhooks?.wake();
      return c.json({ endpoint: presentEndpoint(changed) });
    },
  }),
  {
    method: 'delete',
    path: '/v1/webhook-endpoints/:id',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Deletes an endpoint and its deliveries: nothing more is sent to it',
    headers: [ADMIN_KEY],
    responses: {
      200: { description: 'The endpoint as it was', schema: WebhookEndpointResponseSchema },
      ...AUTH,
      404: errors[404],
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const endpoint = await endpointOf(c, deps);
      if (!(await deps.db.deleteWebhookEndpoint(endpoint.id))) {
        fail('not_found', 'No webhook endpoint with this id.');
      }
      return c.json({ endpoint: presentEndpoint(endpoint) });
    },
  },
  {
    method: 'post',
    path: '/v1/webhook-endpoints/:id/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Gives an endpoint a new secret; the old one still signs beside it for 24 hours',
    description:
      'For 24 hours each delivery carries two signatures in `webhook-signature`, one per secret, so the receiver ' +
      'verifies with either while it changes over. A second rotation within them drops the oldest secret.',
    action: true,
    headers: [ADMIN_KEY],
    responses: {
      200: { description: 'The new secret, shown this once', schema: WebhookEndpointSecretSchema },
      ...AUTH,
      404: errors[404],
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const endpoint = await endpointOf(c, deps);
      const now = deps.now();
      const secret = newWebhookSecret();
      const changed = await deps.db.updateWebhookEndpoint(endpoint.id, {
        secret,
        previousSecret: endpoint.secret,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_MS).toISOString(),
        updatedAt: now.toISOString(),
      });
      if (changed === null) fail('not_found', 'No webhook endpoint with this id.');
      return c.json({ endpoint: presentEndpoint(changed), secret });
    },
  },
  {
    method: 'get',
    path: '/v1/webhook-deliveries',
    operationId: 'listWebhookDeliveries',
    summary:
      'Deliveries, newest first, each with its attempts (status code, duration, error) and next attempt',
    headers: [ADMIN_KEY],
    query: [
      { name: 'endpoint', description: 'Only deliveries to this endpoint (its id)' },
      ...pageQuery(STATUSES, 'deliveries'),
    ],
    responses: {
      200: { description: 'A page of deliveries', schema: WebhookDeliveryListSchema },
      400: errors[400],
      ...AUTH,
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const page = pageOf(c, STATUSES, 'webhook delivery list');
      const endpoint = queryOf(c, 'endpoint');
      if (endpoint !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(endpoint)) {
        fail(
          'invalid_request',
          'Invalid webhook delivery list query: endpoint must be an endpoint id.',
          {
            problems: [{ path: 'endpoint', message: 'must be an endpoint id' }],
          },
        );
      }
      const rows = await deps.db.listWebhookDeliveries({
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(page.status === undefined ? {} : { status: page.status }),
        ...(page.afterId === undefined ? {} : { beforeId: page.afterId }),
        limit: page.limit + 1,
      });
      const shown = rows.slice(0, page.limit);
      return c.json({
        deliveries: shown,
        nextCursor: rows.length > page.limit ? shown[shown.length - 1]!.id : null,
      });
    },
  },
  {
    method: 'post',
    path: '/v1/webhook-deliveries/:id/retry',
    operationId: 'retryWebhookDelivery',
    summary: 'Sends a delivery again now, whatever its status',
    description:
      'The delivery is due at once and the worker is woken; its attempts show the outcome. ' +
      'An endpoint that is disabled receives it once it is enabled again.',
    action: true,
    headers: [ADMIN_KEY],
    responses: {
      202: { description: 'Due now', schema: WebhookDeliveryResponseSchema },
      ...AUTH,
      404: { description: '`not_found`', schema: ApiErrorSchema },
    },
    async handler(c, deps) {
      await requireRole(c, deps.db, 'admin');
      const delivery = await deps.db.retryWebhookDelivery(
        c.req.param('id') ?? '',
        deps.now().toISOString(),
      );
      if (delivery === null) fail('not_found', 'No webhook delivery with this id.');
      deps.webhooks?.wake();
      return c.json({ delivery }, 202);
    },
  },
];
