/**
 * What every command needs: the configuration with flag overrides, the runtime, the workspace
 * to act on, and output as a table or JSON.
 */
import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import type { Workspace } from '../store/state-store.js';

export interface GlobalOptions {
  db?: string;
  workspace?: string;
  json?: boolean;
}

export function configFrom(opts: GlobalOptions & { host?: string; port?: string }): Config {
  const c = loadConfig();
  return {
    ...c,
    dbPath: opts.db ?? c.dbPath,
    host: opts.host ?? c.host,
    port: opts.port !== undefined ? Number(opts.port) : c.port,
  };
}

export class CliError extends Error {}

/** Open the database for a command that reads or changes data: the file must already exist. */
export async function withRuntime<T>(opts: GlobalOptions, fn: (rt: Runtime) => Promise<T>, { create = false } = {}): Promise<T> {
  const config = configFrom(opts);
  if (!create && config.dbPath !== ':memory:' && !existsSync(config.dbPath)) {
    throw new CliError(`no database at ${config.dbPath}: run \`waymark demo\` or \`waymark workspace create NAME\` first, or pass --db PATH (or set WAYMARK_DB)`);
  }
  const rt = await openRuntime(config);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** The --workspace given (id or name), WAYMARK_WORKSPACE, or the only workspace there is. */
export async function resolveWorkspace(rt: Runtime, wanted: string | undefined): Promise<Workspace> {
  const all = await rt.state.listWorkspaces();
  const w = wanted ?? process.env.WAYMARK_WORKSPACE;
  if (w) {
    const found = all.find((x) => x.id === w) ?? all.filter((x) => x.name === w)[0];
    if (!found) throw new CliError(`no workspace "${w}"; have: ${all.map((x) => x.id).join(', ') || 'none'}`);
    return found;
  }
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new CliError('no workspace yet: run `waymark workspace create NAME` or `waymark demo`');
  throw new CliError(`several workspaces; choose one with --workspace (${all.map((x) => x.id).join(', ')})`);
}

export function print(json: boolean | undefined, value: unknown, table?: () => string): void {
  process.stdout.write(json || !table ? JSON.stringify(value, null, 2) + '\n' : table() + '\n');
}

export function table(objects: ReadonlyArray<object>, columns?: string[]): string {
  const rows = objects as ReadonlyArray<Record<string, unknown>>;
  if (rows.length === 0) return '(none)';
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = cols.map((c) => Math.min(48, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) => vals.map((v, i) => (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!))).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

/** Flags every data command accepts. */
export function dataOptions(cmd: Command): Command {
  return cmd.option('--db <path>', 'DuckDB file (default $WAYMARK_DB or ./waymark.duckdb)').option('-w, --workspace <id>', 'workspace id or name (default: the only one)');
}

/** Option parser for a whole number within bounds, with the option named in the error. */
export function intOption(min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
}

/** Repeatable option (`--map a=b --map c=d`), which unlike a variadic one never swallows the arguments after it. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
