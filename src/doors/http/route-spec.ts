import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../domain/policy.ts';
import type { AppContext } from '../../services/context.ts';

/**
 * One route of any door, declared once: the server registers it and the OpenAPI document is
 * generated from the same declaration, so the documentation cannot drift from what is served.
 */
export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  door: 'azure' | 'partner' | 'system';
  summary: string;
  operationId: string;
  /** `bearer` routes answer 401 without a valid token. */
  auth: 'none' | 'bearer';
  /** An upload: the handler gets the request body as a stream (`body`), whatever its media type, unparsed and without the body size limit. */
  uploadBody?: boolean;
  /** Azure door only: the api-versions the route accepts (default: Microsoft.Capacity's 2022-11-01). */
  apiVersions?: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Documentation only: the main success status and a description of the body. */
  responses?: Record<number, string>;
  handler: (call: RouteCall<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<RouteResult>;
}

export interface RouteCall<P, Q, B> {
  ctx: AppContext;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The server's own origin as the client reached it, for nextLink and polling URLs. */
  origin: string;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}
