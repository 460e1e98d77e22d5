/**
 * What changed between two versions of a map (GET /v1/maps/:id/compare): map fields, stages,
 * steps and lanes matched by id (added, removed, renamed, moved, rebound, hidden), cells whose
 * readable text changed, and — when the metrics of both versions are given — every KPI value and
 * feedback emotion that changed, with its delta. `summariseDiff` says it in short lines.
 *
 * "Moved" is the fewest moves that explain the new order: items outside the longest run of
 * common items that kept their relative order (so inserting one stage does not move the rest).
 */
import { cellKey, mapColumns, type JourneyMap, type Lane, type MapMetric } from '../domain/journey-map.js';
import { cellText, formatEmotion, type MapMetricValues } from './export-csv.js';

export interface FieldChange {
  field: 'name' | 'description' | 'persona' | 'scenario' | 'timeRange';
  before: string;
  after: string;
}

export interface Renamed {
  id: string;
  before: string;
  after: string;
}

export interface Moved {
  id: string;
  name: string;
  /** 0-based positions before and after. */
  from: number;
  to: number;
}

export interface StageRef {
  id: string;
  name: string;
  position: number;
}

export interface StepRef {
  id: string;
  name: string;
  stageId: string;
  stage: string;
}

export interface LaneRef {
  id: string;
  name: string;
  kind: Lane['kind'];
  position: number;
}

export interface CellChange {
  key: string;
  laneId: string;
  stepId: string;
  lane: string;
  step: string;
  before: string;
  after: string;
}

export interface MetricChange {
  laneId: string;
  lane: string;
  /** The KPI lane's metric (after), or 'emotion' for a feedback-fed emotion lane. */
  metric: MapMetric | 'emotion';
  stepId: string;
  step: string;
  before: number | null;
  after: number | null;
  /** after − before when both are numbers. */
  delta: number | null;
  beforeDisplay: string;
  afterDisplay: string;
}

export interface MapDiff {
  fields: FieldChange[];
  stages: {
    added: StageRef[];
    removed: StageRef[];
    renamed: Renamed[];
    moved: Moved[];
    /** The default-model stage a column shows changed. */
    rebound: Array<{ id: string; name: string; before: string | null; after: string | null }>;
  };
  steps: {
    added: StepRef[];
    removed: StepRef[];
    renamed: Array<Renamed & { stage: string }>;
    /** Moved to another stage, or to another place among its stage's steps (positions are columns). */
    moved: Array<Moved & { fromStage: string; toStage: string }>;
    /** The touchpoint a step stands for changed. */
    rebound: Array<{ id: string; name: string; before: string | null; after: string | null }>;
  };
  lanes: {
    added: LaneRef[];
    removed: LaneRef[];
    renamed: Renamed[];
    moved: Moved[];
    hidden: Array<{ id: string; name: string; hidden: boolean }>;
    /** A KPI lane's metric, a lane's kind or an emotion lane's source changed. */
    rebound: Array<{ id: string; name: string; what: 'metric' | 'kind' | 'source'; before: string | null; after: string | null }>;
  };
  /** Cells of lanes and steps in both versions whose readable text changed. */
  cells: CellChange[];
  /** Empty unless the metrics of both versions are given. */
  metrics: MetricChange[];
}

/** Items whose relative order changed: those outside a longest increasing run of new positions. */
function movedIds(beforeIds: string[], afterIds: string[]): Set<string> {
  const afterIndex = new Map(afterIds.map((id, i) => [id, i]));
  const common = beforeIds.filter((id) => afterIndex.has(id));
  const seq = common.map((id) => afterIndex.get(id)!);
  // longest increasing subsequence (patience sorting with back-pointers)
  const tails: number[] = [];
  const prev: number[] = seq.map(() => -1);
  seq.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<string>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]!) kept.add(common[i]!);
  return new Set(common.filter((id) => !kept.has(id)));
}

const fmtRange = (r: JourneyMap['timeRange']) => (r.from || r.to ? `${r.from ?? '…'} – ${r.to ?? '…'}` : 'all time');

