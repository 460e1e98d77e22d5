/** `waymark analyse kpis`: conversion, sessions, pages per visit, time on page, NPS, CSAT, CES and churn per group or period. */
import type { Command } from 'commander';
import { formatDuration } from '../../../analytics/duration.js';
import type { KpisResult, KpiValues } from '../../../analytics/kpis.js';
import { parseStepText } from '../../../analytics/step.js';
import { basePlan, planOptions, runAndPrint, type PlanOptions } from './plan-options.js';
import { table } from '../../shared.js';

interface KpisOptions extends PlanOptions {
  group?: string;
  series?: string;
  conversion?: string;
  sessionGap?: string;
  timeOnPage?: string;
  churnWindow?: string;
}

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
const fixed = (x: number | null, d = 1) => (x === null ? '' : x.toFixed(d));

function cells(v: KpiValues): Record<string, string | number> {
  return {
    customers: v.customers,
    conversion: pct(v.conversionRate),
    sessions: v.sessions,
    'pages/visit': fixed(v.pagesPerVisit, 2),
    'time on page': v.timeOnPageMean === null ? '' : `${formatDuration(v.timeOnPageMean * 1000)} (median ${formatDuration(v.timeOnPageMedian! * 1000)})`,
    NPS: v.npsResponses ? `${fixed(v.nps)} (${v.npsResponses})` : '',
    CSAT: v.csatResponses ? `${pct(v.csat)} ${fixed(v.csatMean, 2)}/5 (${v.csatResponses})` : '',
    CES: v.cesResponses ? `${fixed(v.cesMean, 2)}/7 (${v.cesResponses})` : '',
    churn: pct(v.churnRate),
  };
}

function render({ result: r, tookMs }: { result: KpisResult; tookMs: number }): string {
  const rows = r.rows.map((x) => ({ ...(r.series ? { [r.series]: x.bucket } : {}), [r.group]: x.group ?? '(none)', ...cells(x) }));
  if (r.group !== 'none' || r.series) rows.push({ ...(r.series ? { [r.series]: 'all' } : {}), [r.group]: 'all', ...cells(r.total) });
  const conversion = `${r.conversion.by}:${r.conversion.value}`;
  return [
    `KPIs by ${r.group}${r.series ? ` per ${r.series}` : ''}, observed until ${r.observedUntil ?? '—'} (${tookMs} ms)`,
    `conversion = reached ${conversion} after the group's first event; NPS −100…100; CSAT = share of 4–5 and mean; CES mean; churn = no event in the last days of the range`,
    '',
    table(rows),
  ].join('\n');
}

export function kpisCommand(analyse: Command): void {
  planOptions(analyse.command('kpis'))
    .description('KPIs per stage, touchpoint, channel, persona or trait, or per day/week/month: conversion, sessions, pages per visit, time on page, NPS, CSAT, CES, churn')
    .option('--group <group>', 'none, touchpoint, event, stage, channel, source, persona or traits.PATH', 'none')
    .option('--series <period>', 'a time series by day, week or month (UTC; weeks start on Monday)')
    .option('--conversion <step>', 'the step that counts as converting (default "touchpoint:Order Completed")')
    .option('--session-gap <duration>', 'a new session after this much inactivity (default 30m)')
    .option('--time-on-page <property>', 'the page property holding seconds on the page (default time_on_page)')
    .option('--churn-window <duration>', 'churned = no event in this last stretch of the range (default 30d)')
    .action((opts: KpisOptions) => {
      const plan = basePlan(opts);
      delete plan.by; // KPIs group with --group; --by has no meaning here
      if (opts.group) plan.group = opts.group;
      if (opts.series) plan.series = opts.series;
      if (opts.conversion) plan.conversion = parseStepText(opts.conversion);
      if (opts.sessionGap) plan.sessionGap = opts.sessionGap;
      if (opts.timeOnPage) plan.timeOnPageProperty = opts.timeOnPage;
      if (opts.churnWindow) plan.churnWindow = opts.churnWindow;
      return runAndPrint<KpisResult>('kpis', opts, plan, render);
    });
}
