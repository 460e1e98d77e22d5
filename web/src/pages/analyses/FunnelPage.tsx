/**
 * Funnel (POST /v1/analyses/funnel): how many customers reach each step within the conversion
 * window, conversion against the previous and the first step, drop-off, time to convert (median,
 * p90, histogram) and an optional breakdown.
 *
 * Query parameters (all optional; the map deep-links with them):
 *   steps      comma-separated step texts, e.g. stage:awareness,stage:consideration,stage:purchase
 *              (or repeated step=…); without steps the workspace's stages are used
 *   by         journey granularity: touchpoint | event | stage | channel (default: the steps' own)
 *   window     conversion window: 30m, 12h, 7d, 2w, 3mo (default 14d)
 *   order      ordered | strict | unordered (default ordered)
 *   breakdown  persona | channel | first-touch | first-channel | traits.PATH | properties.PATH
 *   persona    only this persona's customers (persona key)
 * e.g. /app/analyses/funnel?steps=stage:awareness,stage:consideration&window=7d
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { Persona } from '../../api-types';
import { useApi } from '../../use-api';
import type { DurationStats, FunnelGroup, FunnelResult, Granularity } from '../../analysis-types';
import { FUNNEL_ORDERS, GRANULARITIES } from '../../analysis-types';
import { AXIS_TEXT, FONT, GRID_LINE, PALETTE } from '../../chart-colours';
import { EChart, type EChartOption } from '../../components/EChart';
import { Field } from '../../components/Field';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { formatCount, formatDurationMs, formatShare } from '../../format';
import { PersonaSelect } from './PersonaSelect';
import { readChoice, readStepList, toQuery, toStep } from './query';
import { RunSummary } from './RunSummary';
import { StepListEditor } from './StepListEditor';
import { useAnalysis } from './use-analysis';
import { useStepOptions } from './use-step-options';
import { useUrlOptions } from './use-url-options';

type Order = (typeof FUNNEL_ORDERS)[number];

interface FunnelOptions {
  steps: string[];
  by: Granularity | '';
  window: string;
  order: Order;
  breakdown: string;
  persona: string;
}

const DEFAULTS = { window: '14d', order: 'ordered' } as const;
const BREAKDOWNS: Array<[string, string]> = [
  ['', 'No breakdown'],
  ['persona', 'Persona'],
  ['first-channel', 'First channel'],
  ['first-touch', 'First touchpoint'],
  ['channel', 'Channel of step 1'],
];

function read(p: URLSearchParams): FunnelOptions {
  return {
    steps: readStepList(p),
    by: readChoice(p, 'by', ['', ...GRANULARITIES], ''),
    window: p.get('window') ?? DEFAULTS.window,
    order: readChoice(p, 'order', FUNNEL_ORDERS, DEFAULTS.order),
    breakdown: p.get('breakdown') ?? '',
    persona: p.get('persona') ?? '',
  };
}

function write(o: FunnelOptions): URLSearchParams {
  return toQuery({ steps: o.steps.map((s) => s.trim()).filter(Boolean).join(','), by: o.by, window: o.window, order: o.order, breakdown: o.breakdown, persona: o.persona }, DEFAULTS);
}

function planOf(o: FunnelOptions) {
  if (o.steps.length < 2) return null;
  return {
    steps: o.steps.map((s) => toStep(s) ?? { by: 'touchpoint', value: '' }),
    ...(o.by ? { by: o.by } : {}),
    window: o.window || DEFAULTS.window,
    order: o.order,
    ...(o.breakdown ? { breakdown: o.breakdown } : {}),
    ...(o.persona ? { scope: { persona: o.persona } } : {}),
  };
}

export function FunnelPage() {
  const { applied, draft, apply, set, submit } = useUrlOptions(read, write);
  const plan = useMemo(() => planOf(applied), [applied]);
  const run = useAnalysis<FunnelResult>('funnel', plan);
  const { options: stepOptions, stages } = useStepOptions();
  const personas = useApi<{ personas: Persona[] }>('GET', '/v1/personas');
  const personaName = useCallback((key: string) => personas.data?.personas.find((p) => p.key === key)?.name ?? key, [personas.data]);

  // Without steps in the URL: the workspace's stages, in order.
  useEffect(() => {
    if (applied.steps.length === 0 && stages.length >= 2) apply({ ...applied, steps: stages.map((s) => `stage:${s.key}`) }, { replace: true });
  }, [applied, stages, apply]);

  const errors = run.errors;
  const result = useMemo(() => run.data && withStageLabels(run.data.result, stages), [run.data, stages]);
  const breakdownChoices = BREAKDOWNS.some(([v]) => v === draft.breakdown) ? BREAKDOWNS : [...BREAKDOWNS, [draft.breakdown, draft.breakdown] as [string, string]];

  return (
    <>
      <PageHeader title="Funnel" description="How many customers reach each step within the window, where they drop off, and how long converting takes." />
      <form className="options card options--funnel" onSubmit={submit} aria-label="Funnel options">
        <StepListEditor id="funnel-step" steps={draft.steps.length ? draft.steps : ['', '']} onChange={(steps) => set({ steps })} options={stepOptions} errors={errors} />
        <div className="options__side">
          <Field id="funnel-window" label="Conversion window" error={errors['window']} hint="e.g. 1h, 7d, 2w">
            <input type="text" value={draft.window} onChange={(e) => set({ window: e.target.value })} />
          </Field>
          <Field id="funnel-order" label="Order" error={errors['order']}>
            <select value={draft.order} onChange={(e) => set({ order: e.target.value as Order })}>
              <option value="ordered">In order (others between allowed)</option>
              <option value="strict">Strict (nothing in between)</option>
              <option value="unordered">Any order</option>
            </select>
          </Field>
          <Field id="funnel-breakdown" label="Breakdown" error={errors['breakdown']} hint="or traits.PATH / properties.PATH">
            <input type="text" list="funnel-breakdowns" value={draft.breakdown} placeholder="No breakdown" onChange={(e) => set({ breakdown: e.target.value })} />
          </Field>
          <datalist id="funnel-breakdowns">
            {breakdownChoices
              .filter(([v]) => v)
              .map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
          </datalist>
          <Field id="funnel-persona" label="Customers" error={errors['scope.persona']}>
            <PersonaSelect id="funnel-persona" value={draft.persona} onChange={(persona) => set({ persona })} />
          </Field>
          <Field id="funnel-by" label="Journey granularity" error={errors['by']}>
            <select value={draft.by} onChange={(e) => set({ by: e.target.value as Granularity | '' })}>
              <option value="">As the steps</option>
              {GRANULARITIES.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button button--primary">
            Show funnel
          </button>
        </div>
      </form>

      {run.error && <ErrorNotice error={run.error} title={run.error.status === 400 ? 'Check the options' : undefined} />}
      {!plan && <Empty>Pick at least two steps.</Empty>}
      {run.loading && <Loading label="Walking the funnel…" />}
      {result && !run.error && <FunnelResultView result={result} tookMs={run.data?.tookMs} personaName={personaName} />}
    </>
  );
}

/** Stage steps are labelled by their key; show the stage model's label instead. */
function withStageLabels(result: FunnelResult, stages: Array<{ key: string; label: string }>): FunnelResult {
  if (!stages.length) return result;
  const names = new Map(stages.map((s) => [s.key, s.label]));
  const relabel = (g: FunnelGroup): FunnelGroup => ({ ...g, steps: g.steps.map((s) => ({ ...s, label: names.get(s.label) ?? s.label })) });
  return { ...result, total: relabel(result.total), breakdown: result.breakdown && { ...result.breakdown, groups: result.breakdown.groups.map(relabel) } };
}