function lanesDiff(a: JourneyMap, b: JourneyMap): MapDiff['lanes'] {
  const before = new Map(a.lanes.map((l, i) => [l.id, { lane: l, position: i }]));
  const after = new Map(b.lanes.map((l, i) => [l.id, { lane: l, position: i }]));
  const ref = ({ lane, position }: { lane: Lane; position: number }): LaneRef => ({ id: lane.id, name: lane.name, kind: lane.kind, position });
  const out: MapDiff['lanes'] = { added: [], removed: [], renamed: [], moved: [], hidden: [], rebound: [] };
  for (const [id, entry] of after) if (!before.has(id)) out.added.push(ref(entry));
  for (const [id, entry] of before) if (!after.has(id)) out.removed.push(ref(entry));
  const moved = movedIds(a.lanes.map((l) => l.id), b.lanes.map((l) => l.id));
  for (const [id, { lane: la, position: from }] of before) {
    const entry = after.get(id);
    if (!entry) continue;
    const { lane: lb, position: to } = entry;
    if (la.name !== lb.name) out.renamed.push({ id, before: la.name, after: lb.name });
    if (moved.has(id)) out.moved.push({ id, name: lb.name, from, to });
    if (la.hidden !== lb.hidden) out.hidden.push({ id, name: lb.name, hidden: lb.hidden });
    if (la.kind !== lb.kind) out.rebound.push({ id, name: lb.name, what: 'kind', before: la.kind, after: lb.kind });
    if ((la.metric ?? null) !== (lb.metric ?? null)) out.rebound.push({ id, name: lb.name, what: 'metric', before: la.metric ?? null, after: lb.metric ?? null });
    if (la.kind === 'emotion' && lb.kind === 'emotion' && (la.source ?? 'manual') !== (lb.source ?? 'manual')) {
      out.rebound.push({ id, name: lb.name, what: 'source', before: la.source ?? 'manual', after: lb.source ?? 'manual' });
    }
  }
  return out;
}

function stagesDiff(a: JourneyMap, b: JourneyMap): MapDiff['stages'] {
  const before = new Map(a.stages.map((s, i) => [s.id, { stage: s, position: i }]));
  const after = new Map(b.stages.map((s, i) => [s.id, { stage: s, position: i }]));
  const out: MapDiff['stages'] = { added: [], removed: [], renamed: [], moved: [], rebound: [] };
  for (const [id, { stage, position }] of after) if (!before.has(id)) out.added.push({ id, name: stage.name, position });
  for (const [id, { stage, position }] of before) if (!after.has(id)) out.removed.push({ id, name: stage.name, position });
  const moved = movedIds(a.stages.map((s) => s.id), b.stages.map((s) => s.id));
  for (const [id, { stage: sa, position: from }] of before) {
    const entry = after.get(id);
    if (!entry) continue;
    const { stage: sb, position: to } = entry;
    if (sa.name !== sb.name) out.renamed.push({ id, before: sa.name, after: sb.name });
    if (moved.has(id)) out.moved.push({ id, name: sb.name, from, to });
    if (sa.stage !== sb.stage) out.rebound.push({ id, name: sb.name, before: sa.stage, after: sb.stage });
  }
  return out;
}

function stepsDiff(a: JourneyMap, b: JourneyMap): MapDiff['steps'] {
  const columns = (m: JourneyMap) => new Map(mapColumns(m).map((c, i) => [c.step.id, { ...c, position: i }]));
  const before = columns(a);
  const after = columns(b);
  const ref = (c: ReturnType<typeof mapColumns>[number]): StepRef => ({ id: c.step.id, name: c.step.name, stageId: c.stage.id, stage: c.stage.name });
  const out: MapDiff['steps'] = { added: [], removed: [], renamed: [], moved: [], rebound: [] };
  for (const [id, c] of after) if (!before.has(id)) out.added.push(ref(c));
  for (const [id, c] of before) if (!after.has(id)) out.removed.push(ref(c));
  // within each stage, the steps that stayed in it but changed their order
  const reordered = new Set<string>();
  const stagesA = new Map(a.stages.map((st) => [st.id, st]));
  for (const stage of b.stages) {
    const old = stagesA.get(stage.id);
    if (!old) continue;
    const stayed = (ids: string[]) => ids.filter((id) => before.get(id)?.stage.id === stage.id && after.get(id)?.stage.id === stage.id);
    for (const id of movedIds(stayed(old.steps.map((x) => x.id)), stayed(stage.steps.map((x) => x.id)))) reordered.add(id);
  }
  for (const [id, ca] of before) {
    const cb = after.get(id);
    if (!cb) continue;
    if (ca.step.name !== cb.step.name) out.renamed.push({ id, before: ca.step.name, after: cb.step.name, stage: cb.stage.name });
    if (ca.stage.id !== cb.stage.id || reordered.has(id)) {
      out.moved.push({ id, name: cb.step.name, from: ca.position, to: cb.position, fromStage: ca.stage.name, toStage: cb.stage.name });
    }
    if (ca.step.touchpoint !== cb.step.touchpoint) out.rebound.push({ id, name: cb.step.name, before: ca.step.touchpoint, after: cb.step.touchpoint });
  }
  return out;
}

