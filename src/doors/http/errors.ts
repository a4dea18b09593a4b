import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';

/**
 * Every error of every door leaves as `{"error":{"code","message","target"?,"details"?}}`, the
 * ARM envelope that Azure's clients parse and that the partner API shares.
 */
export function errorBody(code: string, message: string, target?: string, details?: unknown) {
  return { error: { code, message, ...(target ? { target } : {}), ...(details ? { details } : {}) } };
}

export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof DomainError) {
    if (err.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    void reply.status(err.status).send(errorBody(err.code, err.message, err.target, err.details));
    return;
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.status(413).send(errorBody('RequestEntityTooLarge', `The request body is larger than ${request.server.initialConfig.bodyLimit} bytes`));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send(errorBody('UnsupportedMediaType', 'Send the request body as application/json'));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
    void reply.status(400).send(errorBody('InvalidJson', `The request body is not valid JSON: ${fe.message}`));
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(errorBody('BadRequest', fe.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(errorBody('InternalServerError', 'The server could not complete the request; it has been logged.'));
}