function FunnelResultView({ result, tookMs, personaName }: { result: FunnelResult; tookMs?: number; personaName: (key: string) => string }) {
  const t = result.total;
  const first = t.steps[0];
  const last = t.steps[t.steps.length - 1];
  return (
    <>
      <section className="card chart-card" aria-label="Funnel">
        <RunSummary
          tookMs={tookMs}
          items={[
            ['Entered', formatCount(first?.count)],
            ['Converted', formatCount(last?.count)],
            ['Conversion', formatShare(last?.fromFirst)],
            ['Median time to convert', formatDurationMs(t.timeToConvert.medianMs)],
            ['Window', formatDurationMs(result.windowMs)],
          ]}
        />
        {first?.count ? <FunnelChart group={t} /> : <Empty>No customer reached the first step.</Empty>}
        <StepTable group={t} />
      </section>
      <div className="two-col">
        <section className="card" aria-labelledby="ttc-title">
          <h2 id="ttc-title">Time to convert</h2>
          <p className="muted small">
            First step to last, over {formatCount(t.timeToConvert.count)} customers who converted: median {formatDurationMs(t.timeToConvert.medianMs)}, p90 {formatDurationMs(t.timeToConvert.p90Ms)}.
          </p>
          <HistogramChart stats={t.timeToConvert} />
        </section>
        {result.breakdown && (
          <section className="card" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">By {result.breakdown.by}</h2>
            <BreakdownTable groups={result.breakdown.groups} totalGroups={result.breakdown.totalGroups} labels={t.steps.map((s) => s.label)} nameOf={result.breakdown.by === 'persona' ? personaName : undefined} />
          </section>
        )}
      </div>
    </>
  );
}

