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
        print(opts.json, s, () =>
          [
            `workspace ${ws.id}: ${s.events} events, ${s.customers} customers, ${s.unmappedEvents} events without a touchpoint`,
            '',
            table(s.byStage as unknown as Record<string, unknown>[]),
            '',
            table(s.bySource as unknown as Record<string, unknown>[]),
            '',
            table(s.byTouchpoint.slice(0, 40) as unknown as Record<string, unknown>[]),
          ].join('\n'),
        );
      }),
    );
}
