/**
 * Process map: the directly-follows graph (POST /v1/analyses/dfg) — for every pair of
 * activities a → b, how often b directly follows a in a customer's journey and how long it takes;
 * Start and End show where journeys begin and end.
 *
 * Query parameters (all optional):
 *   by        activities are: touchpoint | event | stage | channel (default touchpoint)
 *   minCount  leave out edges seen fewer times (default 1)
 *   limit     keep at most this many edges, the most frequent (default 40)
 *   collapse  1: a run of the same activity is one (default 1); 0 keeps self-loops
 *   label     what edges say: frequency | duration (median) (default frequency)
 *   persona   only this persona's customers (persona key)
 * e.g. /app/analyses/dfg?by=stage
 */
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { DfgResult, Granularity } from '../../analysis-types';
import { colourFor, FONT } from '../../chart-colours';
import { EChart, type EChartOption } from '../../components/EChart';
import { Field } from '../../components/Field';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { escapeHtml, formatCount, formatDurationMs, truncate } from '../../format';
import { END, layoutDfg, type PlacedNode, START } from './dfg-layout';
import { PersonaSelect } from './PersonaSelect';
import { readBool, readChoice, readGranularity, readInt, toQuery } from './query';
import { RunSummary } from './RunSummary';
import { useAnalysis } from './use-analysis';
import { useStepOptions } from './use-step-options';
import { GranularitySelect } from './GranularitySelect';
import { useUrlOptions } from './use-url-options';

type EdgeLabel = 'frequency' | 'duration';

interface DfgOptions {
  by: Granularity;
  minCount: number;
  limit: number;
  collapse: boolean;
  label: EdgeLabel;
  persona: string;
}

const DEFAULTS = { by: 'touchpoint', minCount: 1, limit: 40, collapse: true, label: 'frequency' } as const;

function read(p: URLSearchParams): DfgOptions {
  return {
    by: readGranularity(p, DEFAULTS.by),
    minCount: readInt(p, 'minCount', DEFAULTS.minCount, 1, 1_000_000_000),
    limit: readInt(p, 'limit', DEFAULTS.limit, 1, 10_000),
    collapse: readBool(p, 'collapse', DEFAULTS.collapse),
    label: readChoice<EdgeLabel>(p, 'label', ['frequency', 'duration'], DEFAULTS.label),
    persona: p.get('persona') ?? '',
  };
}

function write(o: DfgOptions): URLSearchParams {
  return toQuery({ ...o }, DEFAULTS);
}

