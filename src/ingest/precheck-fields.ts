/**
 * The field rules of fields.ts (IdSchema, DateSchema, JsonObjectSchema) as plain predicates, for
 * the quick checks of ingest messages (segment-precheck.ts, posthog-precheck.ts). Each is at most
 * as permissive as its schema: a value it passes, the schema accepts.
 */

const LATEST = Date.UTC(2200, 0, 1);

export const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
export const optionalObject = (v: unknown): boolean => v === undefined || isObject(v);

/** IdSchema: a string not blank and at most 512 characters, or a finite number. */
export const isId = (v: unknown): boolean => (typeof v === 'string' ? v.length <= 512 && v.trim() !== '' : typeof v === 'number' && Number.isFinite(v));

/** DateSchema: an ISO string (at most 64 characters) or epoch milliseconds, between 1970 and 2200. */
export function isDate(v: unknown): boolean {
  const t = typeof v === 'string' ? (v.length <= 64 ? Date.parse(v) : NaN) : typeof v === 'number' ? v : NaN;
  return t >= 0 && t <= LATEST;
}

export const optionalDate = (v: unknown): boolean => v === undefined || isDate(v);

/** An event name: a string not blank and at most 200 characters (trimmed, as the schemas check it). */
export const isEventName = (v: unknown): boolean => typeof v === 'string' && v.length <= 200 && v.trim() !== '';
