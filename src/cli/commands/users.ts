/**
 * `waymark users`: the people who sign in to a workspace's web app, with their roles (viewer,
 * editor, admin). A password is read from --password or, safer, from $WAYMARK_PASSWORD.
 */
import type { Command } from 'commander';
import { formatPath, InvalidInputError } from '../../domain/errors.js';
import { NewUserSchema, ROLES, UserPatchSchema } from '../../domain/user.js';
import { CliError, dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

function passwordFrom(opts: { password?: string }): string | undefined {
  return opts.password ?? process.env.WAYMARK_PASSWORD ?? undefined;
}

function parsed<T>(r: { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T {
  if (r.success) return r.data;
  throw new InvalidInputError('invalid user', r.error.issues.map((i) => ({ where: `--${formatPath(i.path)}`, message: i.message })));
}

export function usersCommand(program: Command): void {
  const users = program.command('users').description('people who sign in to the web app, and their roles');
  dataOptions(users.command('list'))
    .description("list the workspace's people")
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const list = await rt.state.users.list(ws.id);
        print(opts.json, list, () => table(list.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role }))));
      }),
    );
  dataOptions(users.command('add'))
    .description('add a person')
    .requiredOption('--email <email>', 'their e-mail (the sign-in name)')
    .requiredOption('--name <name>', 'their name, shown on comments and owners')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .option('--password <password>', 'at least 8 characters (or set $WAYMARK_PASSWORD)')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const input = parsed(NewUserSchema.safeParse({ email: opts.email, name: opts.name, role: opts.role, password: passwordFrom(opts) ?? '' }));
        const u = await rt.state.users.create(ws.id, input);
        process.stdout.write(`added ${u.email} (${u.role}) to ${ws.id} as ${u.id}\n`);
      }),
    );
  dataOptions(users.command('set'))
    .description("change a person's role, name or password")
    .argument('<email-or-id>', 'who')
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'new name')
    .option('--password <password>', 'new password (or set $WAYMARK_PASSWORD); ends their sessions')
    .action(async (who: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const u = (await rt.state.users.list(ws.id)).find((x) => x.id === who || x.email === who.toLowerCase());
        if (!u) throw new CliError(`no user "${who}" in ${ws.id}`);
        const patch = parsed(UserPatchSchema.safeParse({ role: opts.role, name: opts.name, password: passwordFrom(opts) }));
        const after = await rt.state.users.update(ws.id, u.id, patch);
        process.stdout.write(`${after.email}: ${after.name}, ${after.role}\n`);
      }),
    );
  dataOptions(users.command('remove'))
    .description('remove a person and end their sessions')
    .argument('<email-or-id>', 'who')
    .action(async (who: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const u = (await rt.state.users.list(ws.id)).find((x) => x.id === who || x.email === who.toLowerCase());
        if (!u) throw new CliError(`no user "${who}" in ${ws.id}`);
        await rt.state.users.remove(ws.id, u.id);
        process.stdout.write(`removed ${u.email}\n`);
      }),
    );
}
