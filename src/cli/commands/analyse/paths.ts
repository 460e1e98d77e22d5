/**
 * `waymark analyse paths`: the paths behind a Sankey — per step the nodes with their count and
 * drop-off, then the heaviest links.
 *   waymark analyse paths --start "touchpoint:Checkout Started" --depth 5 --collapse
 *   waymark analyse paths --by event --group "Product Viewed* as Products" --exclude "touchpoint:Newsletter*"
 */
import type { Command } from 'commander';
import type { Granularity } from '../../../analytics/granularity.js';
import type { PathsResult } from '../../../analytics/paths.js';
import { parseStepText } from '../../../analytics/step.js';
import { collect, intOption, table } from '../../shared.js';
import { basePlan, planOptions, runAndPrint, type PlanOptions } from './plan-options.js';

interface PathsOptions extends PlanOptions {
  start?: string;
  end?: string;
  depth?: number;
  group?: string[];
  exclude?: string[];
  sessionGap?: string;
  minWeight?: number;
  limit?: number;
  collapse?: boolean;
}

/** `Product Viewed*` or `Product Viewed* as Products` → a group. */
function groupFromText(text: string): { pattern: string; label?: string } {
  const at = text.lastIndexOf(' as ');
  return at > 0 ? { pattern: text.slice(0, at).trim(), label: text.slice(at + 4).trim() } : { pattern: text.trim() };
}

function pathsPlan(opts: PathsOptions): Record<string, unknown> {
  const plan = basePlan(opts);
  const by = (plan.by as Granularity | undefined) ?? 'touchpoint';
  if (opts.start) plan.start = parseStepText(opts.start, by);
  if (opts.end) plan.end = parseStepText(opts.end, by);
  if (opts.depth !== undefined) plan.depth = opts.depth;
  if (opts.group) plan.groups = opts.group.map(groupFromText);
  if (opts.exclude) plan.exclude = opts.exclude.map((x) => ({ by: parseStepText(x, 'touchpoint').by, pattern: parseStepText(x, 'touchpoint').value }));
  if (opts.sessionGap !== undefined) plan.sessionGap = opts.sessionGap;
  if (opts.minWeight !== undefined) plan.minWeight = opts.minWeight;
  if (opts.limit !== undefined) plan.limit = opts.limit;
  if (opts.collapse) plan.collapseRepeats = true;
  return plan;
}

const pct = (n: number, of: number) => (of ? `${((n / of) * 100).toFixed(1)}%` : '');

export function renderPaths(r: PathsResult, tookMs: number): string {
  const what = { sessions: 'session starts', from_start: 'from the start point', to_end: 'to the end point', between: 'from the start to the end point' }[r.mode];
  const head = `${r.paths} paths ${what} in ${r.sessions} sessions, ${r.totalNodes} nodes, ${r.totalLinks} links (${tookMs} ms)`;
  const beyond = r.mode === 'between' ? [`${r.beyondDepth} sessions reach the end point only beyond the depth (not drawn)`] : [];
  const hidden = r.hiddenLinks.count ? [`${r.hiddenLinks.count} lighter links hidden (${r.hiddenLinks.value} path steps)`] : [];
  return [
    head,
    ...beyond,
    '',
    table(r.nodes.map((n) => ({ step: n.step, node: n.activity, count: n.count, continued: n.continued, 'drop-off': n.dropOff, 'drop %': pct(n.dropOff, n.count) }))),
    '',
    'top links',
    table(r.links.map((l) => ({ step: `${l.step}→${l.step + 1}`, from: l.from, to: l.to, paths: l.value, share: pct(l.value, r.nodes.find((n) => n.id === l.source)?.count ?? 0) }))),
    ...hidden,
  ].join('\n');
}

export function pathsCommands(analyse: Command): void {
  planOptions(analyse.command('paths'))
    .description('paths for a Sankey: what happens after a start point, before an end point, or between two, per session')
    .option('--start <step>', 'paths after the first occurrence per session, e.g. "touchpoint:Checkout Started"')
    .option('--end <step>', 'paths leading to the first occurrence per session (after --start, if given)')
    .option('--depth <n>', 'steps shown, start and end included (default 5)', intOption(1, 20))
    .option('--group <pattern>', 'one node for matching activities: a glob or /regex/, optionally "PATTERN as LABEL" (repeatable)', collect)
    .option('--exclude <pattern>', 'leave matching events out first, e.g. "touchpoint:Newsletter*" or "event:/.*viewed/" (repeatable)', collect)
    .option('--session-gap <duration>', 'inactivity that ends a session (default 30m)')
    .option('--min-weight <n>', 'hide links taken by fewer paths', intOption(1, 1_000_000_000))
    .option('--limit <n>', 'show at most this many links, the heaviest (default 100)', intOption(1, 10_000))
    .option('--collapse', 'treat a run of the same node as one step')
    .action((opts: PathsOptions) => runAndPrint<PathsResult>('paths', opts, pathsPlan(opts), ({ result, tookMs }) => renderPaths(result, tookMs)));
}
