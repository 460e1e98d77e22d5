/** `waymark stats`: events, customers, stages, sources and touchpoints of a workspace. */
import type { Command } from 'commander';
import { dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

export function statsCommand(program: Command): void {
  dataOptions(program.command('stats'))
    .description('what a workspace holds: events, customers by stage, events by source and touchpoint')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const s = await rt.events.stats(ws.id);
        const stages = (await rt.state.getStages(ws.id)).map((x) => x.key);
        print(opts.json, s, () =>
          [
            `workspace ${ws.id}: ${s.events} events, ${s.customers} customers, ${s.unmappedEvents} events without a touchpoint`,
            '',
            'customers by current stage',
            table(order(s.byStage, stages).map((r) => ({ stage: r.stage ?? '(no stage yet)', customers: r.customers }))),
            '',
            table(s.bySource),
            '',
            `events by touchpoint (top ${Math.min(40, s.byTouchpoint.length)} of ${s.byTouchpoint.length}; identify/alias/group calls left out)`,
            table(s.byTouchpoint.slice(0, 40).map((r) => ({ ...r, touchpoint: r.touchpoint ?? '(no rule matched)' }))),
          ].join('\n'),
        );
      }),
    );
}

/** Rows in the stage model's order, unknown and missing stages last. */
function order<T extends { stage: string | null }>(rows: T[], stages: string[]): T[] {
  const rank = (s: string | null) => (s === null ? Infinity : stages.indexOf(s) === -1 ? stages.length : stages.indexOf(s));
  return [...rows].sort((a, b) => rank(a.stage) - rank(b.stage));
}
