/**
 * The `waymark` command line. Each command lives in commands/; errors print one clear line and
 * exit non-zero.
 */
import { Command } from 'commander';
import { analyseCommand } from './commands/analyse/index.js';
import { customersCommand } from './commands/customers.js';
import { demoCommand } from './commands/demo.js';
import { feedbackCommand } from './commands/feedback.js';
import { usersCommand } from './commands/users.js';
import { findingsCommand } from './commands/findings.js';
import { importCommand } from './commands/import.js';
import { inboxCommand } from './commands/inbox.js';
import { mapCommand } from './commands/map.js';
import { personasCommand } from './commands/personas.js';
import { serveCommand } from './commands/serve.js';
import { statsCommand } from './commands/stats.js';
import { touchpointsCommand } from './commands/touchpoints.js';
import { workspaceCommand } from './commands/workspace.js';

const program = new Command()
  .name('waymark')
  .description('Customer journey mapping on your own event data: ingest, unify, map, analyse.')
  .version('0.1.0')
  .showHelpAfterError();

serveCommand(program);
demoCommand(program);
importCommand(program);
workspaceCommand(program);
customersCommand(program);
touchpointsCommand(program);
mapCommand(program);
statsCommand(program);
analyseCommand(program);
personasCommand(program);
findingsCommand(program);
feedbackCommand(program);
usersCommand(program);
inboxCommand(program);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`waymark: ${err.message}\n`);
  process.exit(1);
});
