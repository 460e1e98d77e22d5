/**
 * Customer-experience KPIs per group and as a time series.
 *
 * Events: the behavioural events in scope (any activity; nothing is left out for lacking a
 * touchpoint). A row is a cell (group g, bucket b):
 * - group: `none` (one group, shown as null), an event column (`touchpoint`, `event` = name,
 *   `stage`, `channel`, `source`) — an event is in the group of its own value, null included —
 *   or a customer trait (`persona` = traits.persona, or `traits.PATH`): every event of a
 *   customer is in the group of their trait's text (null without one).
 * - bucket (with `series`): the UTC day, Monday-week or month holding the event; none otherwise.
 *
 * The KPIs of a cell (a ratio or mean with nothing to divide by is null, never NaN):
 * - customers: distinct customers with an event in the cell.
 * - conversionRate: of those, the share with a `conversion` event (default touchpoint
 *   "Order Completed") at or after their first event in the cell, in the same bucket (anywhere in
 *   scope without a series). For a customer-trait group that is simply "converted".
 * - sessions: a customer's events split where more than `sessionGap` (default 30m) passes
 *   between one event and the next (Google Analytics' inactivity rule; properties.session_id is
 *   not used, since e-mail, store and support events carry none). A session is in the cell when
 *   one of its events is in the group and its first event is in the bucket.
 * - pagesPerVisit: visits are the cell's sessions with at least one page event (type `page` or
 *   `screen`); page events in them ÷ visits.
 * - timeOnPageMean / timeOnPageMedian (seconds): over the cell's page events whose property
 *   `timeOnPageProperty` (default time_on_page) reads as a finite number (DuckDB's TRY_CAST to
 *   DOUBLE: digits with an optional sign, point and exponent; text like "n/a" or true is left out).
 * - Surveys are events with properties.survey `nps`, `csat` or `ces` and a numeric
 *   properties.score; a survey is in the group of properties.touchpoint_ref when grouping by
 *   touchpoint and it has one (what the survey is about), else of its own event as above.
 *   nps = 100 × (promoters 9–10 − detractors 0–6) ÷ responses scored 0–10, from −100 to 100;
 *   csat = share of responses scored 1–5 that are 4 or 5, csatMean their mean;
 *   cesMean = mean of responses scored 1–7. Scores outside a scale are ignored.
 * - churnRate: share of the cell's customers with no event in the last `churnWindow` (default
 *   30d) before the cell's end — the end of the data (scope.to, else 1 ms after the latest event
 *   in scope), or with a series the bucket's end if earlier — i.e. whose latest event in the
 *   bucket (in scope) is earlier than end − churnWindow.
 * `total` holds the same KPIs over the whole scope, ungrouped and without a series.
 */
import { z } from 'zod';
import type { AnalysisDefinition } from './analysis.js';
import { readPath, valueText } from './condition.js';
import { durationSchema } from './duration.js';
import { byteCompare, compareEvents, type EventLog, eventFieldText, type LogEvent, quantile, scopedEvents } from './event-log.js';
import { addPeriods, type Period, PeriodSchema, periodLabel, periodStart } from './retention-period.js';
import { stepHolds } from './retention.js';
import { ScopeSchema } from './scope.js';
import { type Step, StepSchema } from './step.js';

const DAY = 86_400_000;
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

export const KPI_EVENT_GROUPS = ['touchpoint', 'event', 'stage', 'channel', 'source'] as const;
/** The event column an event group reads. */
export const KPI_GROUP_COLUMN = { touchpoint: 'touchpoint', event: 'name', stage: 'stage', channel: 'channel', source: 'source' } as const;

export const KpiGroupSchema = z
  .string()
  .trim()
  .refine((g) => g === 'none' || g === 'persona' || (KPI_EVENT_GROUPS as readonly string[]).includes(g) || (g.startsWith('traits.') && PATH.test(g.slice(7))), {
    message: `a group is none, ${KPI_EVENT_GROUPS.join(', ')}, persona or traits.PATH`,
  });

export const DEFAULT_CONVERSION: Step = { by: 'touchpoint', value: 'Order Completed', where: [] };

export const KpisPlanSchema = z
  .object({
    scope: ScopeSchema.default({ segment: [], behaviour: [], where: [] }),
    group: KpiGroupSchema.default('none'),
    /** A time series by day, week or month; absent = one row per group. */
    series: PeriodSchema.optional(),
    /** Absent = touchpoint "Order Completed". */
    conversion: StepSchema.optional(),
    sessionGap: durationSchema(60_000, DAY).default(30 * 60_000),
    timeOnPageProperty: z.string().trim().regex(PATH, 'a property path is dot-separated letters, digits, _, $ or -').default('time_on_page'),
    churnWindow: durationSchema(3_600_000, 3650 * DAY).default(30 * DAY),
  })
  .strict();
export type KpisPlan = z.infer<typeof KpisPlanSchema>;

