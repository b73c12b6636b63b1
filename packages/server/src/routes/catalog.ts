import type { Route } from './route.js';

export const catalogRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/catalog',
    operationId: 'getCatalog',
    summary: "The server's catalog: currency, price books, products and their commission classes",
    responses: { 200: { description: 'The catalog', schema: 'Catalog' } },
    handler: (c, { catalog }) => c.json(catalog),
  },
];
