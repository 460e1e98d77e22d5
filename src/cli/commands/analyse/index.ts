/**
 * `waymark analyse KIND`: every analysis of the engine from the command line, as a table or
 * JSON. Each kind's flags live in its own file beside this one.
 */
import type { Command } from 'commander';
import { dfgCommands } from './dfg.js';
import { funnelCommands } from './funnel.js';
import { pathsCommands } from './paths.js';
import { kpisCommand } from './kpis.js';
import { retentionCommand } from './retention.js';

export function analyseCommand(program: Command): void {
  const analyse = program.command('analyse').alias('analyze').description('journey analytics: funnels, paths, directly-follows graph, variants, retention, KPIs');
  dfgCommands(analyse);
  funnelCommands(analyse);
  pathsCommands(analyse);
  retentionCommand(analyse);
  kpisCommand(analyse);
}
