/**
 * Retention (POST /v1/analyses/retention): cohorts by the period of their entry step × periods
 * since, as a heatmap of the share who came back; each cohort's churn in its tooltip.
 *
 * Query parameters (all optional; the map deep-links with them):
 *   cohort   entry step text (stage:purchase, touchpoint:…); blank: the customer's first event
 *   return   step that counts as coming back; blank: any event
 *   by       granularity: touchpoint | event | stage | channel (default touchpoint)
 *   period   day | week | month (default week)
 *   periods  offsets shown, 1–400 (default 12)
 *   mode     classic (came back in that period) | unbounded (in it or later) (default classic)
 *   churn    inactivity that counts as churned: 14d, 30d, 3mo (default 30d)
 *   persona  only this persona's customers (persona key)
 * e.g. /app/analyses/retention?cohort=stage:purchase&return=stage:purchase&period=month
 */
import { useMemo } from 'react';
import type { Granularity, RetentionResult } from '../../analysis-types';
import { PERIODS } from '../../analysis-types';
import { AXIS_TEXT, FONT } from '../../chart-colours';
import { EChart, type EChartOption } from '../../components/EChart';
import { Field } from '../../components/Field';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { formatCount, formatDate, formatDurationMs, formatShare } from '../../format';
import { PersonaSelect } from './PersonaSelect';
import { readChoice, readGranularity, readInt, toQuery, toStep } from './query';
import { RunSummary } from './RunSummary';
import { StepInput } from './StepInput';
import { useAnalysis } from './use-analysis';
import { useStepOptions } from './use-step-options';
import { GranularitySelect } from './GranularitySelect';
import { useUrlOptions } from './use-url-options';

type Period = (typeof PERIODS)[number];
type Mode = 'classic' | 'unbounded';

interface RetentionOptions {
  cohort: string;
  ret: string;
  by: Granularity;
  period: Period;
  periods: number;
  mode: Mode;
  churn: string;
  persona: string;
}

const DEFAULTS = { by: 'touchpoint', period: 'week', periods: 12, mode: 'classic', churn: '30d' } as const;

function read(p: URLSearchParams): RetentionOptions {
  return {
    cohort: p.get('cohort') ?? '',
    ret: p.get('return') ?? '',
    by: readGranularity(p, DEFAULTS.by),
    period: readChoice(p, 'period', PERIODS, DEFAULTS.period),
    periods: readInt(p, 'periods', DEFAULTS.periods, 1, 400),
    mode: readChoice<Mode>(p, 'mode', ['classic', 'unbounded'], DEFAULTS.mode),
    churn: p.get('churn') ?? DEFAULTS.churn,
    persona: p.get('persona') ?? '',
  };
}

function write(o: RetentionOptions): URLSearchParams {
  return toQuery({ cohort: o.cohort, return: o.ret, by: o.by, period: o.period, periods: o.periods, mode: o.mode, churn: o.churn, persona: o.persona }, DEFAULTS);
}

function planOf(o: RetentionOptions) {
  return {
    by: o.by,
    cohort: toStep(o.cohort, o.by),
    return: toStep(o.ret, o.by),
    period: o.period,
    periods: o.periods,
    mode: o.mode,
    churnWindow: o.churn || DEFAULTS.churn,
    ...(o.persona ? { scope: { persona: o.persona } } : {}),
  };
}

const PERIOD_WORD: Record<Period, string> = { day: 'Day', week: 'Week', month: 'Month' };

