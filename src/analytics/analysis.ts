/**
 * What every analysis is: a plan (zod schema: granularity, scope and its own options), the steps
 * it names (checked against the workspace before anything runs) and a reference implementation
 * over an in-memory event log, which the SQL compilers are property-tested against.
 */
import { z } from 'zod';
import type { EventLog } from './event-log.js';
import { GranularitySchema } from './granularity.js';
import { ScopeSchema } from './scope.js';
import type { Step } from './step.js';

/** Fields every plan has. */
export const PlanBase = {
  by: GranularitySchema.default('touchpoint'),
  scope: ScopeSchema.default({ segment: [], behaviour: [], where: [] }),
};

export interface AnalysisDefinition<Plan extends { scope: z.infer<typeof ScopeSchema> }, Result> {
  kind: string;
  summary: string;
  schema: z.ZodType<Plan, unknown>;
  /** The steps a plan names, so an unknown one is refused with its path (e.g. `steps[2]`). */
  steps(plan: Plan): Array<{ path: string; step: Step }>;
  /** The reference result over an in-memory log (persona already folded into scope.segment and scope.behaviour). */
  reference(plan: Plan, log: EventLog): Result;
}
