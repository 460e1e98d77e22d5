/** `waymark analyse dfg` and `waymark analyse variants`: process mining over journeys. */
import type { Command } from 'commander';
import type { DfgResult } from '../../../analytics/dfg.js';
import { formatDuration } from '../../../analytics/duration.js';
import type { VariantsResult } from '../../../analytics/variants.js';
import { intOption, table } from '../../shared.js';
import { basePlan, planOptions, runAndPrint, type PlanOptions } from './plan-options.js';

interface ProcessOptions extends PlanOptions {
  minCount?: number;
  limit?: number;
  collapse?: boolean;
}

function processPlan(opts: ProcessOptions): Record<string, unknown> {
  const plan = basePlan(opts);
  if (opts.minCount !== undefined) plan.minCount = opts.minCount;
  if (opts.limit !== undefined) plan.limit = opts.limit;
  if (opts.collapse) plan.collapseRepeats = true;
  return plan;
}

function processOptions(cmd: Command): Command {
  return planOptions(cmd)
    .option('--min-count <n>', 'leave out what was seen fewer times', intOption(1, 1_000_000_000))
    .option('--limit <n>', 'show at most this many', intOption(1, 10_000))
    .option('--collapse', 'treat a run of the same activity as one');
}

export function dfgCommands(analyse: Command): void {
  processOptions(analyse.command('dfg'))
    .description('directly-follows graph: which activity follows which, how often and how fast')
    .action((opts: ProcessOptions) =>
      runAndPrint<DfgResult>('dfg', opts, processPlan(opts), ({ result: r, tookMs }) =>
        [
          `${r.cases} journeys, ${r.events} events, ${r.activities.length} activities, ${r.totalEdges} edges (${tookMs} ms)`,
          '',
          table(r.edges.map((e) => ({ from: e.from, to: e.to, count: e.count, mean: formatDuration(e.meanMs), median: formatDuration(e.medianMs), p90: formatDuration(e.p90Ms) }))),
          '',
          'starts: ' + r.start.map((s) => `${s.activity} (${s.count})`).join(', '),
          'ends:   ' + r.end.map((s) => `${s.activity} (${s.count})`).join(', '),
        ].join('\n'),
      ),
    );
  processOptions(analyse.command('variants'))
    .description('variants: whole journeys as sequences, with count, share and duration')
    .action((opts: ProcessOptions) =>
      runAndPrint<VariantsResult>('variants', opts, processPlan(opts), ({ result: r, tookMs }) =>
        [
          `${r.cases} journeys in ${r.totalVariants} variants (${tookMs} ms)`,
          '',
          table(r.variants.map((v) => ({ count: v.count, share: `${(v.share * 100).toFixed(1)}%`, median: formatDuration(v.medianDurationMs), journey: v.activities.join(' → ') })), ['count', 'share', 'median', 'journey']),
        ].join('\n'),
      ),
    );
}
