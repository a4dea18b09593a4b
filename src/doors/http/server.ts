import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/policy.ts';
import { authenticate } from '../../services/auth-service.ts';
import { assertCsrf, authenticateSession, cookieValue, CSRF_HEADER, SESSION_COOKIE } from '../../services/identity/sessions.ts';
import type { AppContext } from '../../services/context.ts';
import { checkApiVersion } from '../azure/api-version.ts';
import { allRoutes } from './all-routes.ts';
import { serveConsole } from './console-static.ts';
import { handleError } from './errors.ts';
import type { RouteSpec } from './route-spec.ts';
import { validate } from './validation.ts';
import { startJobRunner } from '../../jobs/runner.ts';

export const BODY_LIMIT_BYTES = 256 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ServerOptions {
  tls?: { cert: string; key: string };
  logger?: boolean;
  /** Run the background jobs (src/jobs) in this process every intervalMs; off when absent (tests tick with runJobsOnce). */
  jobs?: { intervalMs: number; onError?: (err: unknown) => void };
  /** Where the web console's build is (default web/dist of this checkout). */
  consoleDir?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  httpUrl?: string;
  httpsUrl?: string;
  close(): Promise<void>;
}

/**
 * Builds the HTTP application: every door's routes on one Fastify instance, served over HTTP and,
 * when a certificate is given, HTTPS, from the same handler (Azure's clients insist on HTTPS).
 */
export function buildApp(ctx: AppContext, options: ServerOptions = {}): { app: FastifyInstance; servers: { http: http.Server; https?: https.Server } } {
  let httpServer!: http.Server;
  let httpsServer: https.Server | undefined;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
    return503OnClosing: true,
    serverFactory: (handler) => {
      httpServer = http.createServer(handler);
      if (options.tls) httpsServer = https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler);
      return httpServer;
    },
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    // The web console (web/dist) answers browser navigations and its assets; APIs keep the JSON 404.
    if (serveConsole(request, reply, options.consoleDir)) return;
    void reply.status(404).send({ error: { code: 'NotFound', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
  // An empty body on POST is allowed (Azure's archive/unarchive send none).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new DomainError(400, 'InvalidJson', `The request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });

  // OAuth 2.0 token requests (client credentials) are form-encoded.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  const routes = allRoutes();
  for (const spec of routes) if (!spec.uploadBody) registerRoute(app, ctx, spec);
  // Uploads (usage exports) stream their body to the handler: in their own context every media type
  // passes through unparsed, so no body is buffered and the JSON body limit does not apply.
  void app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const spec of routes) if (spec.uploadBody) registerRoute(uploads, ctx, spec);
  });
  return { app, servers: { http: httpServer, https: httpsServer } };
}

function registerRoute(app: FastifyInstance, ctx: AppContext, spec: RouteSpec): void {
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      // As ARM does: who is calling is settled before what the call says (a caller without a token
      // learns nothing about the route, not even its API versions).
      const actor = spec.auth === 'bearer' ? await requireActor(ctx, request) : (null as unknown as Actor);
      if (spec.door === 'azure') checkApiVersion(request.query, spec.apiVersions);
      const params = spec.params ? validate(spec.params, request.params, 'path') : request.params;
      const query = spec.query ? validate(spec.query, request.query, 'query') : request.query;
      if (spec.body && (request.body === undefined || request.body === null) && spec.method !== 'GET') {
        throw new DomainError(400, 'InvalidRequestContent', 'The request needs a JSON body');
      }
      const body = spec.body ? validate(spec.body, request.body, 'body') : request.body;
      const result = await spec.handler({ ctx, actor, params, query, body, request, reply, origin: originOf(request) });
      if (result.headers) for (const [k, v] of Object.entries(result.headers)) void reply.header(k, v);
      void reply.status(result.status ?? 200);
      return result.body === undefined ? reply.send() : reply.send(result.body);
    },
  });
}

async function requireActor(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) {
    // The console: a session cookie, with the CSRF token on every unsafe method (bearer wins when both are sent).
    const sessionId = header ? undefined : cookieValue(request.headers.cookie, SESSION_COOKIE);
    const session = sessionId ? await authenticateSession(ctx, sessionId) : null;
    if (session) {
      if (!SAFE_METHODS.has(request.method)) assertCsrf(session.csrfToken, request.headers[CSRF_HEADER] as string | undefined);
      return session.actor;
    }
    if (sessionId) throw new DomainError(401, 'SessionExpired', 'The console session has ended (signed out, expired or revoked). Sign in again.');
  }
  if (!match) throw new DomainError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing or is not a Bearer token.');
  const actor = await authenticate(ctx, match[1]!);
  if (!actor) throw new DomainError(401, 'InvalidAuthenticationToken', 'The access token is invalid, expired or revoked. Sign in again.');
  return actor;
}

/** The origin the client used (scheme, host and port), for absolute links back to this server. */
export function originOf(request: FastifyRequest): string {
  const encrypted = (request.raw.socket as { encrypted?: boolean }).encrypted === true;
  const host = request.headers.host ?? 'localhost';
  return `${encrypted ? 'https' : 'http'}://${host}`;
}

export async function startServer(ctx: AppContext, listen: { host: string; httpPort: number; httpsPort?: number }, options: ServerOptions = {}): Promise<RunningServer> {
  const { app, servers } = buildApp(ctx, options);
  await app.ready();
  const listenOn = (server: http.Server | https.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, listen.host, () => resolve((server.address() as AddressInfo).port));
    });
  const hostForUrl = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host;
  const httpPort = await listenOn(servers.http, listen.httpPort);
  const jobs = options.jobs && options.jobs.intervalMs > 0 ? startJobRunner(ctx, options.jobs) : undefined;
  let httpsUrl: string | undefined;
  if (servers.https && listen.httpsPort !== undefined) {
    const port = await listenOn(servers.https, listen.httpsPort);
    httpsUrl = `https://${hostForUrl}:${port}`;
  }
  return {
    app,
    httpUrl: `http://${hostForUrl}:${httpPort}`,
    httpsUrl,
    async close() {
      await jobs?.stop();
      await Promise.all([
        new Promise((r) => servers.http.close(r)),
        servers.https ? new Promise((r) => servers.https!.close(r)) : Promise.resolve(),
      ]);
      servers.http.closeAllConnections?.();
      servers.https?.closeAllConnections?.();
      await app.close();
    },
  };
}