export interface KpiValues {
  customers: number;
  conversionRate: number | null;
  sessions: number;
  pagesPerVisit: number | null;
  timeOnPageMean: number | null;
  timeOnPageMedian: number | null;
  nps: number | null;
  npsResponses: number;
  csat: number | null;
  csatMean: number | null;
  csatResponses: number;
  cesMean: number | null;
  cesResponses: number;
  churnRate: number | null;
}

export interface KpiRow extends KpiValues {
  group: string | null;
  /** The bucket's first day (with a series). */
  bucket: string | null;
}

export interface KpisResult {
  group: string;
  series: Period | null;
  conversion: Step;
  /** ISO time the data is observed until (exclusive); null when the scope holds no event. */
  observedUntil: string | null;
  rows: KpiRow[];
  total: KpiValues;
}

/** Per-cell sums a compiler (or the reference) measures; keys are group and bucket start (ms, 0 without a series). */
export interface KpiCell {
  group: string | null;
  bucket: number;
  customers?: number;
  converted?: number;
  churned?: number;
  sessions?: number;
  visits?: number;
  visitPages?: number;
  topN?: number;
  topMean?: number | null;
  topMedian?: number | null;
  npsN?: number;
  npsPromoters?: number;
  npsDetractors?: number;
  csatN?: number;
  csatGood?: number;
  csatSum?: number;
  cesN?: number;
  cesSum?: number;
}

export interface KpiCounts {
  endMs: number | null;
  cells: KpiCell[];
}

const ratio = (k: number, n: number): number | null => (n > 0 ? k / n : null);

function values(c: KpiCell): KpiValues {
  const n = (x: number | undefined) => x ?? 0;
  return {
    customers: n(c.customers),
    conversionRate: ratio(n(c.converted), n(c.customers)),
    sessions: n(c.sessions),
    pagesPerVisit: ratio(n(c.visitPages), n(c.visits)),
    timeOnPageMean: n(c.topN) ? (c.topMean ?? null) : null,
    timeOnPageMedian: n(c.topN) ? (c.topMedian ?? null) : null,
    nps: n(c.npsN) ? (100 * (n(c.npsPromoters) - n(c.npsDetractors))) / n(c.npsN) : null,
    npsResponses: n(c.npsN),
    csat: ratio(n(c.csatGood), n(c.csatN)),
    csatMean: ratio(n(c.csatSum), n(c.csatN)),
    csatResponses: n(c.csatN),
    cesMean: ratio(n(c.cesSum), n(c.cesN)),
    cesResponses: n(c.cesN),
    churnRate: ratio(n(c.churned), n(c.customers)),
  };
}

/** Merge the partial cells of each (group, bucket), compute the KPIs and order rows: bucket, then group (null last). */
function mergeCells(cells: KpiCell[]): Array<KpiCell> {
  const merged = new Map<string, KpiCell>();
  for (const c of cells) {
    const key = `${c.bucket}\u0000${c.group === null ? '\u0001' : '\u0002' + c.group}`;
    merged.set(key, { ...merged.get(key), ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) } as KpiCell);
  }
  return [...merged.values()].sort((a, b) => a.bucket - b.bucket || (a.group === null ? (b.group === null ? 0 : 1) : b.group === null ? -1 : byteCompare(a.group, b.group)));
}

export function shapeKpis(plan: KpisPlan, raw: KpiCounts, total: KpiCounts): KpisResult {
  const t = mergeCells(total.cells)[0];
  return {
    group: plan.group,
    series: plan.series ?? null,
    conversion: plan.conversion ?? DEFAULT_CONVERSION,
    observedUntil: raw.endMs === null ? null : new Date(raw.endMs).toISOString(),
    rows: mergeCells(raw.cells).map((c) => ({ group: c.group, bucket: plan.series ? periodLabel(c.bucket) : null, ...values(c) })),
    total: values(t ?? { group: null, bucket: 0 }),
  };
}