function FunnelChart({ group }: { group: FunnelGroup }) {
  const option = useMemo<EChartOption>(() => {
    const labels = group.steps.map((s) => s.label);
    const prevCounts = group.steps.map((s, i) => (i === 0 ? 0 : (group.steps[i - 1]?.count ?? 0) - s.count));
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 64, right: 24, top: 24, bottom: 56 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: Array<{ dataIndex: number }>) => {
          const s = group.steps[ps[0]?.dataIndex ?? 0];
          if (!s) return '';
          return `<b>${s.step}. ${s.label}</b><br/>${formatCount(s.count)} customers<br/>from previous ${formatShare(s.fromPrevious)} · from first ${formatShare(s.fromFirst)}<br/>dropped ${formatCount(s.dropped)}`;
        },
      },
      xAxis: { type: 'category', data: labels, axisLabel: { color: AXIS_TEXT, interval: 0, width: 140, overflow: 'truncate' }, axisTick: { show: false } },
      yAxis: { type: 'value', axisLabel: { color: AXIS_TEXT }, splitLine: { lineStyle: { color: GRID_LINE } } },
      series: [
        {
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 96,
          data: group.steps.map((s) => s.count),
          itemStyle: { color: PALETTE[0], borderRadius: [0, 0, 0, 0] },
          label: { show: true, position: 'insideTop', color: '#fff', fontWeight: 600, formatter: (p: { dataIndex: number }) => formatShare(group.steps[p.dataIndex]?.fromFirst ?? null, 0) },
        },
        {
          type: 'bar',
          stack: 'funnel',
          data: prevCounts,
          itemStyle: { color: 'rgba(47, 91, 234, 0.12)', borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: 'top', color: AXIS_TEXT, formatter: (p: { dataIndex: number; value: number }) => (p.dataIndex === 0 || !p.value ? '' : `−${formatCount(p.value)}`) },
          silent: true,
        },
      ],
    };
  }, [group]);
  return <EChart option={option} height={340} ariaLabel={`Funnel of ${group.steps.length} steps`} />;
}

function StepTable({ group }: { group: FunnelGroup }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" className="num">
            Customers
          </th>
          <th scope="col" className="num">
            From previous
          </th>
          <th scope="col" className="num">
            From first
          </th>
          <th scope="col" className="num">
            Dropped
          </th>
          <th scope="col" className="num">
            Time from previous (median · p90)
          </th>
        </tr>
      </thead>
      <tbody>
        {group.steps.map((s, i) => {
          const between = i > 0 ? group.timeBetween[i - 1] : undefined;
          return (
            <tr key={s.step}>
              <th scope="row">
                {s.step}. {s.label}
              </th>
              <td className="num">{formatCount(s.count)}</td>
              <td className="num">{i === 0 ? '—' : formatShare(s.fromPrevious)}</td>
              <td className="num">{formatShare(s.fromFirst)}</td>
              <td className="num">{i === 0 ? '—' : formatCount(s.dropped)}</td>
              <td className="num">{between ? `${formatDurationMs(between.medianMs)} · ${formatDurationMs(between.p90Ms)}` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function HistogramChart({ stats }: { stats: DurationStats }) {
  const option = useMemo<EChartOption>(() => {
    const buckets = stats.histogram;
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: buckets.map((b) => `${formatDurationMs(b.fromMs)}–${formatDurationMs(b.toMs)}`), axisLabel: { color: AXIS_TEXT, rotate: 30, fontSize: 11 } },
      yAxis: { type: 'value', axisLabel: { color: AXIS_TEXT }, splitLine: { lineStyle: { color: GRID_LINE } } },
      series: [{ type: 'bar', name: 'Customers', data: buckets.map((b) => b.count), itemStyle: { color: PALETTE[1], borderRadius: [3, 3, 0, 0] } }],
    };
  }, [stats]);
  if (!stats.count) return <Empty>Nobody converted within the window.</Empty>;
  return <EChart option={option} height={260} ariaLabel="Histogram of time to convert" />;
}

function BreakdownTable({ groups, totalGroups, labels, nameOf }: { groups: FunnelGroup[]; totalGroups: number; labels: string[]; nameOf?: (value: string) => string }) {
  return (
    <>
      <div className="table-scroll">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Group</th>
              {labels.map((l, i) => (
                <th key={i} scope="col" className="num" title={l}>
                  {i + 1}
                </th>
              ))}
              <th scope="col" className="num">
                Conversion
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => {
              const lastStep = g.steps[g.steps.length - 1];
              return (
                <tr key={g.value ?? '(none)'}>
                  <th scope="row">{g.value === null ? <span className="muted">(none)</span> : (nameOf?.(g.value) ?? g.value)}</th>
                  {g.steps.map((s) => (
                    <td key={s.step} className="num">
                      {formatCount(s.count)}
                    </td>
                  ))}
                  <td className="num">
                    <span className="bar-cell" style={{ ['--share' as string]: String(lastStep?.fromFirst ?? 0) }}>
                      {formatShare(lastStep?.fromFirst)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {totalGroups > groups.length && <p className="muted small">The {groups.length} largest of {totalGroups} groups.</p>}
    </>
  );
}
