/**
 * The customers behind a funnel step, paged: those who converted to step k (reached it) or
 * dropped at step k (reached step k−1 but not k), optionally within one breakdown group, in
 * customer-id order (byte-wise) with limit/offset. Same plan and semantics as `funnel`.
 */
import { z } from 'zod';
import type { AnalysisDefinition } from './analysis.js';
import { byteCompare, type EventLog } from './event-log.js';
import { funnelOutcomes } from './funnel.js';
import { checkFunnel, FunnelFields, type FunnelPlan, funnelSteps, resolveBy } from './funnel-plan.js';

export const FunnelCustomersPlanSchema = z
  .object({
    ...FunnelFields,
    /** 1-based step. */
    step: z.number().int().min(1),
    status: z.enum(['converted', 'dropped']).default('converted'),
    /** Only customers of this breakdown group (null: those without a value); needs `breakdown`. */
    group: z.string().max(1000).nullable().optional(),
    limit: z.number().int().min(1).max(10_000).default(100),
    offset: z.number().int().min(0).max(1_000_000_000).default(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkFunnel(p, ctx);
    if (p.step > p.steps.length) ctx.addIssue({ code: 'custom', path: ['step'], message: `the funnel has ${p.steps.length} steps; step must be at most ${p.steps.length}` });
    if (p.status === 'dropped' && p.step === 1) ctx.addIssue({ code: 'custom', path: ['step'], message: 'nobody drops at step 1: customers enter the funnel there; ask for step 2 or later' });
    if (p.group !== undefined && p.breakdown === undefined) ctx.addIssue({ code: 'custom', path: ['group'], message: 'a group needs a breakdown' });
  })
  .transform(resolveBy);
export type FunnelCustomersPlan = z.infer<typeof FunnelCustomersPlanSchema>;

export interface FunnelCustomer {
  customerId: string;
  /** Steps the customer reached. */
  reached: number;
  /** Epoch ms of the recorded chain's last reached step (null for unordered funnels). */
  lastStepAt: number | null;
  /** The breakdown value (null without a breakdown). */
  group: string | null;
}

export interface FunnelCustomersResult {
  /** Customers matching, before limit/offset. */
  total: number;
  customers: FunnelCustomer[];
}

/** Whether a customer who reached `level` steps is one the plan lists. */
export function listed(plan: Pick<FunnelCustomersPlan, 'step' | 'status'>, level: number): boolean {
  return plan.status === 'converted' ? level >= plan.step : level === plan.step - 1;
}

function referenceFunnelCustomers(plan: FunnelCustomersPlan, log: EventLog): FunnelCustomersResult {
  const all = funnelOutcomes(plan as FunnelPlan, log)
    .filter((x) => listed(plan, x.outcome.level) && (plan.group === undefined || x.group === plan.group))
    .sort((a, b) => byteCompare(a.customerId, b.customerId));
  return {
    total: all.length,
    customers: all.slice(plan.offset, plan.offset + plan.limit).map((x) => ({
      customerId: x.customerId,
      reached: x.outcome.level,
      lastStepAt: plan.order === 'unordered' ? null : x.outcome.times.at(-1)!,
      group: x.group,
    })),
  };
}

export const funnelCustomersAnalysis: AnalysisDefinition<FunnelCustomersPlan, FunnelCustomersResult> = {
  kind: 'funnel-customers',
  summary: 'Funnel customers: who converted to or dropped at a funnel step, paged',
  schema: FunnelCustomersPlanSchema,
  steps: funnelSteps,
  reference: referenceFunnelCustomers,
};
