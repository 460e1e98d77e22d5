/**
 * The touchpoint catalogue: named interactions, each with a channel and a stage, and the rules
 * that say which events are which touchpoint. Pure: matching here and the SQL compiled from the
 * same rules (store/duckdb/touchpoint-sql.ts) must agree. The built-in catalogue
 * (builtin-catalogue.ts) runs beneath the workspace's rules unless `builtins` is false
 * (catalogue-layers.ts).
 */
import { z } from 'zod';
import { compilePattern, patternToRegexSource } from './pattern.js';
import type { CanonicalEvent } from './event.js';
import { channelFromLibrary } from './channel.js';
import { effectiveCatalogue } from './catalogue-layers.js';

const name = z.string().trim().min(1).max(200);
const pattern = z
  .string()
  .min(1)
  .max(500)
  .superRefine((p, ctx) => {
    try {
      patternToRegexSource(p);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

export const TouchpointSchema = z.object({
  name,
  channel: z.string().trim().min(1).max(100).nullable().default(null),
  stage: z.string().trim().min(1).max(100).nullable().default(null),
  description: z.string().max(2000).default(''),
});
export type Touchpoint = z.infer<typeof TouchpointSchema>;

export const RuleMatchSchema = z
  .object({
    name: pattern.optional(),
    type: pattern.optional(),
    source: pattern.optional(),
    channel: pattern.optional(),
    /** property path (dot-separated, e.g. "plan.name") → pattern over its string value */
    properties: z.record(z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dot-separated property path'), pattern).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).some((k) => k !== 'properties') || Object.keys(m.properties ?? {}).length > 0, {
    message: 'a rule must match on at least one of name, type, source, channel, properties',
  });
export type RuleMatch = z.infer<typeof RuleMatchSchema>;

export const TouchpointRuleSchema = z.object({
  id: z.string().trim().min(1).max(100),
  /** Lower runs first; the first matching rule wins. */
  priority: z.number().int().min(0).max(1_000_000).default(100),
  match: RuleMatchSchema,
  touchpoint: name,
});
export type TouchpointRule = z.infer<typeof TouchpointRuleSchema>;

export const CatalogueSchema = z
  .object({
    touchpoints: z.array(TouchpointSchema).max(10_000),
    rules: z.array(TouchpointRuleSchema).max(10_000),
    /** Apply the built-in catalogue beneath these rules (default true). */
    builtins: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.touchpoints.forEach((t, i) => {
      if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: ['touchpoints', i, 'name'], message: `duplicate touchpoint "${t.name}"` });
      names.add(t.name);
    });
    const ids = new Set<string>();
    c.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      ids.add(r.id);
      if (!names.has(r.touchpoint)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'touchpoint'], message: `unknown touchpoint "${r.touchpoint}"` });
    });
  });
export type Catalogue = z.infer<typeof CatalogueSchema>;

export const EMPTY_CATALOGUE: Catalogue = { touchpoints: [], rules: [] };

/** Rules in evaluation order: priority, then id, so the order never depends on storage. */
export function orderedRules(rules: readonly TouchpointRule[]): TouchpointRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface Resolution {
  touchpoint: string | null;
  channel: string | null;
  stage: string | null;
}

type Matchable = Pick<CanonicalEvent, 'name' | 'source' | 'channel' | 'properties'> & { type: string };

/** Value at a dot path, as the string SQL's json_extract_string would give (objects/arrays as JSON). */
export function propertyString(properties: Record<string, unknown>, path: string): string | null {
  let v: unknown = properties;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    v = (v as Record<string, unknown>)[part];
  }
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Compile a catalogue (with its built-in layer, unless switched off) once into a resolver for many events. */
export function touchpointResolver(workspaceCatalogue: Catalogue): (e: Matchable) => Resolution {
  const catalogue = effectiveCatalogue(workspaceCatalogue);
  const byName = new Map(catalogue.touchpoints.map((t) => [t.name, t]));
  const compiled = orderedRules(catalogue.rules).map((r) => {
    const tests: Array<(e: Matchable) => boolean> = [];
    for (const field of ['name', 'type', 'source', 'channel'] as const) {
      const p = r.match[field];
      if (p !== undefined) {
        const m = compilePattern(p);
        tests.push((e) => m(e[field]));
      }
    }
    for (const [path, p] of Object.entries(r.match.properties ?? {})) {
      const m = compilePattern(p);
      tests.push((e) => m(propertyString(e.properties, path)));
    }
    return { tests, touchpoint: byName.get(r.touchpoint) };
  });
  return (e) => {
    const fallbackChannel = channelFromLibrary(e.channel);
    for (const r of compiled) {
      if (r.touchpoint && r.tests.every((t) => t(e))) {
        return { touchpoint: r.touchpoint.name, channel: r.touchpoint.channel ?? fallbackChannel, stage: r.touchpoint.stage };
      }
    }
    return { touchpoint: null, channel: fallbackChannel, stage: null };
  };
}
