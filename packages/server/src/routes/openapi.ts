import {
  ApiErrorSchema,
  OpportunityInputSchema,
  OpportunityMatchSchema,
  OpportunitySchema,
  OpportunityUpdateSchema,
  PartnerClicksSchema,
  PostFactoInputSchema,
  PostFactoReviewSchema,
  PostFactoSchema,
  AttributionRequestSchema,
  CatalogSchema,
  ClickTokenSchema,
  OrderListSchema,
  OfferCodeValidationRequestSchema,
  OfferCodeValidationSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  PartnerCreateRequestSchema,
  PartnerListSchema,
  PartnerOfferCodeCreateRequestSchema,
  PartnerOfferCodeSchema,
  PartnerSchema,
  PartnerUpdateRequestSchema,
  SavedQuoteCreatedSchema,
  SavedQuoteCreateRequestSchema,
  StoredSavedQuoteSchema,
} from '@quotekit/core';
import type { Env, Hono, Schema } from 'hono';
import {
  describeRoute,
  generateSpecs,
  resolver,
  type DescribeRouteOptions,
  type ResolverReturnType,
} from 'hono-openapi';
import * as z from 'zod/mini';
import type { ResponseDoc, Route } from './route.js';

/**
 * The schemas the document lists under `components.schemas`, by name, and
 * whether a client sends them (`input`) or receives them (`output`): the
 * JSON Schema of a request is the one its zod schema accepts, of an answer
 * the one it gives.
 */
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
  PartnerCreateRequest: { schema: PartnerCreateRequestSchema, io: 'input' },
  PartnerUpdateRequest: { schema: PartnerUpdateRequestSchema, io: 'input' },
  Partner: { schema: PartnerSchema, io: 'output' },
  PartnerList: { schema: PartnerListSchema, io: 'output' },
  PartnerOfferCodeCreateRequest: { schema: PartnerOfferCodeCreateRequestSchema, io: 'input' },
  PartnerOfferCode: { schema: PartnerOfferCodeSchema, io: 'output' },
  OpportunityInput: { schema: OpportunityInputSchema, io: 'input' },
  OpportunityUpdate: { schema: OpportunityUpdateSchema, io: 'input' },
  Opportunity: { schema: OpportunitySchema, io: 'output' },
  OpportunityMatch: { schema: OpportunityMatchSchema, io: 'output' },
  PostFactoInput: { schema: PostFactoInputSchema, io: 'input' },
  PostFacto: { schema: PostFactoSchema, io: 'output' },
  PostFactoReview: { schema: PostFactoReviewSchema, io: 'output' },
  PartnerClicks: { schema: PartnerClicksSchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodMiniType; io: 'input' | 'output' }>;

const IO = new Map<z.ZodMiniType, 'input' | 'output'>(
  Object.values(SCHEMAS).map(({ schema, io }) => [schema, io]),
);

/** The shared schemas by id: zod writes each as a `$ref`, and hono-openapi lists it under `components.schemas`. */
const COMPONENTS = z.registry<{ id: string }>();
for (const [id, { schema }] of Object.entries(SCHEMAS)) COMPONENTS.add(schema, { id });

/**
 * hono-openapi's resolver for a route's schema: the JSON Schema of what a
 * client sends (`input`) or receives (`output`), in which every schema of
 * `SCHEMAS` (at the top or inside) is a `$ref` to its component.
 */
function resolve(schema: z.ZodMiniType, io: 'input' | 'output'): ResolverReturnType {
  return resolver(schema, { options: { io: IO.get(schema) ?? io, metadata: COMPONENTS } });
}

const json = (schema: z.ZodMiniType, io: 'input' | 'output') => ({
  'application/json': { schema: resolve(schema, io) },
});

/** The OpenAPI operation of a route, which `describeRoute` attaches to it. */
export function describe(route: Route) {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {};
  const entries: Array<[string, ResponseDoc]> = Object.entries(route.responses);
  entries.push(['500', { description: '`internal_error`', schema: ApiErrorSchema }]);
  for (const [status, response] of entries) {
    responses[status] ??= {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.schema ? { content: json(response.schema, 'output') } : {}),
    };
  }
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const parameters = [
    ...params.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' as const },
    })),
    ...(route.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: { type: 'string' as const, minLength: 1, maxLength: 255 },
    })),
    ...(route.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.description,
      schema: { type: 'string' as const },
    })),
  ];
  const body = route.body;
  return describeRoute({
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: json(body.schema, 'input'),
          },
        }
      : {}),
    ...(route.action ? { 'x-quotekit-action': true } : {}),
    responses,
  });
}

/** `METHOD /path` of every route `app` answers (its middleware for all methods left out). */
export function servedRoutes(app: { routes: ReadonlyArray<{ method: string; path: string }> }) {
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ];
}

/**
 * The OpenAPI 3.1 document of `app`, generated by hono-openapi from the
 * description and schemas each route is served with (3.1 schemas are JSON
 * Schema 2020-12, which is what zod 4 writes). Rejects when `app` answers a
 * route the document does not describe: every route is documented, or the
 * document fails (and its test with it).
 */
export async function openApiDocument<E extends Env, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
): Promise<Record<string, unknown>> {
  const document = await generateSpecs(app, {
    documentation: {
      info: {
        title: 'quotekit Order API',
        version: '1.0.0',
        description:
          'The reference Order API of quotekit. Every error body is `{ error: { code, message, details? } }`.',
      },
    },
    // `/v1/openapi.json` is an operation, not a static file.
    excludeStaticFile: false,
    // Refusals are described per route, as the `{ error }` the app answers.
    defaultValidationErrorResponse: false,
  });
  const paths = document.paths as Record<string, Record<string, unknown>>;
  const missing = servedRoutes(app).filter((route) => {
    const [method, path] = route.split(' ') as [string, string];
    return paths[path]?.[method.toLowerCase()] === undefined;
  });
  if (missing.length > 0) {
    throw new Error(`Routes served without an OpenAPI description: ${missing.join(', ')}.`);
  }
  for (const component of Object.values(document.components.schemas ?? {})) {
    // The document's dialect is 2020-12 already; a $schema per component is noise.
    delete (component as { $schema?: string }).$schema;
  }
  return { ...document, tags: undefined };
}

export const openApiRoute = (document: () => Promise<Record<string, unknown>>): Route => ({
  method: 'get',
  path: '/v1/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This document',
  responses: { 200: { description: 'The OpenAPI 3.1 document of every route' } },
  handler: async (c) => c.json(await document()),
});