export function DfgPage() {
  const { applied, draft, set, submit } = useUrlOptions(read, write);
  const plan = useMemo(
    () => ({ by: applied.by, minCount: applied.minCount, limit: applied.limit, collapseRepeats: applied.collapse, ...(applied.persona ? { scope: { persona: applied.persona } } : {}) }),
    [applied.by, applied.minCount, applied.limit, applied.collapse, applied.persona],
  );
  const run = useAnalysis<DfgResult>('dfg', plan);
  const navigate = useNavigate();
  const { stages, touchpoints } = useStepOptions();
  const columnOf = useMemo(() => {
    const stageIndex = new Map(stages.map((s, i) => [s.key, i]));
    if (applied.by === 'stage') return (a: string) => stageIndex.get(a);
    if (applied.by === 'touchpoint') {
      const tpStage = new Map(touchpoints.map((t) => [t.name, t.stage === null ? undefined : stageIndex.get(t.stage)]));
      return (a: string) => tpStage.get(a);
    }
    return undefined;
  }, [applied.by, stages, touchpoints]);
  const labelOf = useMemo(() => {
    const names = new Map(stages.map((s) => [s.key, s.label]));
    return applied.by === 'stage' ? (a: string) => names.get(a) ?? a : (a: string) => a;
  }, [applied.by, stages]);
  const errors = run.errors;
  const result = run.data?.result;

  return (
    <>
      <PageHeader title="Process map" description="Which activity directly follows which in customers' journeys, how often and how long it takes." />
      <form className="options card" onSubmit={submit} aria-label="Process map options">
        <div className="options__grid">
          <Field id="dfg-by" label="Activities are" error={errors['by']}>
            <GranularitySelect value={draft.by} onChange={(by) => set({ by })} />
          </Field>
          <Field id="dfg-persona" label="Customers" error={errors['scope.persona']}>
            <PersonaSelect id="dfg-persona" value={draft.persona} onChange={(persona) => set({ persona })} />
          </Field>
          <Field id="dfg-mincount" label="Min. edge frequency" error={errors['minCount']}>
            <input type="number" min={1} value={draft.minCount} onChange={(e) => set({ minCount: Number(e.target.value) })} />
          </Field>
          <Field id="dfg-limit" label="Max. edges" error={errors['limit']}>
            <input type="number" min={1} max={10000} value={draft.limit} onChange={(e) => set({ limit: Number(e.target.value) })} />
          </Field>
          <Field id="dfg-label" label="Edges show">
            <select value={draft.label} onChange={(e) => set({ label: e.target.value as EdgeLabel })}>
              <option value="frequency">Frequency</option>
              <option value="duration">Median duration</option>
            </select>
          </Field>
        </div>
        <div className="options__actions">
          <label className="checkbox">
            <input type="checkbox" checked={draft.collapse} onChange={(e) => set({ collapse: e.target.checked })} /> Collapse repeats
          </label>
          <button type="submit" className="button button--primary">
            Show process map
          </button>
        </div>
      </form>
      {run.error && <ErrorNotice error={run.error} title={run.error.status === 400 ? 'Check the options' : undefined} />}
      {run.loading && <Loading label="Mining the process…" />}
      {result && !run.error && (
        <section className="card chart-card" aria-label="Directly-follows graph">
          <RunSummary
            tookMs={run.data?.tookMs}
            items={[
              ['Journeys', formatCount(result.cases)],
              ['Events', formatCount(result.events)],
              ['Activities', formatCount(result.activities.length)],
              ['Edges shown', `${formatCount(result.edges.length)} of ${formatCount(result.totalEdges)}`],
            ]}
          />
          {result.edges.length === 0 ? <Empty>No edge matches these options.</Empty> : <>
              <DfgChart result={result} label={applied.label} columnOf={columnOf} labelOf={labelOf} onNode={(a) => navigate(`/analyses/sankey?${new URLSearchParams({ from: `${applied.by}:${a}`, by: applied.by }).toString()}`)} />
              <p className="muted small">Click an activity to see the paths from it; hover an edge for its times.</p>
            </>}
        </section>
      )}
    </>
  );
}

interface DfgChartProps {
  result: DfgResult;
  label: EdgeLabel;
  columnOf?: (activity: string) => number | undefined;
  labelOf: (activity: string) => string;
  onNode: (activity: string) => void;
}

