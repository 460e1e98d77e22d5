/**
 * `waymark analyse funnel`: steps in order (`--step` repeated), window, order, exclusions,
 * breakdown; prints a bar per step with conversion, drop-off and time from the previous step,
 * the time to convert, and a table per breakdown group. `--customers dropped:4` lists the
 * customers behind a step instead (the funnel-customers analysis), paged.
 */
import type { Command } from 'commander';
import { parseConditionText } from '../../../analytics/condition-text.js';
import { formatDuration } from '../../../analytics/duration.js';
import type { FunnelGroup, FunnelResult } from '../../../analytics/funnel.js';
import type { FunnelCustomersResult } from '../../../analytics/funnel-customers.js';
import type { DurationStats } from '../../../analytics/funnel-stats.js';
import { parseStepText } from '../../../analytics/step.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { collect, intOption, table } from '../../shared.js';
import { basePlan, planOptions, runAndPrint, type PlanOptions } from './plan-options.js';

interface FunnelOptions extends PlanOptions {
  step?: string[];
  stepWhere?: string[];
  window?: string;
  order?: string;
  exclude?: string[];
  breakdown?: string;
  breakdownLimit?: number;
  customers?: string;
  group?: string;
  limit?: number;
  offset?: number;
}

const BAR = 30;

function stepOf(text: string): { by: string; value: string } {
  return parseStepText(text, 'touchpoint');
}

/** `2:touchpoint:Payment Failed` (between step 2 and 3) or `2-4:event:Coupon Removed`. */
function exclusionOf(text: string, i: number): Record<string, unknown> {
  const m = /^(\d+)(?:-(\d+))?:(.+)$/s.exec(text.trim());
  if (!m) throw new InvalidInputError('invalid exclusion', [{ where: `--exclude[${i}]`, message: `"${text}" is not FROM:STEP or FROM-TO:STEP, e.g. 2:touchpoint:Payment Failed (between steps 2 and 3)` }]);
  const from = Number(m[1]);
  return { from, to: m[2] ? Number(m[2]) : from + 1, step: stepOf(m[3]!) };
}

function funnelPlan(opts: FunnelOptions): Record<string, unknown> {
  const plan = basePlan(opts);
  // --by only when given: a funnel's journey defaults to its steps' own granularity.
  if (opts.by === 'touchpoint' && !process.argv.some((a) => a === '--by' || a.startsWith('--by='))) delete plan.by;
  if (opts.step) plan.steps = opts.step.map(stepOf);
  for (const [i, text] of (opts.stepWhere ?? []).entries()) {
    const m = /^(\d+):(.+)$/s.exec(text);
    const steps = plan.steps as Array<Record<string, unknown>> | undefined;
    const step = m && steps?.[Number(m[1]) - 1];
    if (!m || !step) throw new InvalidInputError('invalid step condition', [{ where: `--step-where[${i}]`, message: `"${text}" is not STEP:CONDITION with STEP one of the --step numbers, e.g. 3:properties.total>100` }]);
    step.where = [...((step.where as unknown[] | undefined) ?? []), parseConditionText(m[2]!, `--step-where[${i}]`)];
  }
  if (opts.window) plan.window = opts.window;
  if (opts.order) plan.order = opts.order;
  if (opts.exclude) plan.exclusions = opts.exclude.map(exclusionOf);
  if (opts.breakdown) plan.breakdown = opts.breakdown;
  if (opts.breakdownLimit !== undefined) plan.breakdownLimit = opts.breakdownLimit;
  return plan;
}

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
const dur = (ms: number | null) => (ms === null ? '' : formatDuration(ms));

function timeLine(name: string, d: DurationStats): string {
  if (d.count === 0) return `${name}: nobody converted`;
  const hist = d.histogram.map((b) => `${formatDuration(b.fromMs)}+ ${b.count}`).join(' · ');
  return `${name}: median ${dur(d.medianMs)}, p90 ${dur(d.p90Ms)} over ${d.count} customers\n  ${hist}`;
}

