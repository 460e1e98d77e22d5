/** `waymark analyse retention`: a cohort table — cohort size, % returning in each period after, churn. */
import type { Command } from 'commander';
import { formatDuration } from '../../../analytics/duration.js';
import type { RetentionCell, RetentionResult } from '../../../analytics/retention.js';
import { parseStepText } from '../../../analytics/step.js';
import { intOption, table } from '../../shared.js';
import { basePlan, planOptions, runAndPrint, type PlanOptions } from './plan-options.js';

interface RetentionOptions extends PlanOptions {
  cohort?: string;
  return?: string;
  period?: string;
  periods?: number;
  unbounded?: boolean;
  churnWindow?: string;
}

const percent = (x: RetentionCell) => (x.rate === null ? '' : `${(x.rate * 100).toFixed(1)}%`);

function render({ result: r, tookMs }: { result: RetentionResult; tookMs: number }): string {
  const offsets = r.overall.retention.map((x) => x.offset);
  const head = (k: number) => `${r.period[0]}${k}`;
  const row = (cohort: string, size: number, cells: RetentionCell[], churn: number | null) => ({
    cohort,
    size,
    ...Object.fromEntries(cells.map((x) => [head(x.offset), percent(x)])),
    churn: churn === null ? '' : `${(churn * 100).toFixed(1)}%`,
  });
  const rows = r.cohorts.map((c) => row(c.cohort, c.size, c.retention, c.churn.rate));
  if (rows.length) rows.push(row('all', r.customers, r.overall.retention, r.overall.churn.rate));
  return [
    `${r.customers} customers in ${r.cohorts.length} ${r.period}ly cohorts, ${r.mode} retention, observed until ${r.observedUntil ?? '—'} (${tookMs} ms)`,
    `${head(0)} = later in the cohort's own ${r.period}; blank = not observed yet; churn = no return in the last ${formatDuration(r.churnWindowMs)} (of those who joined before)`,
    '',
    table(rows, ['cohort', 'size', ...offsets.map(head), 'churn']),
  ].join('\n');
}

export function retentionCommand(analyse: Command): void {
  planOptions(analyse.command('retention'))
    .description('retention and churn: cohorts by first step and period, % returning in each period after')
    .option('--cohort <step>', 'the step that starts a cohort, e.g. "touchpoint:Order Completed" (default: the first event)')
    .option('--return <step>', 'the step that counts as coming back (default: any event)')
    .option('--period <period>', 'day, week or month (UTC; weeks start on Monday)')
    .option('--periods <n>', 'show periods 0…n after the cohort', intOption(1, 400))
    .option('--unbounded', 'count a return in that period or any later one')
    .option('--churn-window <duration>', 'churned = no return for this long before the end of the data (default 30d)')
    .action((opts: RetentionOptions) => {
      const plan = basePlan(opts);
      const by = plan.by as 'touchpoint' | 'event' | 'stage' | 'channel' | undefined;
      if (opts.cohort) plan.cohort = parseStepText(opts.cohort, by);
      if (opts.return) plan.return = parseStepText(opts.return, by);
      if (opts.period) plan.period = opts.period;
      if (opts.periods !== undefined) plan.periods = opts.periods;
      if (opts.unbounded) plan.mode = 'unbounded';
      if (opts.churnWindow) plan.churnWindow = opts.churnWindow;
      return runAndPrint<RetentionResult>('retention', opts, plan, render);
    });
}
