/**
 * Paths as a Sankey (POST /v1/analyses/paths): what customers do after a start point, before an
 * end point, or between the two, step by step within a session; node tooltips give drop-off.
 *
 * Query parameters (all optional; the map deep-links with them):
 *   from       start point as step text: stage:purchase, touchpoint:Checkout Started,
 *              event:Order Completed, channel:email
 *   to         end point, same form
 *   by         granularity of the path steps: touchpoint | event | stage | channel (default touchpoint)
 *   depth      steps shown, 1–20 (default 5)
 *   minWeight  hide links taken by fewer paths (default 1)
 *   limit      keep at most this many links, the heaviest (default 60)
 *   collapse   1: a run of the same node within a session is one step (default 0)
 *   gap        inactivity that ends a session: 30m, 2h, 1d (default 30m)
 *   persona    only this persona's customers (persona key)
 * e.g. /app/analyses/sankey?from=stage:purchase&depth=4
 */
import { useMemo } from 'react';
import type { PathsResult } from '../../analysis-types';
import { AXIS_TEXT, colourFor, FONT } from '../../chart-colours';
import { EChart, type EChartOption } from '../../components/EChart';
import { Field } from '../../components/Field';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { escapeHtml, formatCount, formatShare, truncate } from '../../format';
import { PersonaSelect } from './PersonaSelect';
import { RunSummary } from './RunSummary';
import { planOf, read, write } from './sankey-options';
import { StepInput } from './StepInput';
import { useAnalysis } from './use-analysis';
import { useStepOptions } from './use-step-options';
import { GranularitySelect } from './GranularitySelect';
import { useUrlOptions } from './use-url-options';

export function SankeyPage() {
  const { applied, draft, apply, set, submit } = useUrlOptions(read, write);
  const plan = useMemo(() => planOf(applied), [applied]);
  const run = useAnalysis<PathsResult>('paths', plan);
  const { options: stepOptions } = useStepOptions();
  const errors = run.errors;
  const result = run.data?.result;

  return (
    <>
      <PageHeader title="Paths" description="What customers do after a start point, before an end point, or between the two — one path per session." />
      <form className="options card" onSubmit={submit} aria-label="Path options">
        <div className="options__grid">
          <Field id="sankey-from" label="Start point" error={errors['start'] ?? errors['start.value']} hint="blank: from session start">
            <StepInput id="sankey-from" value={draft.from} onChange={(from) => set({ from })} options={stepOptions} />
          </Field>
          <Field id="sankey-to" label="End point" error={errors['end'] ?? errors['end.value']} hint="blank: no end point">
            <StepInput id="sankey-to" value={draft.to} onChange={(to) => set({ to })} options={stepOptions} />
          </Field>
          <Field id="sankey-by" label="Steps are" error={errors['by']}>
            <GranularitySelect value={draft.by} onChange={(by) => set({ by })} />
          </Field>
          <Field id="sankey-persona" label="Customers" error={errors['scope.persona']}>
            <PersonaSelect id="sankey-persona" value={draft.persona} onChange={(persona) => set({ persona })} />
          </Field>
          <Field id="sankey-depth" label="Depth (steps)" error={errors['depth']}>
            <input type="number" min={1} max={20} value={draft.depth} onChange={(e) => set({ depth: Number(e.target.value) })} />
          </Field>
          <Field id="sankey-minweight" label="Min. paths per link" error={errors['minWeight']}>
            <input type="number" min={1} value={draft.minWeight} onChange={(e) => set({ minWeight: Number(e.target.value) })} />
          </Field>
          <Field id="sankey-limit" label="Max. links" error={errors['limit']}>
            <input type="number" min={1} max={10000} value={draft.limit} onChange={(e) => set({ limit: Number(e.target.value) })} />
          </Field>
          <Field id="sankey-gap" label="Session gap" error={errors['sessionGap']} hint="e.g. 30m, 2h">
            <input type="text" value={draft.gap} onChange={(e) => set({ gap: e.target.value })} />
          </Field>
        </div>
        <div className="options__actions">
          <label className="checkbox">
            <input type="checkbox" checked={draft.collapse} onChange={(e) => set({ collapse: e.target.checked })} /> Collapse repeats
          </label>
          <button type="submit" className="button button--primary">
            Show paths
          </button>
        </div>
      </form>

      {run.error && run.error.status !== 400 && <ErrorNotice error={run.error} />}
      {run.error?.status === 400 && <ErrorNotice error={run.error} title="Check the options" />}
      {run.loading && <Loading label="Following paths…" />}
      {result && !run.error && (
        <section className="card chart-card" aria-label="Sankey of paths">
          <RunSummary
            tookMs={run.data?.tookMs}
            items={[
              ['Sessions', formatCount(result.sessions)],
              ['Paths', formatCount(result.paths)],
              ['Links shown', `${formatCount(result.links.length)} of ${formatCount(result.totalLinks)}`],
              ...(result.hiddenLinks.count ? ([['Hidden links', `${formatCount(result.hiddenLinks.count)} (${formatCount(result.hiddenLinks.value)} paths)`]] as Array<[string, string]>) : []),
              ...(result.mode === 'between' ? ([['Beyond depth', formatCount(result.beyondDepth)]] as Array<[string, string]>) : []),
            ]}
          />
          {result.links.length === 0 ? (
            <Empty>No path matches these options.</Empty>
          ) : (
            <>
              <SankeyChart result={result} onNode={(activity) => apply({ ...applied, from: `${applied.by}:${activity}`, to: '' })} />
              <p className="muted small">Click a node to see the paths from it; hover for its drop-off.</p>
            </>
          )}
        </section>
      )}
    </>
  );
}

