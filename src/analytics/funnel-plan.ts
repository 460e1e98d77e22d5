/**
 * A funnel plan: two or more steps, a conversion window (a minute to a year), an order
 * (ordered | strict | unordered, see funnel-walk.ts), exclusions between two steps and an
 * optional breakdown. Shared by the `funnel` and `funnel-customers` analyses.
 */
import { z } from 'zod';
import { PlanBase } from './analysis.js';
import { durationSchema } from './duration.js';
import { GranularitySchema } from './granularity.js';
import { type Step, StepSchema, stepLabel } from './step.js';

export const FUNNEL_ORDERS = ['ordered', 'strict', 'unordered'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];

/** Steps beyond this would make SQL text and result tables unreadable, not slow: no product cap below it. */
export const MAX_FUNNEL_STEPS = 100;
export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 365 * 86_400_000;

const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

/**
 * What customers are grouped by: `persona` (= traits.persona), `traits.PATH`, `channel` or
 * `properties.PATH` of the recorded chain's first step event, or the customer's first touchpoint
 * (`first-touch`) or first channel (`first-channel`) in scope.
 */
export const BreakdownSchema = z
  .string()
  .trim()
  .refine((b) => ['persona', 'channel', 'first-touch', 'first-channel'].includes(b) || (/^(traits|properties)\./.test(b) && PATH.test(b.slice(b.indexOf('.') + 1))), {
    message: 'a breakdown is persona, channel, first-touch, first-channel, traits.PATH or properties.PATH',
  });

export type BreakdownSource = { kind: 'trait'; path: string } | { kind: 'event'; field: string } | { kind: 'first'; column: 'touchpoint' | 'channel' };

export function breakdownSource(b: string): BreakdownSource {
  if (b === 'persona') return { kind: 'trait', path: 'persona' };
  if (b.startsWith('traits.')) return { kind: 'trait', path: b.slice('traits.'.length) };
  if (b === 'first-touch') return { kind: 'first', column: 'touchpoint' };
  if (b === 'first-channel') return { kind: 'first', column: 'channel' };
  return { kind: 'event', field: b };
}

export const ExclusionSchema = z
  .object({
    step: StepSchema,
    /** 1-based: chains that reached step `from` … */
    from: z.number().int().min(1),
    /** … and not yet step `to` break on the exclusion event. */
    to: z.number().int().min(2),
  })
  .strict()
  .refine((x) => x.from < x.to, { message: 'an exclusion lies between two steps: from must be before to', path: ['to'] });
export type Exclusion = z.infer<typeof ExclusionSchema>;

export const FunnelFields = {
  ...PlanBase,
  /** The journey's granularity; defaults to the steps' own when they all share one. */
  by: GranularitySchema.optional(),
  steps: z.array(StepSchema).min(2, 'a funnel needs at least 2 steps').max(MAX_FUNNEL_STEPS),
  window: durationSchema(MIN_WINDOW_MS, MAX_WINDOW_MS).default(14 * 86_400_000),
  order: z.enum(FUNNEL_ORDERS).default('ordered'),
  exclusions: z.array(ExclusionSchema).max(50).default([]),
  breakdown: BreakdownSchema.optional(),
  /** Keep at most this many breakdown groups, the largest first. */
  breakdownLimit: z.number().int().min(1).max(1000).default(25),
};

interface FunnelShape {
  by?: z.infer<typeof GranularitySchema> | undefined;
  steps: Step[];
  order: FunnelOrder;
  exclusions: Exclusion[];
}

/** Cross-field checks of a funnel plan (exclusions within the steps and only for ordered funnels). */
export function checkFunnel(p: FunnelShape, ctx: z.RefinementCtx): void {
  p.exclusions.forEach((x, i) => {
    if (x.to > p.steps.length) ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'to'], message: `the funnel has ${p.steps.length} steps; to must be at most ${p.steps.length}` });
    if (p.order !== 'ordered') ctx.addIssue({ code: 'custom', path: ['exclusions', i], message: p.order === 'strict' ? 'a strict funnel takes no exclusions: any event between two steps already breaks it' : 'an unordered funnel takes no exclusions: its steps have no "between"' });
  });
}

/** The plan's granularity: given, or the steps' own when all share one, else touchpoint. */
export function resolveBy<T extends FunnelShape>(p: T): T & { by: z.infer<typeof GranularitySchema> } {
  const first = p.steps[0]!.by;
  return { ...p, by: p.by ?? (p.steps.every((s) => s.by === first) ? first : 'touchpoint') };
}

export const FunnelPlanSchema = z.object(FunnelFields).strict().superRefine(checkFunnel).transform(resolveBy);
export type FunnelPlan = z.infer<typeof FunnelPlanSchema>;

/** The labels shown for a funnel's steps: the step's label or value, `k of n` for unordered funnels. */
export function funnelLabels(plan: Pick<FunnelPlan, 'steps' | 'order'>): string[] {
  return plan.steps.map((s, i) => (plan.order === 'unordered' ? `${i + 1} of ${plan.steps.length}` : stepLabel(s)));
}

export function funnelSteps(plan: Pick<FunnelPlan, 'steps' | 'exclusions'>): Array<{ path: string; step: Step }> {
  return [...plan.steps.map((step, i) => ({ path: `steps[${i}]`, step })), ...plan.exclusions.map((x, i) => ({ path: `exclusions[${i}].step`, step: x.step }))];
}
