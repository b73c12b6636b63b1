import { ApiErrorSchema, type Catalog } from '@quotekit/core';
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { fail } from '../http.js';
import type { Limiter, RateDecision, Window } from '../limits.js';
import type { Signer } from '../signing.js';
import type { Database, OfferCode, StaffRole } from '../db/database.js';

/** The limits the app enforces, as `limit` hits per `windowMs`. */
export type LimitName =
  'offerCodeAddress' | 'offerCodeFailures' | 'savedQuoteAddress' | 'clickAddress';

/** What the app reports as it works: `serve.ts` turns these into logs and metrics. */
export interface AppEvents {
  /** Every answered request: its id (`X-Request-Id`), route pattern, status and time taken. */
  request?(event: {
    requestId: string;
    method: string;
    route: string;
    status: number;
    durationMs: number;
  }): void;
  /** A new order was stored. */
  order?(event: { channel: 'web' | 'phone'; attributed: boolean }): void;
  /** A client's attribution claim or cookie was not believed, and why; `context` names the request. */
  attributionRefused?(reason: string, context?: { requestId: string }): void;
  /**
   * A new order with neither an offer code nor a verified click or cookie
   * was compared with the registered opportunities, after it was answered:
   * `matched` (with how many), `unmatched`, or `failed` (the order stands).
   */
  opportunityMatching?(event: {
    orderId: string;
    outcome: 'matched' | 'unmatched' | 'failed';
    matches: number;
    error?: unknown;
  }): void;
  /** A request was refused by one of the limits. */
  rateLimited?(limit: LimitName): void;
}

/** What every handler may use; built once by `createApp`. */
export interface Deps {
  db: Database;
  catalog: Catalog;
  /** A short hash of the catalog: the `ETag` of `GET /v1/catalog` and each order's `catalogVersion`. */
  catalogVersion: () => Promise<string>;
  now: () => Date;
  maxBodyBytes: number;
  savedQuoteDays: number;
  limiter: Limiter;
  /** Valid offer codes seen in the last 30 s, by upper-case code: not guesses, so not limited. */
  validOfferCodes: Map<string, { offer: OfferCode; until: number }>;
  limits: Record<LimitName, Window>;
  /** Signs click tokens, `qk_ref_s` and receipts. */
  signer: () => Promise<Signer>;
  clientAddress: (c: Context) => string;
  /** Whether the visitor reached the API over https (through trusted proxies only). */
  isHttps: (c: Context) => boolean;
  events: AppEvents;
  /** Webhook settings: whether endpoints may be private (default not), and how to wake the delivery worker. */
  webhooks?: { allowPrivate: boolean; wake(): void };
}

const LIMIT_MESSAGES: Record<LimitName, string> = {
  offerCodeAddress: 'Too many offer-code attempts from this address',
  offerCodeFailures: 'Too many failed offer-code checks on this server',
  savedQuoteAddress: 'Too many saved quotes from this address',
  clickAddress: 'Too many affiliate visits recorded from this address',
};

/** Counts one attempt against `name` for `bucket`, or answers `429 rate_limited` with `Retry-After`. */
export async function takeLimit(deps: Deps, name: LimitName, bucket: string): Promise<void> {
  const decision = await deps.limiter.take(`${name}:${bucket}`, deps.limits[name]);
  if (!decision.ok) refuse(deps, name, decision.retryAfterSeconds);
}

/** Counts one attempt against `name` for `bucket` and says whether it was within the limit, refusing nothing. */
export function takeDecision(deps: Deps, name: LimitName, bucket: string): Promise<RateDecision> {
  return deps.limiter.take(`${name}:${bucket}`, deps.limits[name]);
}

/** Gives back an attempt `takeLimit` counted that turned out not to be one. */
export async function giveBackLimit(deps: Deps, name: LimitName, bucket: string): Promise<void> {
  await deps.limiter.giveBack(`${name}:${bucket}`, deps.limits[name]);
}

