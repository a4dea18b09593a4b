import { route, type RouteSpec } from './route-spec.ts';
import { buildOpenApi } from './openapi.ts';
import { DOCS_HTML } from './docs-page.ts';

/** Health and documentation; the documented routes are passed in, so this module imports no door. */
export function systemRoutes(documented: () => readonly RouteSpec[]): RouteSpec[] {
  let openApi: Record<string, unknown> | undefined;
  return [
    route({
      method: 'GET', url: '/healthz', door: 'system', auth: 'none', operationId: 'Health',
      summary: 'Liveness: answers 200 while the server runs and its database answers.',
      handler: async ({ ctx }) => {
        return { body: { status: 'ok', engine: ctx.store.engine } };
      },
    }),
    route({
      method: 'GET', url: '/openapi.json', door: 'system', auth: 'none', operationId: 'OpenApi',
      summary: 'The OpenAPI 3.1 description of every route.',
      handler: async ({ origin }) => {
        openApi ??= buildOpenApi(documented());
        return { body: { ...openApi, servers: [{ url: origin }] } };
      },
    }),
    route({
      method: 'GET', url: '/docs', door: 'system', auth: 'none', operationId: 'Docs',
      summary: 'Readable API documentation.',
      handler: async () => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: DOCS_HTML }),
    }),
  ];
}
