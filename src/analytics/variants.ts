/**
 * Variants: whole journeys as sequences of activities, grouped — how many customers took each
 * exact path from first to last touch, their share, and how long the journey lasted.
 */
import { z } from 'zod';
import { type AnalysisDefinition, PlanBase } from './analysis.js';
import { byteCompare, collapseRepeats, type EventLog, journeys, quantile } from './event-log.js';

export const VariantsPlanSchema = z
  .object({
    ...PlanBase,
    minCount: z.number().int().min(1).max(1_000_000_000).default(1),
    limit: z.number().int().min(1).max(10_000).default(50),
    collapseRepeats: z.boolean().default(false),
  })
  .strict();
export type VariantsPlan = z.infer<typeof VariantsPlanSchema>;

export interface Variant {
  activities: string[];
  count: number;
  share: number;
  medianDurationMs: number;
}

export interface VariantsResult {
  cases: number;
  /** Distinct variants before minCount and limit. */
  totalVariants: number;
  variants: Variant[];
}

/** Element-wise list order (byte-wise strings, a prefix first): DuckDB's list ordering. */
export function compareSequences(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = byteCompare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function shapeVariants(plan: VariantsPlan, cases: number, all: Array<Omit<Variant, 'share'>>): VariantsResult {
  const sorted = [...all].sort((x, y) => y.count - x.count || compareSequences(x.activities, y.activities));
  return {
    cases,
    totalVariants: sorted.length,
    variants: sorted
      .filter((v) => v.count >= plan.minCount)
      .slice(0, plan.limit)
      .map((v) => ({ ...v, share: cases ? v.count / cases : 0 })),
  };
}

function referenceVariants(plan: VariantsPlan, log: EventLog): VariantsResult {
  const groups = new Map<string, { activities: string[]; d: number[] }>();
  const js = journeys(log, plan.scope, plan.by);
  for (const raw of js.values()) {
    const list = plan.collapseRepeats ? collapseRepeats(raw) : raw;
    const activities = list.map((x) => x.activity);
    const key = JSON.stringify(activities);
    const g = groups.get(key) ?? { activities, d: [] };
    g.d.push(raw.at(-1)!.event.timestamp - raw[0]!.event.timestamp);
    groups.set(key, g);
  }
  return shapeVariants(
    plan,
    js.size,
    [...groups.values()].map((g) => ({ activities: g.activities, count: g.d.length, medianDurationMs: quantile([...g.d].sort((a, b) => a - b), 0.5)! })),
  );
}

export const variantsAnalysis: AnalysisDefinition<VariantsPlan, VariantsResult> = {
  kind: 'variants',
  summary: 'Variants: whole journeys as activity sequences with count, share and median duration',
  schema: VariantsPlanSchema,
  steps: () => [],
  reference: referenceVariants,
};
