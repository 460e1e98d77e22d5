/**
 * The live numbers of a map's bound lanes, for the map's persona and time range.
 *
 * Each step (column) stands for a touchpoint (its `touchpoint`) or else its stage's bound stage;
 * a column with neither has no numbers. Per column:
 * - volume: customers with at least one event at the column's touchpoint/stage;
 * - conversion / dropoff: of those, the share who reach the next column (the next step with a
 *   target) within CONVERSION_WINDOW of first reaching this one; the last column has none;
 * - time_in_stage: the median time from first reaching this column to reaching the next one
 *   (volume, conversion and time come from one `journey-steps` analysis over all columns);
 * - nps / csat / sentiment: the feedback of the persona's customers in the time range, grouped
 *   by touchpoint (a survey counts for the touchpoint it is about) or by stage — NPS −100…100,
 *   CSAT the share of 4–5 scores, sentiment the mean of the comments (−1…1); an emotion lane fed
 *   by feedback shows sentiment as −2…+2.
 * Reach, conversion and time go through the analytics engine, so persona rules, time range and
 * unknown steps behave exactly as in the analyses; a column whose target has no data gets nulls
 * and a warning.
 */
import type { AnalyticsEngine } from '../analytics/engine.js';
import type { JourneyStepsResult } from '../analytics/journey-steps.js';
import type { Step } from '../analytics/step.js';
import { InvalidInputError } from '../domain/errors.js';
import { type JourneyMap, mapColumns, type MapMetric } from '../domain/journey-map.js';
import { type FeedbackSource, feedbackSummaries } from '../voc/feedback-reports.js';

export const CONVERSION_WINDOW_MS = 30 * 86_400_000;

export interface MapMetricValue {
  value: number | null;
  display: string;
  /** Customers the value is over. */
  customers?: number;
}

export interface MapMetrics {
  computedAt: string;
  tookMs: number;
  conversionWindowMs: number;
  /** Per KPI lane, per step. */
  lanes: Record<string, Record<string, MapMetricValue>>;
  /** Per feedback-fed emotion lane, per step: −2…+2, null without comments. */
  emotion: Record<string, Record<string, number | null>>;
  warnings: string[];
}

export interface MapMetricSources {
  analytics: AnalyticsEngine;
  /** Null when the store has no feedback tables (sentiment then stays empty). */
  feedback: FeedbackSource | null;
}

interface ColumnData {
  volume: number | null;
  conversion: number | null;
  converters: number | null;
  medianMs: number | null;
  nps: number | null;
  csat: number | null;
  sentiment: number | null;
}

function target(map: JourneyMap, stepId: string): Step | null {
  const col = mapColumns(map).find((c) => c.step.id === stepId);
  if (!col) return null;
  if (col.step.touchpoint) return { by: 'touchpoint', value: col.step.touchpoint, where: [] };
  if (col.stage.stage) return { by: 'stage', value: col.stage.stage, where: [] };
  return null;
}

export function formatDuration(ms: number): string {
  const m = ms / 60_000;
  if (m < 1) return `${Math.round(ms / 1000)}s`;
  if (m < 60) return `${Math.round(m)}m`;
  const h = m / 60;
  if (h < 48) return `${h < 10 ? h.toFixed(1) : Math.round(h)}h`;
  const d = h / 24;
  return `${d < 10 ? d.toFixed(1) : Math.round(d)}d`;
}

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

function display(metric: MapMetric, d: ColumnData): MapMetricValue {
  switch (metric) {
    case 'volume':
      return { value: d.volume, display: d.volume === null ? '–' : d.volume.toLocaleString('en-US'), customers: d.volume ?? 0 };
    case 'conversion':
      return { value: d.conversion, display: pct(d.conversion), customers: d.volume ?? 0 };
    case 'dropoff': {
      const v = d.conversion === null ? null : 1 - d.conversion;
      return { value: v, display: pct(v), customers: d.volume ?? 0 };
    }
    case 'time_in_stage':
      return { value: d.medianMs, display: d.medianMs === null ? '–' : formatDuration(d.medianMs), customers: d.converters ?? 0 };
    case 'nps':
      return { value: d.nps, display: d.nps === null ? '–' : d.nps.toFixed(0) };
    case 'csat':
      return { value: d.csat, display: pct(d.csat) };
    case 'sentiment':
      return { value: d.sentiment, display: d.sentiment === null ? '–' : (d.sentiment >= 0 ? '+' : '') + d.sentiment.toFixed(2) };
  }
}

/**
 * Reach, conversion and time to next for the targeted columns in one analysis; columns whose
 * target the workspace has never seen are left out (with a warning) rather than failing the rest.
 */
