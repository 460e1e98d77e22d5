/**
 * A step: one point of a journey that analyses refer to — a touchpoint, an event name, a stage
 * or a channel — optionally narrowed by conditions on the event (`properties.plan = pro`).
 * Written in the CLI as `touchpoint:Checkout Started`, `event:Order Completed`, `stage:purchase`.
 */
import { z } from 'zod';
import { ConditionSchema } from './condition.js';
import { type Granularity, GranularitySchema } from './granularity.js';

export const StepSchema = z
  .object({
    by: GranularitySchema.default('touchpoint'),
    value: z.string().trim().min(1).max(300),
    where: z.array(ConditionSchema).max(20).default([]),
    /** Shown in results; defaults to the value. */
    label: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((s) => s.where.every((c) => !c.field.startsWith('traits.')), { message: 'a step filters the event (properties.*, name, source, …); filter customers by traits in the segment', path: ['where'] });
export type Step = z.infer<typeof StepSchema>;

export function stepLabel(s: Step): string {
  return s.label ?? s.value;
}

/** `touchpoint:Checkout Started` → { by, value }; a bare value takes `fallback`. */
export function parseStepText(text: string, fallback: Granularity = 'touchpoint'): { by: Granularity; value: string } {
  const m = /^(touchpoint|event|stage|channel):(.+)$/s.exec(text);
  if (m) return { by: m[1] as Granularity, value: m[2]!.trim() };
  return { by: fallback, value: text.trim() };
}
