/**
 * `waymark map list|templates|create|show|export|import`: the workspace's journey maps from the
 * command line — the same documents, numbers and export files as the web app and the API.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatPath, InvalidInputError } from '../../domain/errors.js';
import { type JourneyMap, JourneyMapSchema, type StoredMap } from '../../domain/journey-map.js';
import { proposeMap } from '../../mapping/propose.js';
import { EXPORT_FORMATS, type ExportFormat, exportMap } from '../../maps/export-map.js';
import { importMapJson } from '../../maps/export-json.js';
import { mapFromProposal } from '../../maps/map-from-proposal.js';
import { computeMapMetrics } from '../../maps/map-metrics.js';
import { MAP_TEMPLATES } from '../../maps/templates.js';
import type { Runtime } from '../../runtime.js';
import { CliError, dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

async function mustGet(rt: Runtime, ws: string, id: string): Promise<StoredMap> {
  const m = await rt.state.maps.get(ws, id);
  if (!m) throw new CliError(`no map "${id}" in ${ws}; \`waymark map list\` shows them`);
  return m;
}

function metricsOf(rt: Runtime, ws: string, doc: JourneyMap) {
  return computeMapMetrics(ws, doc, { analytics: rt.analytics, feedback: { db: rt.db, state: rt.state } });
}

export function mapDocumentCommands(cmd: Command): void {
  dataOptions(cmd.command('list'))
    .description("list the workspace's journey maps")
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const maps = await rt.state.maps.list(ws.id);
        print(opts.json, maps, () => table(maps.map((m) => ({ id: m.id, name: m.name, persona: m.persona ?? '', stages: m.stages, lanes: m.lanes, revision: m.revision, updated: m.updatedAt }))));
      }),
    );
  cmd
    .command('templates')
    .description('list the map templates')
    .option('--json', 'print JSON')
    .action((opts) => print(opts.json, MAP_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description })), () => table(MAP_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description })))));
  dataOptions(cmd.command('create'))
    .description('create a map from a template, from the data (the mapping proposal) or from a JSON document')
    .option('--template <key>', `one of ${MAP_TEMPLATES.map((t) => t.key).join(', ')}`)
    .option('--from-proposal', 'stages, touchpoints and KPI lanes proposed from the imported data')
    .option('--file <file>', 'a map document or a Waymark JSON export')
    .option('--name <name>', 'the map name')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        if ([opts.template, opts.fromProposal, opts.file].filter(Boolean).length !== 1) throw new CliError('give exactly one of --template, --from-proposal or --file');
        let doc: JourneyMap;
        if (opts.template) {
          const t = MAP_TEMPLATES.find((x) => x.key === opts.template);
          if (!t) throw new CliError(`no template "${opts.template}"; there are ${MAP_TEMPLATES.map((x) => x.key).join(', ')}`);
          doc = t.build();
        } else if (opts.fromProposal) {
          const [catalogue, stages, profile] = await Promise.all([rt.state.getCatalogue(ws), rt.state.getStages(ws), rt.events.mappingProfile(ws)]);
          doc = mapFromProposal(proposeMap(profile, catalogue, stages));
        } else {
          const text = readFileSync(opts.file, 'utf8');
          const value: unknown = JSON.parse(text);
          if (value && typeof value === 'object' && 'format' in value) doc = importMapJson(text);
          else {
            const r = JourneyMapSchema.safeParse(value);
            if (!r.success) throw new InvalidInputError(`invalid map in ${opts.file}`, r.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })));
            doc = r.data;
          }
        }
        if (opts.name) doc = { ...doc, name: opts.name };
        const m = await rt.state.maps.create(ws, doc, 'cli');
        process.stdout.write(`created map ${m.id} "${m.doc.name}": ${m.doc.stages.length} stages, ${m.doc.lanes.length} lanes\n`);
      }),
    );
  dataOptions(cmd.command('show'))
    .description('a map with the live numbers of its bound lanes')
    .argument('<id>', 'map id')
    .option('--json', 'print JSON (the stored map and its metrics)')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const m = await mustGet(rt, ws, id);
        const metrics = await metricsOf(rt, ws, m.doc);
        print(opts.json, { ...m, metrics }, () => {
          const cols = m.doc.stages.flatMap((s) => s.steps.map((p) => ({ stage: s, step: p })));
          const rows = m.doc.lanes
            .filter((l) => l.kind === 'kpi' && !l.hidden)
            .map((l) => Object.fromEntries([['lane', l.name], ...cols.map(({ stage, step }) => [`${stage.name}/${step.name}`, metrics.lanes[l.id]?.[step.id]?.display ?? ''])]));
          return [`${m.doc.name} (revision ${m.revision})${m.doc.persona ? ` — persona ${m.doc.persona}` : ''}`, rows.length ? table(rows) : '(no KPI lanes)', ...metrics.warnings.map((w) => `warning: ${w}`)].join('\n');
        });
      }),
    );
  dataOptions(cmd.command('export'))
    .description('export a map: json (imports back), csv (lanes), mermaid (journey diagram), svg or png')
    .argument('<id>', 'map id')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(', '))
    .option('--out <file>', 'write to a file (default: the map name with the format extension; "-" for stdout, text formats only)')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format is one of ${EXPORT_FORMATS.join(', ')}, not "${opts.format}"`);
        const format = opts.format as ExportFormat;
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const m = await mustGet(rt, ws, id);
        const metrics = format === 'json' ? null : await metricsOf(rt, ws, m.doc);
        const persona = m.doc.persona ? ((await rt.state.getPersonas(ws)).find((p) => p.key === m.doc.persona)?.name ?? m.doc.persona) : null;
        const file = await exportMap(format, m, { metrics, personaName: persona });
        if (opts.out === '-') {
          if (format === 'png') throw new CliError('a PNG goes to a file: give --out FILE');
          process.stdout.write(file.body);
          return;
        }
        const out = opts.out ?? file.filename;
        writeFileSync(out, file.body);
        process.stdout.write(`wrote ${out}\n`);
      }),
    );
  dataOptions(cmd.command('import'))
    .description('create a map from a Waymark JSON export')
    .argument('<file>', 'the export file')
    .action(async (file: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const m = await rt.state.maps.create(ws, importMapJson(readFileSync(file, 'utf8')), 'cli');
        process.stdout.write(`imported map ${m.id} "${m.doc.name}"\n`);
      }),
    );
}
