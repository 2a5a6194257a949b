import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../shared/clock.ts';
import { API_ROUTES, type ApiApp, type ApiRoutes } from './api-app.ts';
import { DOCS_CSP, DOCS_PATH, OPENAPI_PATH } from './docs-routes.ts';
import { apiTestApp } from './testing/api-test-app.ts';

interface SeenRoute {
  method: string;
  url: string;
  hasSchema: boolean;
}

type OpenApiDocument = { paths: Record<string, Record<string, { summary?: string; responses?: object }>> };

/** The docs page and the document itself are the only routes allowed outside the document. */
const isDocumentation = (url: string) => url === OPENAPI_PATH || url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`);

/** The document is built from the route schemas alone: no request reaches the database here. */
const noDatabase = {} as never;

async function appSeeingRoutes(routes: readonly ApiRoutes[] = API_ROUTES) {
  const seen: SeenRoute[] = [];
  const app = await apiTestApp(noDatabase, new ManualClock('2026-12-02T10:00:00Z'), {
    routes,
    onRoute: (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const schema = (route as { schema?: object }).schema;
      for (const method of methods) seen.push({ method, url: route.url, hasSchema: schema !== undefined });
    },
  });
  await app.ready();
  return { app, seen };
}

/** Every route that is not in the OpenAPI document with a summary and a 2xx response schema, or has no schema. */
function undocumented(document: OpenApiDocument, seen: SeenRoute[]): string[] {
  return seen
    .filter((route) => route.method !== 'HEAD' && !isDocumentation(route.url))
    .filter((route) => {
      const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      const ok = Object.entries(operation?.responses ?? {}).some(
        ([status, response]) => status.startsWith('2') && JSON.stringify(response).includes('"schema"'),
      );
      return !route.hasSchema || !operation?.summary || !ok;
    })
    .map((route) => `${route.method} ${route.url}`);
}

describe('the OpenAPI document', () => {
  let app: ApiApp;
  let seen: SeenRoute[];
  let document: OpenApiDocument;
  beforeAll(async () => {
    ({ app, seen } = await appSeeingRoutes());
    const response = await app.inject(OPENAPI_PATH);
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(() => app?.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('describes every route of the app with its schema', () => {
    expect(seen.filter((r) => r.url.startsWith('/api/v1/')).length).toBeGreaterThan(15);
    expect(undocumented(document, seen)).toEqual([]);
    for (const path of ['/api/v1/customers', '/api/v1/orders/{id}/cancel', '/api/v1/services/{id}/auto-renew']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });

  it('catches a route added without a schema', async () => {
    const careless: ApiRoutes = (scope) => {
      scope.get('/careless', async () => ({ ok: true }));
      scope.get('/no-summary', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({
        ok: true,
      }));
    };
    const other = await appSeeingRoutes([careless]);
    const doc = (await other.app.inject(OPENAPI_PATH)).json();
    expect(undocumented(doc, other.seen)).toEqual(['GET /api/v1/careless', 'GET /api/v1/no-summary']);
    await other.app.close();
  });
});

describe('the docs page', () => {
  let app: ApiApp;
  beforeAll(async () => {
    ({ app } = await appSeeingRoutes());
  });
  afterAll(() => app?.close());

  it('loads with all its assets from this origin, without inline scripts, under a CSP of self only', async () => {
    const page = await app.inject(DOCS_PATH);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = page.body;
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style|style="|on[a-z]+="/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      const response = await app.inject(asset);
      expect(response.statusCode, asset).toBe(200);
    }
    // What the initializer script fetches (`./json` next to the page) is the same document.
    const initializer = await app.inject(`${DOCS_PATH}/static/swagger-initializer.js`);
    expect(initializer.body).toContain("resolveUrl('./json')");
    // No call to validator.swagger.io (only a comment in it names another site).
    expect(initializer.body).toContain('validatorUrl: null');
    expect((await app.inject(`${DOCS_PATH}/json`)).json()).toEqual((await app.inject(OPENAPI_PATH)).json());
  });
});
