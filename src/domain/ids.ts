import { randomUUID } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();
export const isGuid = (value: string): boolean => GUID.test(value);
/** GUIDs are compared and stored in lower case; Azure answers with whatever case it stored. */
export const normalizeGuid = (value: string): string => value.toLowerCase();
