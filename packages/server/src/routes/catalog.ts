import type { Route } from './route.js';

export const catalogRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/catalog',
    operationId: 'getCatalog',
    summary: "The server's catalog: currency, price books, products and their commission classes",
    description:
      'Sent with `ETag` (the catalog version every order records as `catalogVersion`) and `Cache-Control: no-cache`, ' +
      'so embeds revalidate on every load and get `304 Not Modified` while the catalog is unchanged.',
    headers: [
      {
        name: 'If-None-Match',
        required: false,
        description: 'The `ETag` of the copy the client holds',
      },
    ],
    responses: {
      200: {
        description: 'The catalog',
        schema: 'Catalog',
        headers: {
          ETag: { description: 'The catalog version, quoted', schema: { type: 'string' } },
        },
      },
      304: { description: 'The client’s copy is current' },
    },
    async handler(c, { catalog, catalogVersion }) {
      const etag = `"${await catalogVersion()}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'no-cache');
      const held = c.req.header('if-none-match');
      if (
        held !== undefined &&
        held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
      ) {
        return c.body(null, 304);
      }
      return c.json(catalog);
    },
  },
];
