/**
 * Retention and churn by cohort.
 *
 * - Universe: each customer's journey at the plan's granularity (`journeys`: behavioural events
 *   in scope that have the activity, ordered by time then message id).
 * - Cohort entry: the customer's first event that is the `cohort` step (or, without one, their
 *   first event). Customers who never reach it are in no cohort. The cohort is the calendar
 *   period (UTC day, week from Monday, or month) holding the entry.
 * - Returns: events after the entry in journey order (a tie in time with a later message id
 *   counts; the entry itself never does) that are the `return` step (or, without one, any event).
 * - Period offset k of a return: calendar periods from the cohort's period to the return's
 *   (0 = later in the entry's own period). `classic` mode counts the customers with a return in
 *   period k (Amplitude's "N-day"/Mixpanel's retention); `unbounded` counts those with a return
 *   in period k or any later one, however late. Offsets 0…periods are reported; rate = count ÷
 *   cohort size.
 * - Observation end: scope.to when given, else 1 ms after the latest event of the universe.
 *   A period that starts at or after it is not observed yet: count and rate are null (not 0).
 * - Churn (Braze/Amplitude style "inactive for the churn window"): a member of the cohort has
 *   churned when their last activity — their latest return, or their entry if they never
 *   returned — is earlier than observation end − churnWindow. Only members who entered before
 *   that instant could have shown it, so they are the denominator (`eligible`); the rate is
 *   null when none is.
 */
import { z } from 'zod';
import { type AnalysisDefinition, PlanBase } from './analysis.js';
import { durationSchema } from './duration.js';
import { type EventLog, eventMatches, journeys, type LogEvent } from './event-log.js';
import { ACTIVITY_COLUMN } from './granularity.js';
import { addPeriods, type Period, PeriodSchema, periodLabel, periodStart, periodsBetween } from './retention-period.js';
import { type Step, StepSchema } from './step.js';

const DAY = 86_400_000;

export const RetentionPlanSchema = z
  .object({
    ...PlanBase,
    /** The step that puts a customer in a cohort (first occurrence); absent = their first event. */
    cohort: StepSchema.optional(),
    /** The step that counts as coming back; absent = any event. */
    return: StepSchema.optional(),
    period: PeriodSchema.default('week'),
    /** Report period offsets 0…periods. */
    periods: z.number().int().min(1).max(400).default(12),
    mode: z.enum(['classic', 'unbounded']).default('classic'),
    churnWindow: durationSchema(3_600_000, 3650 * DAY).default(30 * DAY),
  })
  .strict();
export type RetentionPlan = z.infer<typeof RetentionPlanSchema>;

export interface RetentionCell {
  offset: number;
  /** Customers of the cohort who returned in this period (or later, in unbounded mode); null = not observed yet. */
  customers: number | null;
  rate: number | null;
}

export interface ChurnFigure {
  /** Members who entered at least one churn window before the observation end. */
  eligible: number;
  churned: number;
  rate: number | null;
}

export interface RetentionCohort {
  /** The period's first day, e.g. 2026-01-05 (a Monday for weeks). */
  cohort: string;
  size: number;
  retention: RetentionCell[];
  churn: ChurnFigure;
}

export interface RetentionResult {
  period: Period;
  mode: 'classic' | 'unbounded';
  /** ISO time the data is observed until (exclusive); null when the scope holds no event. */
  observedUntil: string | null;
  churnWindowMs: number;
  customers: number;
  cohorts: RetentionCohort[];
  /** All cohorts together, each offset over the cohorts that observed it. */
  overall: { retention: RetentionCell[]; churn: ChurnFigure };
}

/** What a compiler (or the reference) measures; `shapeRetention` turns it into the result. */
export interface RetentionCounts {
  /** Epoch ms the data is observed until (exclusive), null without events. */
  endMs: number | null;
  cohorts: Array<{ start: number; size: number; eligible: number; churned: number }>;
  /** Customers with a return in period `offset` (≤ plan.periods). */
  returned: Array<{ start: number; offset: number; customers: number }>;
  /** Customers whose latest return is in period `offset`, offsets past plan.periods counted at plan.periods. */
  latest: Array<{ start: number; offset: number; customers: number }>;
}

const ratio = (k: number, n: number): number | null => (n > 0 ? k / n : null);

