/**
 * Scope: which events and customers an analysis looks at — a time range over event time
 * (`from` inclusive, `to` exclusive), sources, a persona, a segment of customers (conditions on
 * traits, and on behaviour: behaviour.ts) and conditions on events. Every analysis plan carries one.
 */
import { z } from 'zod';
import { BehaviourConditionSchema } from './behaviour.js';
import { ConditionSchema } from './condition.js';

const When = z.union([z.string(), z.number(), z.date()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a date; use ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z` });
    return z.NEVER;
  }
  return d;
});

export const ScopeSchema = z
  .object({
    from: When.optional(),
    to: When.optional(),
    sources: z.array(z.string().min(1).max(200)).max(100).optional(),
    /** A persona key (see personas): its conditions join the segment. */
    persona: z.string().min(1).max(100).optional(),
    /** Customers whose traits meet every condition. */
    segment: z.array(ConditionSchema).max(20).default([]),
    /** Customers whose behaviour meets every condition (see behaviour.ts). */
    behaviour: z.array(BehaviourConditionSchema).max(10).default([]),
    /** Events that meet every condition. */
    where: z.array(ConditionSchema).max(20).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.from && s.to && s.from.getTime() >= s.to.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the time range is empty or inverted: from ${s.from.toISOString()} is not before to ${s.to.toISOString()}` });
    }
    s.segment.forEach((c, i) => {
      if (!c.field.startsWith('traits.')) ctx.addIssue({ code: 'custom', path: ['segment', i, 'field'], message: 'a segment condition is on a customer trait: traits.PATH' });
    });
    s.where.forEach((c, i) => {
      if (c.field.startsWith('traits.')) ctx.addIssue({ code: 'custom', path: ['where', i, 'field'], message: 'traits filter customers: put this condition in the segment' });
    });
  });
export type Scope = z.infer<typeof ScopeSchema>;
export type ScopeInput = z.input<typeof ScopeSchema>;
