import { CatalogSchema } from '@quotekit/core';
import { IF_NONE_MATCH, notModified, type Route } from './route.js';

export const catalogRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/catalog',
    operationId: 'getCatalog',
    summary: "The server's catalog: currency, price books, products and their commission classes",
    description:
      'Sent with `ETag` (the catalog version every order records as `catalogVersion`) and `Cache-Control: no-cache`, ' +
      'so embeds revalidate on every load and get `304 Not Modified` while the catalog is unchanged.',
    headers: [IF_NONE_MATCH],
    responses: {
      200: {
        description: 'The catalog',
        schema: CatalogSchema,
        headers: {
          ETag: { description: 'The catalog version, quoted', schema: { type: 'string' } },
        },
      },
      304: { description: 'The client’s copy is current' },
    },
    async handler(c, { catalog, catalogVersion }) {
      const etag = `"${await catalogVersion()}"`;
      if (notModified(c, etag)) return c.body(null, 304);
      return c.json(catalog);
    },
  },
];