function renderGroup(g: FunnelGroup): string {
  const top = Math.max(1, g.steps[0]?.count ?? 0);
  const rows = g.steps.map((s, i) => {
    const t = i === 0 ? undefined : g.timeBetween[i - 1];
    return {
      step: `${s.step}. ${s.label}`,
      customers: s.count,
      '': '█'.repeat(Math.round((s.count / top) * BAR)).padEnd(BAR, '·'),
      'from prev': i === 0 ? '' : pct(s.fromPrevious),
      'from first': pct(s.fromFirst),
      dropped: i === 0 ? '' : s.dropped,
      'median from prev': t ? dur(t.medianMs) : '',
      'p90 from prev': t ? dur(t.p90Ms) : '',
    };
  });
  return table(rows);
}

function renderFunnel(r: FunnelResult, tookMs: number): string {
  const out = [`${r.order} funnel, window ${formatDuration(r.windowMs)}: ${r.total.steps[0]?.count ?? 0} customers entered, ${pct(r.total.steps.at(-1)?.fromFirst ?? null) || '0%'} converted (${tookMs} ms)`, '', renderGroup(r.total), '', timeLine('time to convert (first → last step)', r.total.timeToConvert)];
  if (r.breakdown) {
    out.push('', `by ${r.breakdown.by} (${r.breakdown.groups.length} of ${r.breakdown.totalGroups} groups)`);
    out.push(
      table(
        r.breakdown.groups.map((g) => ({
          [r.breakdown!.by]: g.value ?? '(none)',
          ...Object.fromEntries(g.steps.map((s) => [`step ${s.step}`, `${s.count}${s.step > 1 ? ` (${pct(s.fromPrevious)})` : ''}`])),
          converted: pct(g.steps.at(-1)?.fromFirst ?? null),
          'median time': dur(g.timeToConvert.medianMs),
        })),
      ),
    );
  }
  return out.join('\n');
}

export function funnelCommands(analyse: Command): void {
  planOptions(analyse.command('funnel'))
    .description('funnel: how many customers reach each step within a window, conversion, drop-off and time to convert')
    .option('--step <step>', 'a step, in order (repeat, at least 2): touchpoint:NAME, event:NAME, stage:KEY, channel:NAME or a bare touchpoint', collect)
    .option('--step-where <n:condition>', 'narrow step n by an event condition, e.g. 3:properties.total>100 (repeatable)', collect)
    .option('--window <duration>', 'conversion window from the first step to the last: 30m, 12h, 7d, 2w, 3mo (default 14d)')
    .option('--order <order>', 'ordered (others may come between), strict (nothing between) or unordered (any order)')
    .option('--exclude <from[-to]:step>', 'break chains on this event between steps, e.g. 2:touchpoint:Payment Failed (repeatable)', collect)
    .option('--breakdown <by>', 'persona, traits.X, channel or properties.X of the first step event, first-touch, first-channel')
    .option('--breakdown-limit <n>', 'show at most this many breakdown groups', intOption(1, 1000))
    .option('--customers <status:step>', 'list customers instead: converted:N (reached step N) or dropped:N (reached N-1, not N)')
    .option('--group <value>', 'with --customers and --breakdown: only this group')
    .option('--limit <n>', 'with --customers: page size (default 100)', intOption(1, 10_000))
    .option('--offset <n>', 'with --customers: skip this many', intOption(0, 1_000_000_000))
    .action(async (opts: FunnelOptions) => {
      const plan = funnelPlan(opts);
      if (!opts.customers) {
        await runAndPrint<FunnelResult>('funnel', opts, plan, ({ result, tookMs }) => renderFunnel(result, tookMs));
        return;
      }
      const m = /^(converted|dropped):(\d+)$/.exec(opts.customers.trim());
      if (!m) throw new InvalidInputError('invalid --customers', [{ where: '--customers', message: `"${opts.customers}" is not converted:N or dropped:N` }]);
      Object.assign(plan, { status: m[1], step: Number(m[2]) });
      if (opts.group !== undefined) plan.group = opts.group;
      if (opts.limit !== undefined) plan.limit = opts.limit;
      if (opts.offset !== undefined) plan.offset = opts.offset;
      await runAndPrint<FunnelCustomersResult>('funnel-customers', opts, plan, ({ result: r, tookMs }) =>
        [
          `${r.total} customers ${m[1]} at step ${m[2]}; showing ${r.customers.length} from ${opts.offset ?? 0} (${tookMs} ms)`,
          '',
          table(r.customers.map((c) => ({ customer: c.customerId, reached: c.reached, 'last step at': c.lastStepAt === null ? '' : new Date(c.lastStepAt).toISOString(), group: c.group ?? '' }))),
        ].join('\n'),
      );
    });
}
