import {
  ApiErrorSchema,
  AttributionRequestSchema,
  CatalogSchema,
  ClickTokenSchema,
  OrderListSchema,
  OfferCodeValidationRequestSchema,
  OfferCodeValidationSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  SavedQuoteCreatedSchema,
  SavedQuoteCreateRequestSchema,
  StoredSavedQuoteSchema,
} from '@quotekit/core';
import * as z from 'zod/mini';
import type { Route } from './route.js';

/** The schemas routes name, each validated by the same zod schema the code uses. */
const SCHEMAS = {
  ApiError: { schema: ApiErrorSchema, io: 'output' },
  Catalog: { schema: CatalogSchema, io: 'output' },
  OfferCodeValidationRequest: { schema: OfferCodeValidationRequestSchema, io: 'input' },
  OfferCodeValidation: { schema: OfferCodeValidationSchema, io: 'output' },
  SavedQuoteCreateRequest: { schema: SavedQuoteCreateRequestSchema, io: 'input' },
  SavedQuoteCreated: { schema: SavedQuoteCreatedSchema, io: 'output' },
  StoredSavedQuote: { schema: StoredSavedQuoteSchema, io: 'output' },
  AttributionRequest: { schema: AttributionRequestSchema, io: 'input' },
  OrderRequest: { schema: OrderRequestSchema, io: 'input' },
  OrderResponse: { schema: OrderResponseSchema, io: 'output' },
  OrderList: { schema: OrderListSchema, io: 'output' },
  ClickToken: { schema: ClickTokenSchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodMiniType; io: 'input' | 'output' }>;

const ref = (name: string) => {
  if (!(name in SCHEMAS)) throw new Error(`No schema ${name} for the OpenAPI document.`);
  return { $ref: `#/components/schemas/${name}` };
};

/**
 * An OpenAPI 3.1 document of `routes` (3.1 schemas are JSON Schema 2020-12,
 * which is what zod 4 writes).
 */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.headers ? { headers: response.headers } : {}),
        ...(response.schema
          ? { content: { 'application/json': { schema: ref(response.schema) } } }
          : {}),
      };
    }
    responses['500'] ??= {
      description: '`internal_error`',
      content: { 'application/json': { schema: ref('ApiError') } },
    };
    const parameters = [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(route.headers ?? []).map((h) => ({
        name: h.name,
        in: 'header',
        required: h.required,
        description: h.description,
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      })),
    ];
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(route.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  const schemas: Record<string, unknown> = {};
  for (const [name, { schema, io }] of Object.entries(SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
    // The document's dialect is 2020-12 already; a $schema per component is noise.
    delete json.$schema;
    schemas[name] = json;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'quotekit Order API',
      version: '1.0.0',
      description:
        'The reference Order API of quotekit. Every error body is `{ error: { code, message, details? } }`.',
    },
    paths,
    components: { schemas },
  };
}

export const openApiRoute = (document: () => Record<string, unknown>): Route => ({
  method: 'get',
  path: '/v1/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This document',
  responses: { 200: { description: 'The OpenAPI 3.1 document of every route' } },
  handler: (c) => c.json(document()),
});