function cellsDiff(a: JourneyMap, b: JourneyMap): CellChange[] {
  const stepsA = new Set(mapColumns(a).map((c) => c.step.id));
  const lanesA = new Map(a.lanes.map((l) => [l.id, l]));
  const out: CellChange[] = [];
  for (const laneB of b.lanes) {
    const laneA = lanesA.get(laneB.id);
    if (!laneA) continue;
    for (const { step } of mapColumns(b)) {
      if (!stepsA.has(step.id)) continue;
      const key = cellKey(laneB.id, step.id);
      const before = cellText(laneA, a.cells[key], step.id);
      const after = cellText(laneB, b.cells[key], step.id);
      if (before !== after) out.push({ key, laneId: laneB.id, stepId: step.id, lane: laneB.name, step: step.name, before, after });
    }
  }
  return out;
}

function metricsDiff(a: JourneyMap, b: JourneyMap, ma: MapMetricValues, mb: MapMetricValues): MetricChange[] {
  const out: MetricChange[] = [];
  const lanesA = new Map(a.lanes.map((l) => [l.id, l]));
  const stepsA = new Set(mapColumns(a).map((c) => c.step.id));
  for (const lane of b.lanes) {
    const laneA = lanesA.get(lane.id);
    if (!laneA) continue;
    for (const { step } of mapColumns(b)) {
      if (!stepsA.has(step.id)) continue;
      if (lane.kind === 'kpi' && laneA.kind === 'kpi') {
        const va = ma.lanes?.[lane.id]?.[step.id];
        const vb = mb.lanes?.[lane.id]?.[step.id];
        const before = typeof va?.value === 'number' ? va.value : null;
        const after = typeof vb?.value === 'number' ? vb.value : null;
        if (before === after && (va?.display ?? '') === (vb?.display ?? '')) continue;
        out.push({
          laneId: lane.id,
          lane: lane.name,
          metric: lane.metric!,
          stepId: step.id,
          step: step.name,
          before,
          after,
          delta: before !== null && after !== null ? after - before : null,
          beforeDisplay: va?.display ?? '',
          afterDisplay: vb?.display ?? '',
        });
      } else if (lane.kind === 'emotion' && lane.source === 'feedback' && laneA.kind === 'emotion' && laneA.source === 'feedback') {
        const va = ma.emotion?.[lane.id]?.[step.id];
        const vb = mb.emotion?.[lane.id]?.[step.id];
        const before = typeof va === 'number' ? va : null;
        const after = typeof vb === 'number' ? vb : null;
        if (before === after) continue;
        out.push({
          laneId: lane.id,
          lane: lane.name,
          metric: 'emotion',
          stepId: step.id,
          step: step.name,
          before,
          after,
          delta: before !== null && after !== null ? after - before : null,
          beforeDisplay: before === null ? '' : formatEmotion(before),
          afterDisplay: after === null ? '' : formatEmotion(after),
        });
      }
    }
  }
  return out;
}

/** What changed from map `a` to map `b` (and, given both, from metrics `a` to metrics `b`). */
export function diffMaps(a: JourneyMap, b: JourneyMap, metrics: { a?: MapMetricValues | null; b?: MapMetricValues | null } = {}): MapDiff {
  const fields: FieldChange[] = [];
  const field = (name: FieldChange['field'], before: string, after: string) => {
    if (before !== after) fields.push({ field: name, before, after });
  };
  field('name', a.name, b.name);
  field('description', a.description, b.description);
  field('persona', a.persona ?? '', b.persona ?? '');
  field('scenario', a.scenario, b.scenario);
  field('timeRange', fmtRange(a.timeRange), fmtRange(b.timeRange));
  return {
    fields,
    stages: stagesDiff(a, b),
    steps: stepsDiff(a, b),
    lanes: lanesDiff(a, b),
    cells: cellsDiff(a, b),
    metrics: metrics.a && metrics.b ? metricsDiff(a, b, metrics.a, metrics.b) : [],
  };
}

