import { DomainError } from '../../domain/errors.ts';

export const AZURE_API_VERSION = '2022-11-01';

/** ARM refuses a call without a supported api-version before it looks at anything else. */
export function checkApiVersion(query: unknown, accepted: readonly string[] = [AZURE_API_VERSION]): void {
  const v = (query as Record<string, unknown> | undefined)?.['api-version'];
  if (v === undefined || v === '') {
    throw new DomainError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (typeof v !== 'string' || !accepted.includes(v)) {
    const supported = accepted.length === 1 ? `The supported version is '${accepted[0]}'.` : `The supported versions are '${accepted.join("', '")}'.`;
    throw new DomainError(400, 'InvalidApiVersionParameter', `The api-version '${String(v)}' is invalid. ${supported}`);
  }
}

/** An absolute next link on this server that keeps api-version (the v9 client sends it as is). */
export function nextLink(origin: string, path: string, params: Record<string, string | number | undefined>): string {
  const url = new URL(path, origin);
  url.searchParams.set('api-version', AZURE_API_VERSION);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  return url.toString();
}
