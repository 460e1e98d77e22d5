/**
 * `waymark import FILE`: bulk-load CSV or NDJSON exports (generic events, HubSpot, Salesforce,
 * Zendesk, SurveyMonkey, Qualtrics) with column mappings; bad rows are reported with their line
 * and skipped, good rows kept; re-running the same file stores nothing twice.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { applyMapOverrides } from '../../ingest/import/spec.js';
import { PRESETS } from '../../ingest/import/presets.js';
import { CliError, collect, dataOptions, intOption, print, resolveWorkspace, withRuntime } from '../shared.js';

export function importCommand(program: Command): void {
  dataOptions(program.command('import <file>'))
    .description('import a CSV or NDJSON export into a workspace')
    .option('--source <preset>', `what the file is: ${Object.keys(PRESETS).join(', ')}`, 'events')
    .option('--map <column=field>', 'map a column to a field, repeatable: messageId, type, name (or event), userId, anonymousId, email, timestamp, channel, source, previousId, groupId, properties.X, traits.X', collect, [])
    .option('--format <format>', 'csv or ndjson (default: from the file extension)')
    .option('--max-errors <n>', 'how many rejected rows to print', intOption(0, 1_000_000), 20)
    .option('--strict', 'exit with status 2 when any row was rejected (good rows are still kept)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nPresets:\n' + Object.entries(PRESETS).map(([k, v]) => `  ${k.padEnd(24)} ${v.description ?? ''}`).join('\n'))
    .action(async (file: string, opts) =>
      withRuntime(opts, async (rt) => {
        const preset = PRESETS[opts.source as string];
        if (!preset) throw new CliError(`unknown --source "${opts.source}"; choose one of ${Object.keys(PRESETS).join(', ')}`);
        let spec = applyMapOverrides(preset, (opts.map as string[] | undefined) ?? []);
        if (opts.format) {
          if (opts.format !== 'csv' && opts.format !== 'ndjson') throw new CliError(`--format must be csv or ndjson, got "${opts.format}"`);
          spec = { ...spec, format: opts.format };
        }
        const ws = await resolveWorkspace(rt, opts.workspace);
        const bar = new SingleBar({ format: 'import |{bar}| {percentage}% | {phase}', hideCursor: true }, Presets.shades_classic);
        const tty = process.stderr.isTTY && !opts.json;
        if (tty) bar.start(100, 0, { phase: 'reading' });
        const started = Date.now();
        const report = await rt.events.importFile(ws.id, file, spec, await rt.ingest.catalogue(ws.id), (f, phase) => tty && bar.update(Math.round(f * 100), { phase }));
        if (tty) bar.stop();
        const secs = (Date.now() - started) / 1000;
        print(opts.json, report, () => {
          const max = opts.maxErrors as number;
          const lines = [
            `${file}: ${report.rows} rows → ${report.received} events; ${report.inserted} stored, ${report.duplicates} already stored, ${report.rejected.length} rows rejected; ${report.newCustomers} new customers, ${report.merges} merges (${secs.toFixed(1)} s)`,
            ...report.rejected.slice(0, max).map((p) => `  rejected ${p.where}: ${p.message}`),
          ];
          if (report.rejected.length > max) lines.push(`  … and ${report.rejected.length - max} more (use --json for all)`);
          return lines.join('\n');
        });
        if (opts.strict && report.rejected.length) process.exitCode = 2;
      }),
    );
}
