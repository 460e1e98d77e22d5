/**
 * The live numbers of a map's bound lanes, for the map's persona and time range.
 *
 * Each step (column) stands for a touchpoint (its `touchpoint`) or else its stage's bound stage;
 * a column with neither has no numbers. Per column:
 * - volume: customers with at least one event at the column's touchpoint/stage;
 * - conversion / dropoff: of those, the share who reach the next column (the next step with a
 *   target) within CONVERSION_WINDOW, in that order (an ordered two-step funnel); the last column
 *   has none;
 * - time_in_stage: the median time from first reaching this column to reaching the next one;
 * - nps / csat: the analytics KPIs grouped by touchpoint (surveys count for the touchpoint they
 *   are about) or by stage;
 * - sentiment: mean comment sentiment (−1…1) of the feedback at that touchpoint or stage; an
 *   emotion lane fed by feedback shows it as −2…+2.
 * Every analysis goes through the analytics engine, so persona rules, time range and unknown steps
 * behave exactly as in the analyses; a column whose target has no data gets nulls and a warning.
 */
import type { AnalyticsEngine } from '../analytics/engine.js';
import type { FunnelResult } from '../analytics/funnel.js';
import type { KpisResult } from '../analytics/kpis.js';
import type { Step } from '../analytics/step.js';
import { type JourneyMap, mapColumns, type MapMetric } from '../domain/journey-map.js';
import { type FeedbackSource, feedbackSummary } from '../voc/feedback-reports.js';

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
    const targeted = columns.filter((c) => c.target);
    targeted.forEach((col, i) => {
      const next = targeted[i + 1];
      const steps = [col.target!, next ? next.target! : col.target!];
      jobs.push(
        src.analytics
          .run(ws, 'funnel', { scope, steps, window: CONVERSION_WINDOW_MS, order: 'ordered', by: steps[0]!.by === steps[1]!.by ? steps[0]!.by : 'touchpoint' })
          .then((r) => {
            const f = r.result as FunnelResult;
            const d = data.get(col.stepId)!;
            d.volume = f.total.steps[0]?.count ?? 0;
            if (next) {
              d.converters = f.total.steps[1]?.count ?? 0;
              d.conversion = d.volume > 0 ? d.converters / d.volume : null;
              d.medianMs = f.total.timeBetween[0]?.medianMs ?? null;
            }
          })
          .catch((err: Error) => {
            warnings.push(`${col.target!.by} "${col.target!.value}": ${err.message}`);
          }),
      );
    });
  }

  if (metrics.has('nps') || metrics.has('csat')) {
    for (const by of ['touchpoint', 'stage'] as const) {
      const cols = columns.filter((c) => c.target?.by === by);
      if (!cols.length) continue;
      jobs.push(
        src.analytics
          .run(ws, 'kpis', { scope, group: by })
          .then((r) => {
            const k = r.result as KpisResult;
            for (const c of cols) {
              const row = k.rows.find((x) => x.group === c.target!.value);
              const d = data.get(c.stepId)!;
              d.nps = row && row.npsResponses > 0 ? row.nps : null;
              d.csat = row && row.csatResponses > 0 ? row.csat : null;
            }
          })
          .catch((err: Error) => {
            warnings.push(`survey scores by ${by}: ${err.message}`);
          }),
      );
    }
  }

  if (metrics.has('sentiment')) {
    if (!src.feedback) warnings.push('feedback sentiment needs the embedded store');
    else {
      for (const by of ['touchpoint', 'stage'] as const) {
        const cols = columns.filter((c) => c.target?.by === by);
        if (!cols.length) continue;
        const filter = { ...(map.persona ? { persona: map.persona } : {}), ...(map.timeRange.from ? { from: map.timeRange.from } : {}), ...(map.timeRange.to ? { to: map.timeRange.to } : {}) };
        jobs.push(
          feedbackSummary(src.feedback, ws, { by, filter, themes: 0 }).then((s) => {
            for (const c of cols) data.get(c.stepId)!.sentiment = s.groups.find((g) => g.key === c.target!.value)?.sentiment ?? null;
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
