/** `waymark customers list|show`: unified profiles and their timelines. */
import type { Command } from 'commander';
import type { Runtime } from '../../runtime.js';
import { CliError, dataOptions, intOption, print, resolveWorkspace, table, withRuntime } from '../shared.js';

export function customersCommand(program: Command): void {
  const cmd = program.command('customers').description('unified customer profiles');
  dataOptions(cmd.command('list'))
    .description('list customers, most recently seen first')
    .option('--stage <stage>', 'only customers currently in this stage')
    .option('--search <text>', 'customer id, userId or part of the e-mail')
    .option('--limit <n>', 'how many (1–1000)', intOption(1, 1000), 20)
    .option('--offset <n>', 'skip this many', intOption(0, 1_000_000_000), 0)
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        if (opts.stage !== undefined) {
          const stages = (await rt.state.getStages(ws.id)).map((s) => s.key);
          if (!stages.includes(opts.stage)) throw new CliError(`--stage: "${opts.stage}" is not one of ${stages.join(', ')}`);
        }
        const r = await rt.events.listCustomers(ws.id, { stage: opts.stage, search: opts.search, limit: opts.limit, offset: opts.offset });
        const shown = r.customers.length ? `showing ${opts.offset + 1}–${opts.offset + r.customers.length}` : 'showing none';
        print(opts.json, r, () => `${r.total} customers, ${shown} (--limit, --offset for more)\n` + table(r.customers, ['customerId', 'userId', 'email', 'stage', 'eventCount', 'lastSeen']));
      }),
    );
  dataOptions(cmd.command('show <id>'))
    .description('a profile (by customer id, userId, anonymousId or e-mail) and its timeline across sources')
    .option('--limit <n>', 'timeline events, the latest (1–5000)', intOption(1, 5000), 50)
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const p = await mustFindCustomer(rt, ws.id, id);
        const timeline = await rt.events.timeline(ws.id, p.customerId, { limit: opts.limit });
        print(opts.json, { ...p, timeline }, () =>
          [
            `customer ${p.customerId}  stage: ${p.stage ?? '-'}  events: ${p.eventCount}  first seen ${p.firstSeen}  last seen ${p.lastSeen}  first touch: ${p.firstChannelGroup ?? '-'}`,
            `identifiers: ${p.identifiers.map((i) => i.identifier).join(', ')}`,
            `sources: ${p.sources.join(', ')}${p.mergedFrom.length ? `   merged from: ${p.mergedFrom.join(', ')}` : ''}`,
            `traits: ${JSON.stringify(p.traits)}`,
            ...(p.traitHistory.length ? ['trait history (latest first):', ...p.traitHistory.slice(0, 10).map((h) => `  ${h.timestamp}  ${h.trait} = ${JSON.stringify(h.value)}`)] : []),
            '',
            table(timeline, ['timestamp', 'source', 'type', 'name', 'touchpoint', 'channel', 'stage']),
          ].join('\n'),
        );
      }),
    );
  dataOptions(cmd.command('erase <id>'))
    .description('erase a customer (right to erasure): events, identifiers, traits and profile')
    .option('--yes', 'do it (without this, only say what would be erased)')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const p = await mustFindCustomer(rt, ws.id, id);
        if (!opts.yes) {
          process.stdout.write(`would erase ${p.customerId} (${p.eventCount} events; ${p.identifiers.map((i) => i.identifier).join(', ')}); add --yes to erase\n`);
          return;
        }
        const r = await rt.events.eraseCustomer(ws.id, p.customerId);
        process.stdout.write(`erased ${p.customerId}: ${r.events} events and ${p.identifiers.length} identifiers\n`);
      }),
    );
}

async function mustFindCustomer(rt: Runtime, ws: string, id: string) {
  const p = await rt.events.findCustomer(ws, id);
  if (!p) throw new CliError(`no customer with id, userId, anonymousId or e-mail "${id}"`);
  return p;
}
