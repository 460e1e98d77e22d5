/**
 * Conditions: the filters of segments, personas and steps. A condition names a field — an event
 * column (`name`, `type`, `source`, `channel`, `touchpoint`, `stage`), an event property
 * (`properties.plan.name`) or a customer trait (`traits.plan`) — an operator and a value.
 */
import { z } from 'zod';

export const EVENT_FIELDS = ['name', 'type', 'source', 'channel', 'touchpoint', 'stage'] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

export const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists'] as const;
export type Operator = (typeof OPERATORS)[number];

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const ConditionSchema = z
  .object({
    field: z
      .string()
      .min(1)
      .max(300)
      .refine((f) => (EVENT_FIELDS as readonly string[]).includes(f) || /^(properties|traits)\./.test(f), {
        message: `a field is one of ${EVENT_FIELDS.join(', ')}, properties.PATH or traits.PATH`,
      })
      .refine((f) => !/^(properties|traits)\./.test(f) || PATH.test(f.slice(f.indexOf('.') + 1)), { message: 'a property or trait path is dot-separated letters, digits, _, $ or -' }),
    op: z.enum(OPERATORS).default('eq'),
    value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const list = Array.isArray(c.value);
    if (c.op === 'exists' || c.op === 'not_exists') {
      if (c.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" takes no value` });
    } else if (c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" needs a value` });
    else if ((c.op === 'in' || c.op === 'not_in') !== list) ctx.addIssue({ code: 'custom', path: ['value'], message: list ? `a list of values needs op "in" or "not_in"` : `"${c.op}" needs a list of values` });
    else if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" compares numbers` });
  });
export type Condition = z.infer<typeof ConditionSchema>;

export type FieldRef = { kind: 'column'; column: EventField } | { kind: 'property'; path: string } | { kind: 'trait'; path: string };

export function fieldRef(field: string): FieldRef {
  if (field.startsWith('properties.')) return { kind: 'property', path: field.slice('properties.'.length) };
  if (field.startsWith('traits.')) return { kind: 'trait', path: field.slice('traits.'.length) };
  return { kind: 'column', column: field as EventField };
}

/** Read a dot path from a JSON object. */
export function readPath(obj: Record<string, unknown> | null | undefined, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The text a JSON value compares as (what DuckDB's json_extract_string gives). */
export function valueText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Reference semantics of a condition over a value already read (text, as stored). */
export function conditionHolds(c: Condition, raw: string | null): boolean {
  switch (c.op) {
    case 'exists':
      return raw !== null;
    case 'not_exists':
      return raw === null;
    case 'eq':
      return raw !== null && raw === String(c.value);
    case 'neq':
      return raw === null || raw !== String(c.value);
    case 'in':
      return raw !== null && (c.value as unknown[]).map(String).includes(raw);
    case 'not_in':
      return raw === null || !(c.value as unknown[]).map(String).includes(raw);
    case 'contains':
      return raw !== null && raw.toLowerCase().includes(String(c.value).toLowerCase());
    default: {
      const n = raw === null || raw.trim() === '' ? NaN : Number(raw);
      if (Number.isNaN(n)) return false;
      const v = c.value as number;
      return c.op === 'gt' ? n > v : c.op === 'gte' ? n >= v : c.op === 'lt' ? n < v : n <= v;
    }
  }
}
