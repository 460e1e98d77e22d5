/**
 * A step: one point of a journey that analyses refer to — a touchpoint, an event name, a stage
 * or a channel — optionally narrowed by conditions on the event (`properties.plan = pro`).
 * Written in the CLI as `touchpoint:Checkout Started`, `event:Order Completed`, `stage:purchase`.
 */
import { z } from 'zod';
import { ConditionSchema } from './condition.js';
import { GranularitySchema } from './granularity.js';

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

export { parseStepText } from './step-text.js';
