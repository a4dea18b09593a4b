import { z } from 'zod';
import type { RouteSpec } from './route-spec.ts';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' }, message: { type: 'string' }, target: { type: 'string' },
        details: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};

/** OpenAPI 3.1, generated from the same route declarations the server registers. */
export function buildOpenApi(routes: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reservation Desk API',
      version: '1.0.0',
      description: 'Azure-compatible Microsoft.Capacity API (api-version 2022-11-01) and the partner API (/v1). Every error is {"error":{"code","message","target"?,"details"?}}.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /v1/auth/token' } },
      schemas: { Error: errorSchema },
    },
    tags: [
      { name: 'azure', description: 'Microsoft.Capacity-compatible door for @azure/arm-reservations' },
      { name: 'partner', description: 'Partner Center-style API for partner work' },
      { name: 'system', description: 'Health and documentation' },
    ],
    paths,
  };
}

function operation(spec: RouteSpec): Record<string, unknown> {
  const parameters: unknown[] = [];
  const addParams = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
    if (!schema) return;
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: s });
    }
  };
  addParams(spec.params, 'path');
  addParams(spec.query, 'query');
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(spec.responses ?? { 200: 'Success' })) {
    responses[status] = { description };
  }
  responses['4XX'] = { description: 'Refused; the body says why', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.door],
    ...(spec.auth === 'bearer' ? { security: [{ bearer: [] }] } : {}),
    parameters,
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) } } } }
      : {}),
    // An upload (usage exports): the file itself is the body.
    ...(spec.uploadBody
      ? { requestBody: { required: true, content: Object.fromEntries(['text/csv', 'application/gzip', 'application/json', 'application/octet-stream'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } }
      : {}),
    responses,
  };
}