/** The `If-None-Match` request header of a revalidated GET, as the OpenAPI document lists it. */
export const IF_NONE_MATCH = {
  name: 'If-None-Match',
  required: false,
  description: 'The `ETag` of the copy the client holds',
};

/**
 * Sends `etag` with `Cache-Control: no-cache`, so clients revalidate on every
 * load; true when the request's `If-None-Match` already holds it (answer 304).
 */
export function notModified(c: Context, etag: string): boolean {
  c.header('ETag', etag);
  c.header('Cache-Control', 'no-cache');
  const held = c.req.header('if-none-match');
  return (
    held !== undefined && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
  );
}

/** Answers `429 rate_limited` for `name`, with the seconds until its window closes. */
export function refuse(deps: Deps, name: LimitName, retryAfter: number): never {
  deps.events.rateLimited?.(name);
  return fail('rate_limited', `${LIMIT_MESSAGES[name]}; try again in ${retryAfter} s.`, {
    retryAfter,
  });
}

/** A response as the OpenAPI document describes it. */
export interface ResponseDoc {
  description: string;
  /** The JSON body's schema. */
  schema?: z.ZodMiniType;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

/** A JSON request body: documented, and validated before the handler runs unless `validate` is false. */
export interface BodyDoc<S extends z.ZodMiniType> {
  schema: S;
  /** What the body is, for refusals: `Invalid <what>: …` (`400 invalid_request`). */
  what: string;
  /** False when the handler validates the body itself; it then reads the raw request. */
  validate?: boolean;
}

/**
 * One operation: its path, its doc, and its handler. The app serves a route
 * only together with its OpenAPI description, from which the document is
 * generated; a route without one fails the document.
 */
export interface Route<S extends z.ZodMiniType = z.ZodMiniType> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono's path syntax (`/v1/orders/:id`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Request headers the operation reads. */
  headers?: Array<{ name: string; required: boolean; description: string }>;
  /** Query parameters the operation reads, all optional; the handler checks them. */
  query?: Array<{ name: string; description: string }>;
  /** The JSON request body. */
  body?: BodyDoc<S>;
  /**
   * True for a POST that acts on the resource its path names and reads no
   * body (`…/confirm`): documented as `x-quotekit-action`, without a request body.
   */
  action?: true;
  /**
   * The staff roles that may call it (an admin key always may), checked
   * before the body is read: `401` without a valid key, `403` for another role.
   * Default: anyone; the handler checks what it needs.
   */
  roles?: readonly StaffRole[];
  responses: Record<number, ResponseDoc>;
  /** `body` is the validated request body when the route declares one with `validate` left on. */
  handler(c: Context, deps: Deps, body: z.output<S>): Response | Promise<Response>;
}

/** Declares a route whose handler gets its body as `schema` parses it. */
export function route<S extends z.ZodMiniType>(spec: Route<S>): Route {
  return spec;
}

/** Error responses, described once. */
export const errors = {
  400: {
    description: '`invalid_json` or `invalid_request` (with `details.problems`)',
    schema: ApiErrorSchema,
  },
  401: {
    description: '`unauthorized`: no staff key or receipt token, or one that is unknown or revoked',
    schema: ApiErrorSchema,
  },
  403: {
    description: '`forbidden`: a staff key whose role may not do this',
    schema: ApiErrorSchema,
  },
  404: { description: '`not_found`', schema: ApiErrorSchema },
  413: { description: '`payload_too_large`: the body is over 64 KB', schema: ApiErrorSchema },
  422: (codes: string) => ({ description: codes, schema: ApiErrorSchema }),
  429: {
    description:
      '`rate_limited`: too many attempts from this address (or failed offer-code checks on the server)',
    schema: ApiErrorSchema,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer' },
      },
    },
  },
} satisfies Record<number, ResponseDoc | ((codes: string) => ResponseDoc)>;
