/**
 * Field schemas shared by the HTTP ingest formats: ids, dates, JSON objects.
 */
import { z } from 'zod';

/** An identifier as clients send it: a non-empty string, or a number we keep as its decimal string. */
export const IdSchema = z.union([
  z.string().trim().min(1, 'must not be empty').max(512, 'must be at most 512 characters'),
  z.number().finite().transform(String),
]);

/** ISO-8601 string (or epoch milliseconds) → Date; anything unparseable is an error. */
export const DateSchema = z.union([z.string().max(64), z.number().finite()]).transform((v, ctx) => {
  const d = new Date(v);
  const t = d.getTime();
  if (Number.isNaN(t) || t < Date.UTC(1970, 0, 1) || t > Date.UTC(2200, 0, 1)) {
    ctx.addIssue({ code: 'custom', message: `not an ISO-8601 date between 1970 and 2200: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return d;
});

/**
 * A JSON object, checked in O(1): ingest must not walk (and copy) every property of every event
 * just to learn it is an object. Its size is bounded by the per-event byte limit.
 */
export const JsonObjectSchema = z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), { message: 'expected a JSON object' });

export function firstString(...values: unknown[]): string | null {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

export function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
