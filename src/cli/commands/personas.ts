/** `waymark personas`: list the workspace's personas with their member counts, or replace them from a JSON file. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatPath, InvalidInputError } from '../../domain/errors.js';
import { behaviourText } from '../../analytics/behaviour.js';
import { PersonasSchema } from '../../domain/persona.js';
import { dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

export function personasCommand(program: Command): void {
  const personas = program.command('personas').description('personas: named kinds of customers, each a rule over traits and behaviour, that analyses can filter by');
  dataOptions(personas.command('list'))
    .description('list personas and how many customers each has')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const list = await rt.analytics.personas(ws.id);
        print(opts.json, list, () =>
          table(list.map((p) => ({ key: p.key, name: p.name, customers: p.customers, rule: [...p.rule.map((c) => `${c.field} ${c.op} ${c.value === undefined ? '' : JSON.stringify(c.value)}`.trim()), ...p.behaviour.map(behaviourText)].join(' and ') }))),
        );
      }),
    );
  dataOptions(personas.command('set'))
    .description('replace the personas with those in a JSON file: [{ "key", "name", "description", "rule": [{ "field": "traits.X", "op": "eq", "value": … }], "behaviour": [{ "step": { "by": "touchpoint", "value": "Checkout Started" }, "min": 2 }] }]')
    .argument('<file>', 'JSON file with the list of personas')
    .action(async (file: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const parsed = PersonasSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (!parsed.success) throw new InvalidInputError(`invalid personas in ${file}`, parsed.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })));
        await rt.analytics.checkPersonaSteps(ws.id, parsed.data, file);
        await rt.state.setPersonas(ws.id, parsed.data);
        process.stdout.write(`${parsed.data.length} personas set for ${ws.id}\n`);
      }),
    );
}
