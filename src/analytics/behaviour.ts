/**
 * Behaviour conditions: customers by what they did, not by their traits — "did step X at least
 * `min` and at most `max` times" over all their behavioural events (the analysis's time range and
 * event filters do not narrow it: a persona is who someone is, not what the chart looks at).
 * `min: 0, max: 0` reads "never did X". A persona's rule may hold them beside trait conditions,
 * and a plan's scope may filter by them directly.
 */
import { z } from 'zod';
import { StepSchema } from './step.js';

export const BehaviourConditionSchema = z
  .object({
    step: StepSchema,
    min: z.number().int().min(0).max(1_000_000).default(1),
    max: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
  .refine((b) => b.max === undefined || b.max >= b.min, { message: 'max is at least min', path: ['max'] })
  .refine((b) => b.min > 0 || b.max !== undefined, { message: 'with min 0, give a max (max 0 = never did it)', path: ['min'] });
export type BehaviourCondition = z.infer<typeof BehaviourConditionSchema>;

/** Whether a count of matching events meets the condition. */
export function behaviourHolds(b: BehaviourCondition, count: number): boolean {
  return count >= b.min && (b.max === undefined || count <= b.max);
}

export function behaviourText(b: BehaviourCondition): string {
  const what = `${b.step.by}:${b.step.value}`;
  if (b.max === 0) return `never ${what}`;
  if (b.max === undefined) return b.min === 1 ? `did ${what}` : `did ${what} ≥ ${b.min}×`;
  return b.min === b.max ? `did ${what} ${b.min}×` : `did ${what} ${b.min}–${b.max}×`;
}
