/**
 * `waymark touchpoints …` and `waymark stages …`: the catalogue and stage model; each change
 * is re-applied to past events.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatPath } from '../../domain/errors.js';
import { StagesSchema } from '../../domain/stage.js';
import { type Catalogue, CatalogueSchema, TouchpointRuleSchema, TouchpointSchema } from '../../domain/touchpoint.js';
import { BUILTIN_CATALOGUE_VERSION, BUILTIN_RULES, BUILTIN_TOUCHPOINTS } from '../../domain/builtin-catalogue.js';
import { usesBuiltins } from '../../domain/catalogue-layers.js';
import type { Runtime } from '../../runtime.js';
import { CliError, collect, dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

function parseOr<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new CliError(`${what} is invalid:\n` + r.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'));
}

async function replace(rt: Runtime, ws: string, next: Catalogue): Promise<void> {
  const stages = new Set((await rt.state.getStages(ws)).map((s) => s.key));
  for (const t of next.touchpoints) if (t.stage !== null && !stages.has(t.stage)) throw new CliError(`touchpoint "${t.name}": stage "${t.stage}" is not one of ${[...stages].join(', ')}`);
  const r = await rt.ingest.replaceCatalogue(ws, next);
  process.stdout.write(`catalogue saved: ${next.touchpoints.length} touchpoints, ${next.rules.length} rules, built-ins ${usesBuiltins(next) ? 'on' : 'off'}; ${r.events} past events re-mapped\n`);
}

export function touchpointsCommand(program: Command): void {
  const cmd = program.command('touchpoints').description('the touchpoint catalogue: touchpoints (channel, stage) and the rules that match events to them');
  dataOptions(cmd.command('show'))
    .description('print the catalogue')
    .option('--json', 'print JSON (the format `touchpoints set` reads)')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const c = await rt.state.getCatalogue((await resolveWorkspace(rt, opts.workspace)).id);
        const builtins = usesBuiltins(c)
          ? `built-in catalogue ${BUILTIN_CATALOGUE_VERSION}: on — ${BUILTIN_TOUCHPOINTS.length} touchpoints, ${BUILTIN_RULES.length} rules beneath these (\`touchpoints builtins --show\` lists them, \`touchpoints builtins off\` switches them off)`
          : 'built-in catalogue: off (`touchpoints builtins on` switches it on)';
        print(opts.json, c, () => table(c.touchpoints, ['name', 'channel', 'stage', 'description']) + '\n\n' + table(c.rules.map((r) => ({ ...r, match: JSON.stringify(r.match) })), ['id', 'priority', 'touchpoint', 'match']) + '\n\n' + builtins);
      }),
    );
  dataOptions(cmd.command('set <file>'))
    .description('replace the catalogue with a JSON file ({touchpoints, rules}) and re-map past events')
    .action(async (file: string, opts) =>
      withRuntime(opts, async (rt) => {
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new CliError(`${file}: ${(err as Error).message}`);
        }
        await replace(rt, (await resolveWorkspace(rt, opts.workspace)).id, parseOr(CatalogueSchema, raw, file));
      }),
    );
  dataOptions(cmd.command('add <name>'))
    .description('add or update a touchpoint')
    .option('--channel <channel>', 'its channel (web, email, store, …)')
    .option('--stage <stage>', 'its stage key')
    .option('--description <text>', 'what it is', '')
    .action(async (name: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const tp = parseOr(TouchpointSchema, { name, channel: opts.channel ?? null, stage: opts.stage ?? null, description: opts.description }, 'touchpoint');
        const c = await rt.state.getCatalogue(ws);
        await replace(rt, ws, { ...c, touchpoints: [...c.touchpoints.filter((t) => t.name !== name), tp] });
      }),
    );
  dataOptions(cmd.command('rule <id>'))
    .description('add or replace a rule: events matching all given patterns (glob, or /regex/) become the touchpoint')
    .requiredOption('--touchpoint <name>', 'the touchpoint it maps to')
    .option('--name <pattern>', 'event name pattern')
    .option('--type <pattern>', 'event type pattern (track, page, …)')
    .option('--source <pattern>', 'source pattern (segment, zendesk, …)')
    .option('--channel <pattern>', 'reported channel pattern')
    .option('--property <path=pattern>', 'property path and pattern, e.g. plan.tier=enterprise (repeatable)', collect, [])
    .option('--priority <n>', 'lower runs first; equal priorities run in rule-id order', '100')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const properties: Record<string, string> = {};
        for (const kv of (opts.property as string[] | undefined) ?? []) {
          const i = kv.indexOf('=');
          if (i <= 0) throw new CliError(`--property ${kv}: expected path=pattern`);
          properties[kv.slice(0, i)] = kv.slice(i + 1);
        }
        const match = Object.fromEntries(Object.entries({ name: opts.name, type: opts.type, source: opts.source, channel: opts.channel }).filter(([, v]) => v !== undefined));
        const rule = parseOr(TouchpointRuleSchema, { id, priority: Number(opts.priority), touchpoint: opts.touchpoint, match: Object.keys(properties).length ? { ...match, properties } : match }, 'rule');
        const c = await rt.state.getCatalogue(ws);
        if (!c.touchpoints.some((t) => t.name === rule.touchpoint)) {
          throw new CliError(`rule ${id}: unknown touchpoint "${rule.touchpoint}"; add it first with \`waymark touchpoints add "${rule.touchpoint}" --channel … --stage …\``);
        }
        await replace(rt, ws, parseOr(CatalogueSchema, { ...c, rules: [...c.rules.filter((r) => r.id !== id), rule] }, 'catalogue'));
      }),
    );
  dataOptions(cmd.command('builtins [state]'))
    .description('the built-in catalogue (Segment, GA4, PostHog, support and survey conventions) beneath the workspace rules: on, off, or --show')
    .option('--show', 'list the built-in touchpoints and rules')
    .option('--json', 'with --show: print JSON')
    .action(async (state: string | undefined, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const c = await rt.state.getCatalogue(ws);
        if (state === undefined || opts.show) {
          const builtin = { version: BUILTIN_CATALOGUE_VERSION, enabled: usesBuiltins(c), touchpoints: BUILTIN_TOUCHPOINTS, rules: BUILTIN_RULES };
          print(opts.json, builtin, () =>
            `built-in catalogue ${builtin.version}: ${builtin.enabled ? 'on' : 'off'}\n\n` +
            table([...builtin.touchpoints], ['name', 'channel', 'stage', 'description']) + '\n\n' +
            table(builtin.rules.map((r) => ({ ...r, match: JSON.stringify(r.match) })), ['id', 'priority', 'touchpoint', 'match']),
          );
          return;
        }
        if (state !== 'on' && state !== 'off') throw new CliError(`builtins: expected on or off, got "${state}"`);
        await replace(rt, ws, { ...c, builtins: state === 'on' });
      }),
    );
  dataOptions(cmd.command('remove-rule <id>'))
    .description('remove a rule and re-map past events')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const c = await rt.state.getCatalogue(ws);
        if (!c.rules.some((r) => r.id === id)) throw new CliError(`no rule "${id}"`);
        await replace(rt, ws, { ...c, rules: c.rules.filter((r) => r.id !== id) });
      }),
    );

  const stages = program.command('stages').description('the stage model (ordered lifecycle steps)');
  dataOptions(stages.command('show'))
    .option('--json', 'print JSON')
    .action(async (opts) => withRuntime(opts, async (rt) => {
      const s = await rt.state.getStages((await resolveWorkspace(rt, opts.workspace)).id);
      print(opts.json, s, () => table(s));
    }));
  dataOptions(stages.command('set <stages...>'))
    .description('replace the stage model, in order: key[:Label] …, e.g. `stages set discover:Discover buy:Buy`')
    .action(async (items: string[], opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const labels = new Map((await rt.state.getStages(ws)).map((s) => [s.key, s.label]));
        const next = parseOr(StagesSchema, items.map((s) => {
          const key = s.split(':')[0]!;
          return { key, label: s.includes(':') ? s.slice(s.indexOf(':') + 1) : (labels.get(key) ?? key) };
        }), 'stages');
        const keys = new Set(next.map((s) => s.key));
        const used = (await rt.state.getCatalogue(ws)).touchpoints.filter((t) => t.stage !== null && !keys.has(t.stage));
        if (used.length) {
          const shown = used.slice(0, 5).map((t) => `${t.name} (${t.stage})`).join(', ');
          throw new CliError(
            `${used.length} touchpoints still use stages this model removes: ${shown}${used.length > 5 ? ', …' : ''}.\n` +
              `Move them first (\`waymark touchpoints show --json > c.json\`, edit their stages, \`waymark touchpoints set c.json\`), or keep those stage keys.`,
          );
        }
        await rt.state.setStages(ws, next);
        process.stdout.write(`stages: ${next.map((s) => s.key).join(' → ')}\n`);
      }),
    );
}
