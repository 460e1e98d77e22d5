/**
 * Flags every `waymark analyse` subcommand shares — granularity, scope (time range, sources,
 * persona, segment, event conditions), `--plan` to give a whole JSON plan, `--json` — and
 * the code that runs a plan through the engine and prints it.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseConditionText } from '../../../analytics/condition-text.js';
import type { AnalysisRun } from '../../../analytics/engine.js';
import { collect, dataOptions, type GlobalOptions, print, resolveWorkspace, withRuntime } from '../../shared.js';

export interface PlanOptions extends GlobalOptions {
  by?: string;
  from?: string;
  to?: string;
  source?: string[];
  persona?: string;
  segment?: string[];
  where?: string[];
  plan?: string;
}

export function planOptions(cmd: Command): Command {
  return dataOptions(cmd)
    .option('--by <granularity>', 'touchpoint, event, stage or channel', 'touchpoint')
    .option('--from <date>', 'events from this time (ISO 8601, inclusive)')
    .option('--to <date>', 'events before this time (ISO 8601, exclusive)')
    .option('--source <source>', 'only events from this source (repeatable)', collect)
    .option('--persona <key>', 'only customers of this persona')
    .option('--segment <condition>', 'only customers whose traits meet it, e.g. traits.plan=trail_club (repeatable)', collect)
    .option('--where <condition>', 'only events that meet it, e.g. properties.total>100 (repeatable)', collect)
    .option('--plan <json|@file>', 'the whole plan as JSON (flags given too override its fields)')
    .option('--json', 'print the result as JSON');
}

/** The plan the flags describe: scope and granularity, merged over --plan. */
export function basePlan(opts: PlanOptions): Record<string, unknown> {
  const given = opts.plan ? (JSON.parse(opts.plan.startsWith('@') ? readFileSync(opts.plan.slice(1), 'utf8') : opts.plan) as Record<string, unknown>) : {};
  const scope = { ...((given.scope as Record<string, unknown> | undefined) ?? {}) };
  if (opts.from) scope.from = opts.from;
  if (opts.to) scope.to = opts.to;
  if (opts.source) scope.sources = opts.source;
  if (opts.persona) scope.persona = opts.persona;
  if (opts.segment) scope.segment = opts.segment.map((c, i) => parseConditionText(c, `--segment[${i}]`));
  if (opts.where) scope.where = opts.where.map((c, i) => parseConditionText(c, `--where[${i}]`));
  const plan: Record<string, unknown> = { ...given, scope };
  if (opts.by && (opts.by !== 'touchpoint' || given.by === undefined)) plan.by = opts.by;
  return plan;
}

/** Run `kind` with the plan and print it: JSON, or the table `render` makes. */
export async function runAndPrint<R>(kind: string, opts: PlanOptions, plan: Record<string, unknown>, render: (r: AnalysisRun<R>) => string): Promise<void> {
  await withRuntime(opts, async (rt) => {
    const ws = await resolveWorkspace(rt, opts.workspace);
    const run = await rt.analytics.run<R>(ws.id, kind, plan);
    print(opts.json, run, () => render(run));
  });
}
