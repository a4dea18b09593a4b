/**
 * Every refusal the engine can give. Doors translate `status` and `code` into their own
 * envelope; the message is written for the person who made the request.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: ReadonlyArray<{ code: string; message: string; target?: string }>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, target?: string) =>
  new DomainError(400, code, message, target);
export const notFound = (code: string, message: string, target?: string) =>
  new DomainError(404, code, message, target);
export const conflict = (code: string, message: string, target?: string) =>
  new DomainError(409, code, message, target);
export const forbidden = (code: string, message: string, target?: string) =>
  new DomainError(403, code, message, target);
