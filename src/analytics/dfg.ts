/**
 * Directly-follows graph (process mining, as pm4py computes it): for every pair of activities
 * a→b, how often b directly follows a in a customer's journey, and how long it took (mean,
 * median, p90); how often each activity starts and ends a journey.
 */
import { z } from 'zod';
import { type AnalysisDefinition, PlanBase } from './analysis.js';
import { byteCompare, collapseRepeats, type EventLog, journeys, quantile } from './event-log.js';

export const DfgPlanSchema = z
  .object({
    ...PlanBase,
    /** Leave out edges seen fewer times. */
    minCount: z.number().int().min(1).max(1_000_000_000).default(1),
    /** Keep at most this many edges, the most frequent first. */
    limit: z.number().int().min(1).max(10_000).default(1000),
    /** Treat a run of the same activity as one (stage and channel journeys repeat a lot). */
    collapseRepeats: z.boolean().default(false),
  })
  .strict();
export type DfgPlan = z.infer<typeof DfgPlanSchema>;

export interface DfgEdge {
  from: string;
  to: string;
  count: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
}

export interface DfgResult {
  cases: number;
  events: number;
  activities: Array<{ activity: string; count: number; cases: number }>;
  start: Array<{ activity: string; count: number }>;
  end: Array<{ activity: string; count: number }>;
  edges: DfgEdge[];
  /** Distinct edges before minCount and limit. */
  totalEdges: number;
}

/** Most frequent first, then by name: the order results are reported in everywhere. */
export function byCountThenName<T extends { count: number }>(key: (x: T) => string) {
  return (a: T, b: T) => b.count - a.count || byteCompare(key(a), key(b));
}

export function shapeDfg(plan: DfgPlan, raw: Omit<DfgResult, 'totalEdges'>): DfgResult {
  const edges = [...raw.edges].sort(byCountThenName((e) => `${e.from}\u0000${e.to}`));
  return {
    cases: raw.cases,
    events: raw.events,
    activities: [...raw.activities].sort(byCountThenName((a) => a.activity)),
    start: [...raw.start].sort(byCountThenName((a) => a.activity)),
    end: [...raw.end].sort(byCountThenName((a) => a.activity)),
    edges: edges.filter((e) => e.count >= plan.minCount).slice(0, plan.limit),
    totalEdges: edges.length,
  };
}

function referenceDfg(plan: DfgPlan, log: EventLog): DfgResult {
  const acts = new Map<string, { count: number; cases: Set<string> }>();
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const edges = new Map<string, { from: string; to: string; d: number[] }>();
  let events = 0;
  const js = journeys(log, plan.scope, plan.by);
  for (const [customer, raw] of js) {
    const list = plan.collapseRepeats ? collapseRepeats(raw) : raw;
    events += list.length;
    list.forEach((x, i) => {
      const a = acts.get(x.activity) ?? { count: 0, cases: new Set<string>() };
      a.count++;
      a.cases.add(customer);
      acts.set(x.activity, a);
      const next = list[i + 1];
      if (next) {
        const key = `${x.activity}\u0000${next.activity}`;
        const e = edges.get(key) ?? { from: x.activity, to: next.activity, d: [] };
        e.d.push(next.event.timestamp - x.event.timestamp);
        edges.set(key, e);
      }
    });
    starts.set(list[0]!.activity, (starts.get(list[0]!.activity) ?? 0) + 1);
    ends.set(list.at(-1)!.activity, (ends.get(list.at(-1)!.activity) ?? 0) + 1);
  }
  return shapeDfg(plan, {
    cases: js.size,
    events,
    activities: [...acts].map(([activity, a]) => ({ activity, count: a.count, cases: a.cases.size })),
    start: [...starts].map(([activity, count]) => ({ activity, count })),
    end: [...ends].map(([activity, count]) => ({ activity, count })),
    edges: [...edges.values()].map((e) => {
      const d = [...e.d].sort((a, b) => a - b);
      return { from: e.from, to: e.to, count: d.length, meanMs: d.reduce((s, x) => s + x, 0) / d.length, medianMs: quantile(d, 0.5)!, p90Ms: quantile(d, 0.9)! };
    }),
  });
}

export const dfgAnalysis: AnalysisDefinition<DfgPlan, DfgResult> = {
  kind: 'dfg',
  summary: 'Directly-follows graph: activity → next activity with counts and durations; start and end activities',
  schema: DfgPlanSchema,
  steps: () => [],
  reference: referenceDfg,
};