export function RetentionPage() {
  const { applied, draft, set, submit } = useUrlOptions(read, write);
  const plan = useMemo(() => planOf(applied), [applied]);
  const run = useAnalysis<RetentionResult>('retention', plan);
  const { options: stepOptions } = useStepOptions();
  const errors = run.errors;
  const result = run.data?.result;

  return (
    <>
      <PageHeader title="Retention" description="Of the customers who entered in each period, the share who came back in each period after." />
      <form className="options card" onSubmit={submit} aria-label="Retention options">
        <div className="options__grid">
          <Field id="ret-cohort" label="Cohort entry" error={errors['cohort'] ?? errors['cohort.value']} hint="blank: first event">
            <StepInput id="ret-cohort" value={draft.cohort} onChange={(cohort) => set({ cohort })} options={stepOptions} />
          </Field>
          <Field id="ret-return" label="Comes back with" error={errors['return'] ?? errors['return.value']} hint="blank: any event">
            <StepInput id="ret-return" value={draft.ret} onChange={(ret) => set({ ret })} options={stepOptions} />
          </Field>
          <Field id="ret-period" label="Period" error={errors['period']}>
            <select value={draft.period} onChange={(e) => set({ period: e.target.value as Period })}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {PERIOD_WORD[p]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="ret-periods" label="Periods shown" error={errors['periods']}>
            <input type="number" min={1} max={400} value={draft.periods} onChange={(e) => set({ periods: Number(e.target.value) })} />
          </Field>
          <Field id="ret-mode" label="Counts" error={errors['mode']}>
            <select value={draft.mode} onChange={(e) => set({ mode: e.target.value as Mode })}>
              <option value="classic">Back in that period</option>
              <option value="unbounded">Back in that period or later</option>
            </select>
          </Field>
          <Field id="ret-churn" label="Churned after" error={errors['churnWindow']} hint="inactivity, e.g. 30d">
            <input type="text" value={draft.churn} onChange={(e) => set({ churn: e.target.value })} />
          </Field>
          <Field id="ret-by" label="Steps are" error={errors['by']}>
            <GranularitySelect value={draft.by} onChange={(by) => set({ by })} />
          </Field>
          <Field id="ret-persona" label="Customers" error={errors['scope.persona']}>
            <PersonaSelect id="ret-persona" value={draft.persona} onChange={(persona) => set({ persona })} />
          </Field>
        </div>
        <div className="options__actions">
          <button type="submit" className="button button--primary">
            Show retention
          </button>
        </div>
      </form>
      {run.error && <ErrorNotice error={run.error} title={run.error.status === 400 ? 'Check the options' : undefined} />}
      {run.loading && <Loading label="Building cohorts…" />}
      {result && !run.error && (
        <section className="card chart-card" aria-label="Retention heatmap">
          <RunSummary
            tookMs={run.data?.tookMs}
            items={[
              ['Customers in cohorts', formatCount(result.customers)],
              ['Cohorts', formatCount(result.cohorts.length)],
              [`${PERIOD_WORD[result.period]} 1 retention`, formatShare(result.overall.retention[1]?.rate ?? null)],
              ['Churn', `${formatShare(result.overall.churn.rate)} (${formatDurationMs(result.churnWindowMs)} inactive)`],
            ]}
          />
          {result.cohorts.length === 0 ? <Empty>No customer entered a cohort.</Empty> : <RetentionHeatmap result={result} />}
        </section>
      )}
    </>
  );
}

function RetentionHeatmap({ result }: { result: RetentionResult }) {
  const option = useMemo<EChartOption>(() => {
    const word = PERIOD_WORD[result.period];
    const offsets = result.overall.retention.map((c) => c.offset);
    const rows = [
      { label: 'All cohorts', size: result.customers, cells: result.overall.retention, churn: result.overall.churn.rate },
      ...result.cohorts.map((c) => ({ label: formatDate(c.cohort), size: c.size, cells: c.retention, churn: c.churn.rate })),
    ];
    const data: Array<[number, number, number | '-']> = [];
    rows.forEach((r, y) => r.cells.forEach((c) => data.push([c.offset, y, c.rate === null ? '-' : Math.round(c.rate * 1000) / 10])));
    const max = Math.max(1, ...data.filter((d) => d[0] > 0 && typeof d[2] === 'number').map((d) => d[2] as number));
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 170, right: 90, top: 30, bottom: 70 },
      tooltip: {
        formatter: (p: { value: [number, number, number | '-'] }) => {
          const [x, y, v] = p.value;
          const r = rows[y];
          const cell = r?.cells.find((c) => c.offset === x);
          if (!r || !cell) return '';
          return `<b>${r.label}</b> · ${word} ${x}<br/>${v === '-' ? 'not observed yet' : `${v}% (${formatCount(cell.customers)} of ${formatCount(r.size)})`}<br/>cohort churn ${formatShare(r.churn)}`;
        },
      },
      xAxis: { type: 'category', data: offsets.map((o) => `${word} ${o}`), position: 'top', axisLabel: { color: AXIS_TEXT, interval: 0, fontSize: 11 }, axisTick: { show: false }, splitArea: { show: false } },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.label),
        inverse: true,
        axisTick: { show: false },
        axisLabel: { color: AXIS_TEXT, formatter: (label: string, i: number) => `${label}  {n|${formatCount(rows[i]?.size)}}`, rich: { n: { color: '#8a94a6', fontSize: 11 } } },
      },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 8, itemWidth: 12, itemHeight: 160, text: [`${max.toFixed(0)}%`, '0%'], inRange: { color: ['#eef3ff', '#9db4f7', '#2f5bea', '#1c3aa6'] }, outOfRange: { color: '#f1f3f6' } },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: offsets.length <= 16, fontSize: 11, formatter: (p: { value: [number, number, number | '-'] }) => (p.value[2] === '-' ? '' : `${p.value[2]}%`) },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          emphasis: { itemStyle: { borderColor: '#1d2430', borderWidth: 1 } },
        },
      ],
    };
  }, [result]);
  const height = Math.min(1000, Math.max(320, (result.cohorts.length + 1) * 30 + 110));
  return <EChart option={option} height={height} ariaLabel={`Retention of ${result.cohorts.length} cohorts over ${result.overall.retention.length} periods`} />;
}