/** True when nothing changed. */
export function isEmptyDiff(diff: MapDiff): boolean {
  const groups = [diff.stages, diff.steps, diff.lanes] as Array<Record<string, unknown[]>>;
  return !diff.fields.length && !diff.cells.length && !diff.metrics.length && groups.every((g) => Object.values(g).every((list) => !list.length));
}

const quote = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
};
const orNone = (text: string | null) => (text === null || text === '' ? 'none' : quote(text));

const FIELD_LABELS: Record<FieldChange['field'], string> = { name: 'Name', description: 'Description', persona: 'Persona', scenario: 'Scenario', timeRange: 'Time range' };

/** A metric delta in the metric's own terms: percentage points, counts, durations. */
export function formatDelta(metric: MetricChange['metric'], delta: number): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const abs = Math.abs(delta);
  switch (metric) {
    case 'conversion':
    case 'dropoff':
    case 'csat':
      return `${sign}${(abs * 100).toFixed(1)} pts`;
    case 'time_in_stage': {
      const hours = abs / 3_600_000;
      return hours >= 48 ? `${sign}${(hours / 24).toFixed(1)} d` : hours >= 1 ? `${sign}${hours.toFixed(1)} h` : `${sign}${Math.round(abs / 60_000)} min`;
    }
    case 'volume':
    case 'nps':
      return `${sign}${Math.round(abs).toLocaleString('en-US')}`;
    case 'sentiment':
    case 'emotion':
      return `${sign}${abs.toFixed(2)}`;
  }
}

/** The diff as short human-readable lines, most structural first; [] when nothing changed. */
export function summariseDiff(diff: MapDiff): string[] {
  const lines: string[] = [];
  for (const f of diff.fields) lines.push(`${FIELD_LABELS[f.field]}: ${orNone(f.before)} → ${orNone(f.after)}`);
  const s = diff.stages;
  for (const x of s.added) lines.push(`Stage added: ${quote(x.name)}`);
  for (const x of s.removed) lines.push(`Stage removed: ${quote(x.name)}`);
  for (const x of s.renamed) lines.push(`Stage renamed: ${quote(x.before)} → ${quote(x.after)}`);
  for (const x of s.moved) lines.push(`Stage moved: ${quote(x.name)} from position ${x.from + 1} to ${x.to + 1}`);
  for (const x of s.rebound) lines.push(`Stage ${quote(x.name)} now shows stage ${x.after ?? 'none'} (was ${x.before ?? 'none'})`);
  const p = diff.steps;
  for (const x of p.added) lines.push(`Step added: ${quote(x.name)} in ${quote(x.stage)}`);
  for (const x of p.removed) lines.push(`Step removed: ${quote(x.name)} from ${quote(x.stage)}`);
  for (const x of p.renamed) lines.push(`Step renamed: ${quote(x.before)} → ${quote(x.after)}`);
  for (const x of p.moved) lines.push(x.fromStage === x.toStage ? `Step moved: ${quote(x.name)} within ${quote(x.toStage)}` : `Step moved: ${quote(x.name)} from ${quote(x.fromStage)} to ${quote(x.toStage)}`);
  for (const x of p.rebound) lines.push(`Step ${quote(x.name)} now stands for touchpoint ${orNone(x.after)} (was ${orNone(x.before)})`);
  const l = diff.lanes;
  for (const x of l.added) lines.push(`Lane added: ${quote(x.name)} (${x.kind})`);
  for (const x of l.removed) lines.push(`Lane removed: ${quote(x.name)} (${x.kind})`);
  for (const x of l.renamed) lines.push(`Lane renamed: ${quote(x.before)} → ${quote(x.after)}`);
  for (const x of l.moved) lines.push(`Lane moved: ${quote(x.name)} from row ${x.from + 1} to ${x.to + 1}`);
  for (const x of l.hidden) lines.push(`Lane ${x.hidden ? 'hidden' : 'shown'}: ${quote(x.name)}`);
  for (const x of l.rebound) lines.push(`Lane ${quote(x.name)}: ${x.what} ${x.before ?? 'none'} → ${x.after ?? 'none'}`);
  for (const c of diff.cells) lines.push(`${c.lane} × ${c.step}: ${c.before ? quote(c.before) : 'empty'} → ${c.after ? quote(c.after) : 'empty'}`);
  for (const m of diff.metrics) {
    const delta = m.delta === null ? '' : ` (${formatDelta(m.metric, m.delta)})`;
    lines.push(`${m.lane} × ${m.step}: ${m.beforeDisplay || 'no data'} → ${m.afterDisplay || 'no data'}${delta}`);
  }
  return lines;
}
