import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';

/**
 * Validates input at the door. A refusal is a 400 listing every problem with the path of the
 * field it concerns, so a client can fix all of them in one go.
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'path'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const target = issue.path.length ? issue.path.join('.') : where;
    return { code: codeOf(issue), message: `${target}: ${issue.message}`, target };
  });
  const first = details[0]!;
  const message = details.length === 1 ? `Invalid ${where}: ${first.message}` : `Invalid ${where}: ${details.length} problems, first: ${first.message}`;
  throw new DomainError(400, where === 'body' ? 'InvalidRequestContent' : 'InvalidParameter', message, first.target, details);
}

function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return 'InvalidType';
    case 'too_small':
    case 'too_big': return 'OutOfRange';
    case 'invalid_format': return 'InvalidFormat';
    case 'unrecognized_keys': return 'UnknownProperty';
    case 'invalid_value': return 'InvalidValue';
    default: return 'InvalidValue';
  }
}

export const guid = () => z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
/** A query-string integer within bounds ("50" → 50). */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