export function shapeRetention(plan: RetentionPlan, raw: RetentionCounts): RetentionResult {
  const end = raw.endMs;
  const key = (start: number, offset: number) => `${start}:${offset}`;
  const returned = new Map(raw.returned.map((r) => [key(r.start, r.offset), r.customers]));
  const latest = new Map(raw.latest.map((r) => [key(r.start, r.offset), r.customers]));
  const offsets = Array.from({ length: plan.periods + 1 }, (_, k) => k);
  const totals = offsets.map(() => ({ customers: 0, size: 0 }));
  const churnTotal = { eligible: 0, churned: 0 };
  const cohorts = [...raw.cohorts]
    .sort((a, b) => a.start - b.start)
    .map((c) => {
      let later = 0;
      const counts = [...offsets].reverse().map((k) => {
        later += latest.get(key(c.start, k)) ?? 0;
        return plan.mode === 'unbounded' ? later : (returned.get(key(c.start, k)) ?? 0);
      });
      counts.reverse();
      const retention = offsets.map((k): RetentionCell => {
        if (end === null || addPeriods(c.start, k, plan.period) >= end) return { offset: k, customers: null, rate: null };
        const n = counts[k]!;
        totals[k]!.customers += n;
        totals[k]!.size += c.size;
        return { offset: k, customers: n, rate: ratio(n, c.size) };
      });
      churnTotal.eligible += c.eligible;
      churnTotal.churned += c.churned;
      return { cohort: periodLabel(c.start), size: c.size, retention, churn: { eligible: c.eligible, churned: c.churned, rate: ratio(c.churned, c.eligible) } };
    });
  return {
    period: plan.period,
    mode: plan.mode,
    observedUntil: end === null ? null : new Date(end).toISOString(),
    churnWindowMs: plan.churnWindow,
    customers: cohorts.reduce((s, c) => s + c.size, 0),
    cohorts,
    overall: {
      retention: offsets.map((k) => ({ offset: k, customers: totals[k]!.size ? totals[k]!.customers : null, rate: ratio(totals[k]!.customers, totals[k]!.size) })),
      churn: { ...churnTotal, rate: ratio(churnTotal.churned, churnTotal.eligible) },
    },
  };
}

/** Reference semantics of a step on one event. */
export function stepHolds(step: Step, e: LogEvent): boolean {
  return e[ACTIVITY_COLUMN[step.by]] === step.value && eventMatches(e, step.where);
}

function referenceRetention(plan: RetentionPlan, log: EventLog): RetentionResult {
  const js = journeys(log, plan.scope, plan.by);
  let latestTs = -Infinity;
  for (const list of js.values()) latestTs = Math.max(latestTs, list.at(-1)!.event.timestamp);
  const endMs = plan.scope.to?.getTime() ?? (js.size ? latestTs + 1 : null);
  const cohorts = new Map<number, { start: number; size: number; eligible: number; churned: number }>();
  const returned = new Map<string, { start: number; offset: number; customers: number }>();
  const latest = new Map<string, { start: number; offset: number; customers: number }>();
  const bump = (m: typeof returned, start: number, offset: number) => {
    const k = `${start}:${offset}`;
    const r = m.get(k) ?? { start, offset, customers: 0 };
    r.customers++;
    m.set(k, r);
  };
  for (const list of js.values()) {
    const at = plan.cohort ? list.findIndex((x) => stepHolds(plan.cohort!, x.event)) : 0;
    if (at < 0) continue;
    const entry = list[at]!.event.timestamp;
    const start = periodStart(entry, plan.period);
    const returns = list.slice(at + 1).filter((x) => !plan.return || stepHolds(plan.return, x.event));
    const offsets = new Set(returns.map((x) => periodsBetween(start, periodStart(x.event.timestamp, plan.period), plan.period)));
    for (const k of offsets) if (k <= plan.periods) bump(returned, start, k);
    if (offsets.size) bump(latest, start, Math.min(Math.max(...offsets), plan.periods));
    const last = returns.at(-1)?.event.timestamp ?? entry;
    const c = cohorts.get(start) ?? { start, size: 0, eligible: 0, churned: 0 };
    c.size++;
    const cutoff = endMs! - plan.churnWindow;
    if (entry < cutoff) c.eligible++;
    if (last < cutoff) c.churned++;
    cohorts.set(start, c);
  }
  return shapeRetention(plan, { endMs, cohorts: [...cohorts.values()], returned: [...returned.values()], latest: [...latest.values()] });
}

export const retentionAnalysis: AnalysisDefinition<RetentionPlan, RetentionResult> = {
  kind: 'retention',
  summary: 'Retention and churn: cohorts by first step and period, customers returning in each later period, churn per cohort',
  schema: RetentionPlanSchema,
  steps: (plan) => [
    ...(plan.cohort ? [{ path: 'cohort', step: plan.cohort }] : []),
    ...(plan.return ? [{ path: 'return', step: plan.return }] : []),
  ],
  reference: referenceRetention,
};
