import type { Catalog } from '@quotekit/core';
import type { Context } from 'hono';
import type { RateLimiter } from '../rate-limit.js';
import type { Database } from '../db/database.js';

/** What every handler may use; built once by `createApp`. */
export interface Deps {
  db: Database;
  catalog: Catalog;
  now: () => Date;
  maxBodyBytes: number;
  savedQuoteDays: number;
  /** Offer-code guesses per client address. */
  offerCodeLimiter: RateLimiter;
  clientAddress: (c: Context) => string;
  /** Whether the visitor reached the API over https (through trusted proxies only). */
  isHttps: (c: Context) => boolean;
}

/** A response as the OpenAPI document describes it. */
export interface ResponseDoc {
  description: string;
  /** A schema name from `components.schemas`. */
  schema?: string;
  headers?: Record<string, { description: string; schema: { type: string } }>;
}

/** One operation: its path, its doc, and its handler. The document is generated from these. */
export interface Route {
  method: 'get' | 'post';
  /** Hono's path syntax (`/v1/orders/:id`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Request headers the operation reads. */
  headers?: Array<{ name: string; required: boolean; description: string }>;
  /** A schema name from `components.schemas` for the JSON request body. */
  body?: string;
  responses: Record<number, ResponseDoc>;
  handler: (c: Context, deps: Deps) => Response | Promise<Response>;
}

/** Error responses, described once. */
export const errors = {
  400: {
    description: '`invalid_json` or `invalid_request` (with `details.problems`)',
    schema: 'ApiError',
  },
  404: { description: '`not_found`', schema: 'ApiError' },
  413: { description: '`payload_too_large`: the body is over 64 KB', schema: 'ApiError' },
  422: (codes: string) => ({ description: codes, schema: 'ApiError' }),
  429: {
    description: '`rate_limited`: too many offer-code attempts from this address',
    schema: 'ApiError',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer' },
      },
    },
  },
} satisfies Record<number, ResponseDoc | ((codes: string) => ResponseDoc)>;
