/**
 * `waymark map propose`: what the imported data looks like to the catalogue — the event names no
 * rule (workspace or built-in) covers, with counts and where they sit in journeys, a suggested
 * stage and touchpoint for each, and a first map (stages × touchpoints, KPI lanes). `--apply`
 * writes the suggested touchpoints and rules into the workspace catalogue and re-maps past events;
 * `map create --from-proposal` makes the proposed map a journey map to edit (map-documents.ts).
 */
import type { Command } from 'commander';
import { CatalogueSchema } from '../../domain/touchpoint.js';
import { applyProposal, proposeMap } from '../../mapping/propose.js';
import { mapDocumentCommands } from './map-documents.js';
import { CliError, dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

export function mapCommand(program: Command): void {
  const cmd = program.command('map').description('journey maps: propose a first map from the data; list, create, show, export and import maps');
  mapDocumentCommands(cmd);
  dataOptions(cmd.command('propose'))
    .description('list events no rule covers (counts, position in journeys, neighbours) with a suggested stage and touchpoint, and a first map')
    .option('--json', 'print the proposal as JSON (unmapped events, the map as stages × touchpoints and KPI lanes, the catalogue additions)')
    .option('--apply', 'add the suggested touchpoints and rules to the workspace catalogue and re-map past events')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = (await resolveWorkspace(rt, opts.workspace)).id;
        const [catalogue, stages, profile] = await Promise.all([rt.state.getCatalogue(ws), rt.state.getStages(ws), rt.events.mappingProfile(ws)]);
        const proposal = proposeMap(profile, catalogue, stages);
        if (opts.apply) {
          if (proposal.unmapped.length === 0) {
            process.stdout.write('nothing to apply: every event is covered by a rule\n');
            return;
          }
          const parsed = CatalogueSchema.safeParse(applyProposal(catalogue, proposal));
          if (!parsed.success) throw new CliError(`the proposal does not make a valid catalogue: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
          const r = await rt.ingest.replaceCatalogue(ws, parsed.data);
          print(opts.json, { applied: proposal.catalogue, remappedEvents: r.events }, () =>
            `added ${proposal.catalogue.touchpoints.length} touchpoints and ${proposal.catalogue.rules.length} rules; ${r.events} past events re-mapped\n` +
            table(proposal.unmapped.map((u) => ({ event: u.name, touchpoint: u.suggestion.touchpoint, stage: u.suggestion.stage ?? '' }))),
          );
          return;
        }
        print(opts.json, proposal, () => {
          const covered = proposal.events - proposal.unmapped.reduce((n, u) => n + u.events, 0);
          const lines = [
            `${proposal.events} events of ${proposal.customers} customers; ${covered} covered by rules (${proposal.builtins ? 'workspace and built-in' : 'workspace only, built-ins off'}), ${proposal.unmapped.length} event names not covered`,
            '',
          ];
          if (proposal.unmapped.length) {
            lines.push(
              'events no rule covers (position: median rank of a customer’s first occurrence, and % into the journey)',
              table(
                proposal.unmapped.map((u) => ({
                  event: u.name,
                  events: u.events,
                  customers: u.customers,
                  rank: u.medianFirstRank,
                  position: `${Math.round(u.medianRelativePosition * 100)}%`,
                  before: u.topPreceding ?? '',
                  after: u.topFollowing ?? '',
                  stage: u.suggestion.stage ?? '',
                  touchpoint: u.suggestion.touchpoint,
                  why: u.suggestion.reason,
                })),
              ),
              '',
              'apply with `waymark map propose --apply` (or edit `touchpoints show --json` and `touchpoints set`)',
              '',
            );
          }
          lines.push('proposed map (stages × touchpoints in journey order; * = proposed)');
          for (const s of proposal.map.stages) {
            const tps = s.touchpoints.map((n) => (proposal.map.touchpoints.find((t) => t.name === n)?.origin === 'proposed' ? `${n}*` : n));
            lines.push(`  ${s.label.padEnd(14)} ${tps.join(' → ') || '—'}`);
          }
          if (proposal.map.unstaged.length) lines.push(`  ${'(no stage)'.padEnd(14)} ${proposal.map.unstaged.join(', ')}`);
          lines.push(`  KPI lanes: ${proposal.map.lanes.map((l) => l.label).join(', ')}`);
          return lines.join('\n');
        });
      }),
    );
}