/** The plan whose only cell is the whole scope. */
export function totalPlan(plan: KpisPlan): KpisPlan {
  return { ...plan, group: 'none', series: undefined };
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A stored value as a finite number, as DuckDB's TRY_CAST(… AS DOUBLE) reads it; null otherwise. */
export function numericValue(text: string | null): number | null {
  if (text === null || !NUMERIC.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function isPageEvent(e: LogEvent): boolean {
  return e.type === 'page' || e.type === 'screen';
}

function referenceCounts(plan: KpisPlan, log: EventLog): KpiCounts {
  const events = scopedEvents(log, plan.scope).sort(compareEvents);
  const endMs = plan.scope.to?.getTime() ?? (events.length ? Math.max(...events.map((e) => e.timestamp)) + 1 : null);
  const conversion = plan.conversion ?? DEFAULT_CONVERSION;
  const traitPath = plan.group === 'persona' ? 'persona' : plan.group.startsWith('traits.') ? plan.group.slice(7) : null;
  const groupOf = (e: LogEvent): string | null => {
    if (plan.group === 'none') return null;
    if (traitPath !== null) return valueText(readPath(log.traits.get(e.customerId), traitPath));
    return eventFieldText(e, KPI_GROUP_COLUMN[plan.group as keyof typeof KPI_GROUP_COLUMN]);
  };
  const bucketOf = (ts: number) => (plan.series ? periodStart(ts, plan.series) : 0);
  const cellEnd = (b: number) => (plan.series ? Math.min(addPeriods(b, 1, plan.series), endMs!) : endMs!);
  const cells = new Map<string, KpiCell>();
  const cell = (group: string | null, bucket: number): KpiCell => {
    const key = JSON.stringify([group, bucket]);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { group, bucket }));
    return c;
  };
  const add = (c: KpiCell, field: keyof KpiCell, by = 1) => ((c[field] as number | undefined) = ((c[field] as number | undefined) ?? 0) + by);

  const byCustomer = new Map<string, LogEvent[]>();
  for (const e of events) {
    const list = byCustomer.get(e.customerId) ?? [];
    list.push(e);
    byCustomer.set(e.customerId, list);
  }
  const tops = new Map<KpiCell, number[]>();
  for (const list of byCustomer.values()) {
    // customers, conversion and churn
    const first = new Map<string, { group: string | null; bucket: number; ts: number }>();
    const lastConv = new Map<number, number>();
    const last = new Map<number, number>();
    for (const e of list) {
      const b = bucketOf(e.timestamp);
      const key = JSON.stringify([groupOf(e), b]);
      if (!first.has(key)) first.set(key, { group: groupOf(e), bucket: b, ts: e.timestamp });
      last.set(b, Math.max(last.get(b) ?? -Infinity, e.timestamp));
      if (stepHolds(conversion, e)) lastConv.set(b, Math.max(lastConv.get(b) ?? -Infinity, e.timestamp));
    }
    for (const f of first.values()) {
      const c = cell(f.group, f.bucket);
      add(c, 'customers');
      if ((lastConv.get(f.bucket) ?? -Infinity) >= f.ts) add(c, 'converted');
      if (last.get(f.bucket)! < cellEnd(f.bucket) - plan.churnWindow) add(c, 'churned');
    }
    // sessions
    const sessions: LogEvent[][] = [];
    list.forEach((e, i) => {
      if (i === 0 || e.timestamp - list[i - 1]!.timestamp > plan.sessionGap) sessions.push([]);
      sessions.at(-1)!.push(e);
    });
    for (const s of sessions) {
      const pages = s.filter(isPageEvent).length;
      const b = bucketOf(s[0]!.timestamp);
      for (const g of new Set(s.map(groupOf))) {
        const c = cell(g, b);
        add(c, 'sessions');
        if (pages > 0) {
          add(c, 'visits');
          add(c, 'visitPages', pages);
        }
      }
    }
  }
  for (const e of events) {
    const b = bucketOf(e.timestamp);
    if (isPageEvent(e)) {
      const v = numericValue(valueText(readPath(e.properties, plan.timeOnPageProperty)));
      if (v !== null) {
        const c = cell(groupOf(e), b);
        if (!tops.has(c)) tops.set(c, []);
        tops.get(c)!.push(v);
      }
    }
    const survey = valueText(readPath(e.properties, 'survey'));
    const score = numericValue(valueText(readPath(e.properties, 'score')));
    if (score === null || !((survey === 'nps' && score <= 10 && score >= 0) || (survey === 'csat' && score >= 1 && score <= 5) || (survey === 'ces' && score >= 1 && score <= 7))) continue;
    const ref = plan.group === 'touchpoint' ? valueText(readPath(e.properties, 'touchpoint_ref')) : null;
    const c = cell(ref ?? groupOf(e), b);
    if (survey === 'nps') {
      add(c, 'npsN');
      if (score >= 9) add(c, 'npsPromoters');
      if (score <= 6) add(c, 'npsDetractors');
    } else if (survey === 'csat') {
      add(c, 'csatN');
      add(c, 'csatSum', score);
      if (score >= 4) add(c, 'csatGood');
    } else {
      add(c, 'cesN');
      add(c, 'cesSum', score);
    }
  }
  for (const [c, list] of tops) {
    const sorted = [...list].sort((a, b) => a - b);
    c.topN = sorted.length;
    c.topMean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
    c.topMedian = quantile(sorted, 0.5);
  }
  return { endMs, cells: [...cells.values()] };
}

export const kpisAnalysis: AnalysisDefinition<KpisPlan, KpisResult> = {
  kind: 'kpis',
  summary: 'KPIs per stage, touchpoint, channel, persona or trait, optionally by day/week/month: conversion, sessions, pages per visit, time on page, NPS, CSAT, CES, churn',
  schema: KpisPlanSchema,
  steps: (plan) => (plan.conversion ? [{ path: 'conversion', step: plan.conversion }] : []),
  reference: (plan, log) => shapeKpis(plan, referenceCounts(plan, log), referenceCounts(totalPlan(plan), log)),
};
