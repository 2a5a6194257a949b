import { z } from 'zod';
import { listProducts } from '../catalog/product-repository.ts';
import { productResource } from '../public/resources.ts';
import type { ApiRoutes } from './api-app.ts';
import { listSchema } from './pagination.ts';
import { productSchema } from './resource-schemas.ts';

/** The catalogue: a handful of products, listed whole (no pagination: `has_more` is always false). */
export const productRoutes: ApiRoutes = (app, deps) => {
  app.get(
    '/products',
    {
      schema: {
        tags: ['products'],
        summary: 'List the products',
        querystring: z.object({}),
        response: { 200: listSchema(productSchema) },
      },
    },
    async () => ({
      object: 'list' as const,
      data: (await listProducts(deps.db)).map(productResource),
      has_more: false,
    }),
  );
};