function DfgChart({ result, label, columnOf, labelOf, onNode }: DfgChartProps) {
  const { option, height } = useMemo(() => {
    // Placed on a hidden cartesian grid: columns and rows map linearly to pixels, circles stay round.
    const { nodes, rows } = layoutDfg(result, columnOf);
    const maxCount = Math.max(...result.edges.map((e) => e.count), 1);
    const maxNode = Math.max(...nodes.filter((n) => n.name !== START && n.name !== END).map((n) => n.count), 1);
    const pairs = new Set(result.edges.map((e) => `${e.from}\u0000${e.to}`));
    const rowH = 88;
    const columns = Math.max(...nodes.map((n) => n.column)) + 1;
    const half = rows / 2;
    const placed = new Map(nodes.map((n) => [n.name, n]));
    const edgeText = (count: number, medianMs: number) => (label === 'duration' ? formatDurationMs(medianMs) : formatCount(count));
    const links = [
      ...result.start.filter((s) => placed.has(s.activity)).map((s) => ({ source: START, target: s.activity, value: s.count, text: formatCount(s.count), tip: `Start → ${escapeHtml(s.activity)}: ${formatCount(s.count)} journeys` })),
      ...result.edges.map((e) => ({
        source: e.from,
        target: e.to,
        value: e.count,
        text: edgeText(e.count, e.medianMs),
        tip: `${escapeHtml(e.from)} → ${escapeHtml(e.to)}<br/><b>${formatCount(e.count)}</b> times<br/>median ${formatDurationMs(e.medianMs)} · mean ${formatDurationMs(e.meanMs)} · p90 ${formatDurationMs(e.p90Ms)}`,
        curve: curveOf(placed.get(e.from), placed.get(e.to), pairs.has(`${e.to}\u0000${e.from}`)),
      })),
      ...result.end.filter((s) => placed.has(s.activity)).map((s) => ({ source: s.activity, target: END, value: s.count, text: formatCount(s.count), tip: `${escapeHtml(s.activity)} → End: ${formatCount(s.count)} journeys` })),
    ];
    const option: EChartOption = {
      textStyle: { fontFamily: FONT },
      tooltip: { confine: true, formatter: (p: { dataType: string; data: { tip?: string; name?: string; count?: number } }) => (p.dataType === 'edge' ? (p.data.tip ?? '') : `<b>${escapeHtml(p.data.name ?? '')}</b><br/>${formatCount(p.data.count)} events`) },
      grid: { left: 50, right: 50, top: 30, bottom: 40 },
      xAxis: { type: 'value', show: false, min: -0.35, max: columns - 0.65 },
      yAxis: { type: 'value', show: false, inverse: true, min: -half - 0.1, max: half + 0.1 },
      series: [
        {
          type: 'graph',
          coordinateSystem: 'cartesian2d',
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          data: nodes.map((n) => {
            const terminal = n.name === START || n.name === END;
            return {
              name: n.name,
              count: n.count,
              value: [n.column, n.row],
              symbol: terminal ? 'roundRect' : 'circle',
              symbolSize: terminal ? [64, 26] : 18 + 30 * Math.sqrt(n.count / maxNode),
              itemStyle: { color: terminal ? '#1d2430' : colourFor(n.name), borderColor: '#fff', borderWidth: 2 },
              label: terminal
                ? { show: true, position: 'inside', color: '#fff', fontSize: 11, formatter: n.name }
                : { show: true, position: 'bottom', distance: 4, color: '#1d2430', fontSize: 12, lineHeight: 15, formatter: `${truncate(labelOf(n.name), 26)}\n{c|${formatCount(n.count)}}`, rich: { c: { color: '#5b6577', fontSize: 11, lineHeight: 14 } } },
            };
          }),
          links: links.map((l) => ({
            source: l.source,
            target: l.target,
            tip: l.tip,
            lineStyle: { width: 1 + 7 * Math.sqrt(l.value / maxCount), color: '#8a94a6', opacity: 0.55, curveness: 'curve' in l ? l.curve : 0.08 },
            label: { show: l.value >= maxCount * 0.08, formatter: l.text, fontSize: 11, color: '#3b4556', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3], borderRadius: 3 },
          })),
          emphasis: { focus: 'adjacency', lineStyle: { opacity: 0.9 }, edgeLabel: { show: true } },
          edgeLabel: { show: false },
        },
      ],
    };
    return { option, height: Math.max(rows === 1 ? 440 : 340, Math.min(860, rows * rowH + 110)) };
  }, [result, label, columnOf, labelOf]);
  return (
    <EChart
      option={option}
      height={height}
      ariaLabel={`Process map of ${result.activities.length} activities and ${result.edges.length} edges`}
      onClick={(p) => {
        const name = p.dataType === 'node' ? String((p.data as { name?: string }).name) : '';
        if (name && name !== START && name !== END) onNode(name);
      }}
    />
  );
}

/** Edges bend more the more columns they skip (so they clear the nodes between), back and forth pairs apart. */
function curveOf(from: PlacedNode | undefined, to: PlacedNode | undefined, reciprocal: boolean): number {
  if (!from || !to) return 0.1;
  if (from === to) return 0.8;
  if (from.column === to.column) return 0.35;
  const skip = Math.abs(to.column - from.column) - 1;
  // on one row (stages) forward edges arc above and back edges below; else only skips and pairs bend
  const base = from.row === 0 && to.row === 0 ? 0.3 : reciprocal ? 0.18 : 0.06;
  return Math.min(0.6, base + 0.1 * skip);
}
