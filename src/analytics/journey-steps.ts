/**
 * Journey steps: for a row of steps (a journey map's columns), each step on its own — how many
 * customers reached it, and how many went on to the next step of the row within a window.
 * Unlike a funnel, a step's reach does not depend on the steps before it: this is what a map's
 * KPI lanes show per column.
 *
 * For step i and a customer with an event meeting it (in scope): first_i is the time of their
 * earliest such event. They convert to step i+1 when they have an event meeting step i+1 at or
 * after first_i and no later than first_i + window (the same event counts when it meets both).
 * Their time to next is from first_i to the earliest such event. The last step converts nowhere.
 * Per step: reached, converted (null for the last), conversion = converted ÷ reached (null when
 * nothing reached it), median and p90 time to next (quantile_cont, ms; null without converters).
 */
import { z } from 'zod';
import type { AnalysisDefinition } from './analysis.js';
import { durationSchema } from './duration.js';
import { type EventLog, quantile, scopedEvents } from './event-log.js';
import { stepHolds } from './retention.js';
import { ScopeSchema } from './scope.js';
import { StepSchema } from './step.js';

const DAY = 86_400_000;

export const JourneyStepsPlanSchema = z
  .object({
    scope: ScopeSchema.default({ segment: [], behaviour: [], where: [] }),
    steps: z.array(StepSchema).min(1, 'give at least one step').max(100, 'at most 100 steps'),
    window: durationSchema(60_000, 366 * DAY).default(30 * DAY),
  })
  .strict();
export type JourneyStepsPlan = z.infer<typeof JourneyStepsPlanSchema>;

export interface JourneyStepResult {
  step: number;
  reached: number;
  converted: number | null;
  conversion: number | null;
  medianToNextMs: number | null;
  p90ToNextMs: number | null;
}

export interface JourneyStepsResult {
  windowMs: number;
  steps: JourneyStepResult[];
}

/** Counts and sorted durations per step (what a compiler measures) → the result. */
export function shapeJourneySteps(plan: JourneyStepsPlan, raw: Array<{ reached: number; converted: number; medianMs: number | null; p90Ms: number | null }>): JourneyStepsResult {
  return {
    windowMs: plan.window,
    steps: plan.steps.map((_, i) => {
      const r = raw[i] ?? { reached: 0, converted: 0, medianMs: null, p90Ms: null };
      const last = i === plan.steps.length - 1;
      return {
        step: i,
        reached: r.reached,
        converted: last ? null : r.converted,
        conversion: last || r.reached === 0 ? null : r.converted / r.reached,
        medianToNextMs: last ? null : r.medianMs,
        p90ToNextMs: last ? null : r.p90Ms,
      };
    }),
  };
}

function referenceJourneySteps(plan: JourneyStepsPlan, log: EventLog): JourneyStepsResult {
  const events = scopedEvents(log, plan.scope);
  // Per step, per customer: the sorted times of their events meeting it.
  const times = plan.steps.map((step) => {
    const m = new Map<string, number[]>();
    for (const e of events) if (stepHolds(step, e)) (m.get(e.customerId) ?? m.set(e.customerId, []).get(e.customerId)!).push(e.timestamp);
    for (const list of m.values()) list.sort((a, b) => a - b);
    return m;
  });
  return shapeJourneySteps(
    plan,
    plan.steps.map((_, i) => {
      const here = times[i]!;
      const next = times[i + 1];
      const durations: number[] = [];
      if (next) {
        for (const [customer, list] of here) {
          const first = list[0]!;
          const t = next.get(customer)?.find((x) => x >= first);
          if (t !== undefined && t - first <= plan.window) durations.push(t - first);
        }
      }
      durations.sort((a, b) => a - b);
      return { reached: here.size, converted: durations.length, medianMs: quantile(durations, 0.5), p90Ms: quantile(durations, 0.9) };
    }),
  );
}

export const journeyStepsAnalysis: AnalysisDefinition<JourneyStepsPlan, JourneyStepsResult> = {
  kind: 'journey-steps',
  summary: "Journey steps: each step's reach on its own, and conversion and time to the next step within a window (a map's KPI lanes)",
  schema: JourneyStepsPlanSchema,
  steps: (plan) => plan.steps.map((step, i) => ({ path: `steps[${i}]`, step })),
  reference: referenceJourneySteps,
};
