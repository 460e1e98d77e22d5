/**
 * Funnels: how many customers reach each of two or more steps within a conversion window, in
 * order (ordered | strict) or in any order (unordered), with exclusions between steps, optionally
 * broken down by a trait, the first step event's channel or property, or the first touch.
 * Per step: customers, conversion from the previous and from the first step, drop-off; time to
 * convert between consecutive steps and from first to last (median, p90, histogram).
 * Semantics in funnel-walk.ts; the DuckDB compiler in duckdb/funnel-sql.ts.
 */
import { type AnalysisDefinition } from './analysis.js';
import { valueText, readPath } from './condition.js';
import { byteCompare, type EventLog, eventFieldText, type JourneyEvent, journeys, stepMatches } from './event-log.js';
import { breakdownSource, type FunnelPlan, FunnelPlanSchema, funnelLabels, funnelSteps } from './funnel-plan.js';
import { durationStats, type DurationStats } from './funnel-stats.js';
import { type FunnelEvent, type FunnelOutcome, walkFunnel } from './funnel-walk.js';

export interface FunnelStepResult {
  /** 1-based. */
  step: number;
  label: string;
  /** Customers who reached this step. */
  count: number;
  /** count ÷ the previous step's count (null for step 1 or when the previous had none). */
  fromPrevious: number | null;
  /** count ÷ step 1's count (null when step 1 had none). */
  fromFirst: number | null;
  /** Customers who reached the previous step but not this one (0 for step 1). */
  dropped: number;
}

export interface FunnelGroup {
  /** The breakdown value (null: customers without one, or the whole funnel). */
  value: string | null;
  steps: FunnelStepResult[];
  /** Step i → i+1, over customers who reached step i+1 (empty for unordered funnels). */
  timeBetween: DurationStats[];
  /** First step to last, over customers who reached the last. */
  timeToConvert: DurationStats;
}

export interface FunnelResult {
  order: FunnelPlan['order'];
  windowMs: number;
  total: FunnelGroup;
  breakdown: { by: string; totalGroups: number; groups: FunnelGroup[] } | null;
}

/** What a group's customers add up to, before ratios: customers per step reached and durations. */
export interface FunnelGroupRaw {
  value: string | null;
  reached: number[];
  timeBetween: DurationStats[];
  timeToConvert: DurationStats;
}

export function funnelGroup(labels: readonly string[], raw: FunnelGroupRaw): FunnelGroup {
  const first = raw.reached[0] ?? 0;
  return {
    value: raw.value,
    steps: labels.map((label, i) => {
      const count = raw.reached[i] ?? 0;
      const prev = i === 0 ? null : (raw.reached[i - 1] ?? 0);
      return { step: i + 1, label, count, fromPrevious: prev ? count / prev : null, fromFirst: first ? count / first : null, dropped: prev === null ? 0 : prev - count };
    }),
    timeBetween: raw.timeBetween,
    timeToConvert: raw.timeToConvert,
  };
}

/** Largest group first, then by value (byte-wise, customers without a value last). */
function compareGroups(a: FunnelGroupRaw, b: FunnelGroupRaw): number {
  return (b.reached[0] ?? 0) - (a.reached[0] ?? 0) || (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || byteCompare(a.value ?? '', b.value ?? '');
}

export function shapeFunnel(plan: FunnelPlan, total: FunnelGroupRaw, groups: FunnelGroupRaw[] | null): FunnelResult {
  const labels = funnelLabels(plan);
  const sorted = groups ? [...groups].sort(compareGroups) : null;
  return {
    order: plan.order,
    windowMs: plan.window,
    total: funnelGroup(labels, total),
    breakdown: plan.breakdown !== undefined && sorted ? { by: plan.breakdown, totalGroups: sorted.length, groups: sorted.slice(0, plan.breakdownLimit).map((g) => funnelGroup(labels, g)) } : null,
  };
}

/** The funnel's view of one journey event. */
export function funnelEvent(plan: FunnelPlan, x: JourneyEvent): FunnelEvent {
  const e = x.event;
  const steps: number[] = [];
  plan.steps.forEach((s, i) => stepMatches(e, s) && steps.push(i));
  const breaks: number[] = [];
  for (const ex of plan.exclusions) if (stepMatches(e, ex.step)) for (let len = ex.from; len < ex.to; len++) breaks.push(len);
  const source = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  return { t: e.timestamp, steps, breaks, value: source?.kind === 'event' ? eventFieldText(e, source.field) : null };
}

/** Every customer in the funnel (reached step 1, or any step when unordered) with their outcome and group. */
export function funnelOutcomes(plan: FunnelPlan, log: EventLog): Array<{ customerId: string; outcome: FunnelOutcome; group: string | null }> {
  const source = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  const out = [];
  for (const [customerId, journey] of journeys(log, plan.scope, plan.by)) {
    const outcome = walkFunnel(
      journey.map((x) => funnelEvent(plan, x)),
      plan.steps.length,
      plan.window,
      plan.order,
    );
    if (outcome.level === 0) continue;
    const group =
      source === null ? null : source.kind === 'trait' ? valueText(readPath(log.traits.get(customerId), source.path)) : source.kind === 'first' ? journey[0]!.event[source.column] : outcome.value;
    out.push({ customerId, outcome, group });
  }
  return out;
}

function rawGroup(plan: FunnelPlan, value: string | null, outcomes: readonly FunnelOutcome[]): FunnelGroupRaw {
  const n = plan.steps.length;
  const reached = plan.steps.map((_, i) => outcomes.filter((o) => o.level > i).length);
  const timeBetween =
    plan.order === 'unordered'
      ? []
      : Array.from({ length: n - 1 }, (_, i) =>
          durationStats(
            plan.window,
            outcomes.filter((o) => o.level > i + 1).map((o) => o.times[i + 1]! - o.times[i]!),
          ),
        );
  const done = outcomes.filter((o) => o.level === n);
  const timeToConvert = durationStats(
    plan.window,
    done.map((o) => (plan.order === 'unordered' ? o.spanMs! : o.times[n - 1]! - o.times[0]!)),
  );
  return { value, reached, timeBetween, timeToConvert };
}

function referenceFunnel(plan: FunnelPlan, log: EventLog): FunnelResult {
  const all = funnelOutcomes(plan, log);
  let groups: FunnelGroupRaw[] | null = null;
  if (plan.breakdown !== undefined) {
    const byValue = new Map<string | null, FunnelOutcome[]>();
    for (const x of all) byValue.set(x.group, [...(byValue.get(x.group) ?? []), x.outcome]);
    groups = [...byValue].map(([value, os]) => rawGroup(plan, value, os));
  }
  return shapeFunnel(
    plan,
    rawGroup(
      plan,
      null,
      all.map((x) => x.outcome),
    ),
    groups,
  );
}

export const funnelAnalysis: AnalysisDefinition<FunnelPlan, FunnelResult> = {
  kind: 'funnel',
  summary: 'Funnel: customers reaching each step within a window (ordered, strict or unordered), conversion, drop-off and time to convert, with exclusions and breakdowns',
  schema: FunnelPlanSchema,
  steps: funnelSteps,
  reference: referenceFunnel,
};