async function journeySteps(ws: string, scope: object, targeted: Array<{ stepId: string; target: Step | null }>, src: MapMetricSources, data: Map<string, ColumnData>, warnings: string[]): Promise<void> {
  let cols = targeted;
  for (let attempt = 0; attempt < 2 && cols.length; attempt++) {
    try {
      const r = await src.analytics.run(ws, 'journey-steps', { scope, steps: cols.map((c) => c.target!), window: CONVERSION_WINDOW_MS });
      const steps = (r.result as JourneyStepsResult).steps;
      cols.forEach((col, i) => {
        const s = steps[i]!;
        const d = data.get(col.stepId)!;
        d.volume = s.reached;
        d.converters = s.converted;
        d.conversion = s.conversion;
        d.medianMs = s.medianToNextMs;
      });
      return;
    } catch (err) {
      const unknown = err instanceof InvalidInputError ? err.problems.map((p) => /^steps\[(\d+)\]/.exec(p.where)).filter((m) => m !== null) : [];
      if (!unknown.length) {
        warnings.push((err as Error).message);
        return;
      }
      const drop = new Set(unknown.map((m) => Number(m[1])));
      for (const i of drop) warnings.push(`${cols[i]!.target!.by} "${cols[i]!.target!.value}": no event in this workspace has it`);
      cols = cols.filter((_, i) => !drop.has(i));
    }
  }
}

export async function computeMapMetrics(ws: string, map: JourneyMap, src: MapMetricSources): Promise<MapMetrics> {
  const started = Date.now();
  const warnings: string[] = [];
  const kpiLanes = map.lanes.filter((l) => l.kind === 'kpi' && l.metric);
  const feedbackLanes = map.lanes.filter((l) => l.kind === 'emotion' && l.source === 'feedback');
  const metrics = new Set(kpiLanes.map((l) => l.metric!));
  if (feedbackLanes.length) metrics.add('sentiment');
  const columns = mapColumns(map).map((c) => ({ stepId: c.step.id, target: target(map, c.step.id) }));
  const data = new Map<string, ColumnData>(columns.map((c) => [c.stepId, { volume: null, conversion: null, converters: null, medianMs: null, nps: null, csat: null, sentiment: null }]));
  const scope = { ...(map.persona ? { persona: map.persona } : {}), ...(map.timeRange.from ? { from: map.timeRange.from } : {}), ...(map.timeRange.to ? { to: map.timeRange.to } : {}) };
  const jobs: Promise<void>[] = [];

  if (['volume', 'conversion', 'dropoff', 'time_in_stage'].some((m) => metrics.has(m as MapMetric))) {
    jobs.push(journeySteps(ws, scope, columns.filter((c) => c.target), src, data, warnings));
  }

  if (metrics.has('nps') || metrics.has('csat') || metrics.has('sentiment')) {
    if (!src.feedback) warnings.push('survey scores and sentiment need the embedded store');
    else {
      const persona = map.persona ? (await src.analytics.personaByKey(ws, map.persona)) : null;
      if (map.persona && !persona) warnings.push(`no persona "${map.persona}"`);
      const filter = { ...(persona ? { segment: persona.rule, behaviour: persona.behaviour } : {}), ...(map.timeRange.from ? { from: map.timeRange.from } : {}), ...(map.timeRange.to ? { to: map.timeRange.to } : {}) };
      // Touchpoint and stage columns from one pass over the responses.
      const bys = (['touchpoint', 'stage'] as const).filter((by) => columns.some((c) => c.target?.by === by));
      if (bys.length && !(map.persona && !persona)) {
        jobs.push(
          feedbackSummaries(src.feedback, ws, bys, { filter, themes: 0, emotions: false }).then((summaries) => {
            for (const s of summaries) {
              for (const c of columns.filter((x) => x.target?.by === s.by)) {
                const g = s.groups.find((x) => x.key === c.target!.value);
                const d = data.get(c.stepId)!;
                d.nps = g && g.npsResponses > 0 ? g.nps : null;
                d.csat = g && g.csatResponses > 0 ? g.csat : null;
                d.sentiment = g?.sentiment ?? null;
              }
            }
          }),
        );
      }
    }
  }

  await Promise.all(jobs);
  const lanes: MapMetrics['lanes'] = {};
  for (const lane of kpiLanes) {
    lanes[lane.id] = Object.fromEntries(columns.map((c) => [c.stepId, c.target ? display(lane.metric!, data.get(c.stepId)!) : { value: null, display: '' }]));
  }
  const emotion: MapMetrics['emotion'] = {};
  for (const lane of feedbackLanes) {
    emotion[lane.id] = Object.fromEntries(
      columns.map((c) => {
        const s = data.get(c.stepId)!.sentiment;
        return [c.stepId, s === null ? null : Math.max(-2, Math.min(2, Math.round(s * 2 * 100) / 100))];
      }),
    );
  }
  return { computedAt: new Date().toISOString(), tookMs: Date.now() - started, conversionWindowMs: CONVERSION_WINDOW_MS, lanes, emotion, warnings: [...new Set(warnings)] };
}