function SankeyChart({ result, onNode }: { result: PathsResult; onNode: (activity: string) => void }) {
  const option = useMemo<EChartOption>(() => {
    const byId = new Map(result.nodes.map((n) => [n.id, n]));
    const minLabelled = Math.max(2, result.paths * 0.012);
    return {
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { dataType: string; data: { name?: string; source?: string; target?: string; value?: number } }) => {
          if (p.dataType === 'edge') {
            const s = byId.get(p.data.source ?? '');
            const t = byId.get(p.data.target ?? '');
            return `${escapeHtml(s?.activity ?? '')} → ${escapeHtml(t?.activity ?? '')}<br/><b>${formatCount(p.data.value)}</b> paths${s ? ` (${formatShare((p.data.value ?? 0) / s.count)} of ${escapeHtml(s.activity)})` : ''}`;
          }
          const n = byId.get(p.data.name ?? '');
          if (!n) return '';
          return `<b>${escapeHtml(n.activity)}</b> · step ${n.step}<br/>${formatCount(n.count)} paths<br/>continued ${formatCount(n.continued)} · dropped off ${formatCount(n.dropOff)} (${formatShare(n.count ? n.dropOff / n.count : null)})`;
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 150,
          top: 16,
          bottom: 16,
          nodeGap: 10,
          nodeWidth: 14,
          nodeAlign: result.mode === 'to_end' ? 'right' : 'left',
          layoutIterations: 32,
          emphasis: { focus: 'adjacency' },
          draggable: false,
          data: result.nodes.map((n) => ({ name: n.id, depth: n.step - 1, itemStyle: { color: colourFor(n.activity) } })),
          links: result.links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
          label: {
            color: '#1d2430',
            fontSize: 12,
            formatter: (p: { name: string }) => {
              const n = byId.get(p.name);
              if (!n) return p.name;
              // tiny nodes stay unlabelled (their labels would pile up); the tooltip names them
              return n.count < minLabelled ? '' : `${truncate(n.activity, 28)}  {count|${formatCount(n.count)}}`;
            },
            rich: { count: { color: AXIS_TEXT, fontSize: 11 } },
          },
        },
      ],
    };
  }, [result]);
  const height = Math.min(720, Math.max(420, result.nodes.length * 14));
  const byId = useMemo(() => new Map(result.nodes.map((n) => [n.id, n])), [result]);
  return (
    <EChart
      option={option}
      height={height}
      ariaLabel={`Sankey of ${result.paths} paths over ${result.nodes.length} nodes`}
      className="sankey-chart"
      onClick={(p) => {
        const node = p.dataType === 'node' ? byId.get(String((p.data as { name?: string }).name)) : undefined;
        if (node) onNode(node.activity);
      }}
    />
  );
}
