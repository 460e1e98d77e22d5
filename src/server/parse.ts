/**
 * Parse a request part with its zod schema; a failure is a 400 that names each bad field.
 */
import type { z } from 'zod';
import { formatPath, InvalidInputError } from '../domain/errors.js';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw new InvalidInputError(`invalid ${part}`, r.error.issues.map((i) => ({ where: `${part}${i.path.length ? '.' + formatPath(i.path) : ''}`, message: i.message })));
}
