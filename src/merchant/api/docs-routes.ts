import swaggerUi from '@fastify/swagger-ui';
import type { ApiApp } from './api-app.ts';

/** Where the generated OpenAPI 3.1 document is served, without a key (it describes, it does not act). */
export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';

/**
 * The docs page's policy: everything from this origin only. Swagger UI's page loads its bundle, preset and
 * initializer as files (no inline script), and its stylesheets as files; `data:` images are the icons its CSS embeds.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * `/api/v1/openapi.json` and the Swagger UI page at `/api/docs`, served from the installed package (works offline:
 * no CDN). Its routes are hidden from the document they display; the OpenAPI test allows exactly these.
 */
export async function docsRoutes(app: ApiApp): Promise<void> {
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: DOCS_CSP,
    // No validatorUrl: the page then never calls validator.swagger.io (offline, and 'self' only).
    uiConfig: { deepLinking: true },
  });
}
