/** `waymark workspace create|list|rotate-secret`: tenants and their keys. */
import type { Command } from 'commander';
import { print, table, withRuntime } from '../shared.js';

export function workspaceCommand(program: Command): void {
  const ws = program.command('workspace').description('create and list workspaces (tenants) and their keys');
  ws.command('create <name>')
    .description('create a workspace; prints its write key (ingest) and secret key (API; shown only now)')
    .option('--db <path>', 'DuckDB file')
    .option('--id <id>', 'choose the id (default: generated)')
    .option('--json', 'print JSON')
    .action(async (name: string, opts) =>
      withRuntime(opts, async (rt) => {
        if (opts.id !== undefined && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(opts.id)) throw new Error('--id: lower-case letters, digits, "_" or "-", at most 63');
        const w = await rt.state.createWorkspace(name, { id: opts.id });
        print(opts.json, w, () => `workspace ${w.id} (${w.name})\n  write key:  ${w.writeKey}\n  secret key: ${w.secretKey}   (store it now; it is not shown again)`);
      }, { create: true }),
    );
  ws.command('list')
    .description('list workspaces')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .action(async (opts) => withRuntime(opts, async (rt) => {
      const all = await rt.state.listWorkspaces();
      print(opts.json, all, () => table(all, ['id', 'name', 'writeKey', 'createdAt']));
    }));
  ws.command('rotate-secret <id>')
    .description('replace the secret key; the old one stops working')
    .option('--db <path>', 'DuckDB file')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        if (!(await rt.state.getWorkspace(id))) throw new Error(`no workspace "${id}"`);
        process.stdout.write(`secret key: ${await rt.state.rotateSecretKey(id)}\n`);
      }),
    );
}
