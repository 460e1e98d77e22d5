/**
 * Validates a whole batch before anything is stored: every message is checked against its
 * schema and the size limit, and every problem is reported with its path. One bad message
 * rejects the batch, so a payload is never stored half-way.
 */
import type { z } from 'zod';
import type { CanonicalEvent } from '../domain/event.js';
import { formatPath, InvalidInputError, type Problem } from '../domain/errors.js';
import type { IngestLimits } from './limits.js';

/**
 * An upper bound of a value's JSON size in bytes, by a walk that allocates nothing (every char
 * counted as 3 bytes of UTF-8 plus escaping slack). Far cheaper than JSON.stringify per event.
 */
export function jsonBytesUpperBound(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length * 3 + 2;
  if (value === null || typeof value !== 'object') return 24;
  if (depth > 64) return Infinity;
  let n = 2;
  if (Array.isArray(value)) {
    for (const v of value) n += jsonBytesUpperBound(v, depth + 1) + 1;
  } else {
    for (const k in value) n += k.length * 3 + 4 + jsonBytesUpperBound((value as Record<string, unknown>)[k], depth + 1);
  }
  return n;
}

/** Exact byte length of a value's JSON, computed only when the cheap bound is over the limit. */
export function jsonBytes(value: unknown, limit: number): number {
  const bound = jsonBytesUpperBound(value);
  return bound <= limit ? bound : Buffer.byteLength(JSON.stringify(value) ?? '');
}

export type Converter<T> = (parsed: T, raw: unknown) => CanonicalEvent | string;

const MAX_PROBLEMS = 50;

export function validateBatch<S extends z.ZodType>(
  items: readonly unknown[],
  schemaFor: (raw: unknown) => S | string,
  convert: Converter<z.infer<S>>,
  opts: { limits: IngestLimits; path: string },
): CanonicalEvent[] {
  if (items.length > opts.limits.maxBatchEvents) {
    throw new InvalidInputError('batch too large', [{ where: opts.path, message: `holds ${items.length} messages; the limit is ${opts.limits.maxBatchEvents}` }]);
  }
  const problems: Problem[] = [];
  const events: CanonicalEvent[] = [];
  items.forEach((raw, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const where = items.length === 1 && opts.path === '' ? '' : `${opts.path}[${i}]`;
    const size = jsonBytes(raw, opts.limits.maxEventBytes);
    if (size > opts.limits.maxEventBytes) {
      problems.push({ where: where || '(body)', message: `message is ${size} bytes; the limit is ${opts.limits.maxEventBytes}` });
      return;
    }
    const schema = schemaFor(raw);
    if (typeof schema === 'string') {
      problems.push({ where: where ? `${where}.type` : 'type', message: schema });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) {
        const p = formatPath(issue.path);
        problems.push({ where: [where, p === '(body)' ? '' : p].filter(Boolean).join('.') || '(body)', message: issue.message });
      }
      return;
    }
    const ev = convert(parsed.data, raw);
    if (typeof ev === 'string') problems.push({ where: where || '(body)', message: ev });
    else events.push(ev);
  });
  if (problems.length) throw new InvalidInputError(`${problems.length >= MAX_PROBLEMS ? 'at least ' : ''}${problems.length} invalid message(s); nothing from this payload was stored`, problems);
  return events;
}
