/**
 * Test-only: run the `waymark` CLI as a person does, as a subprocess on a given database file,
 * and return its output and exit code (never throwing on a non-zero exit).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function runWaymark(db: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const r = await exec(process.execPath, ['bin/waymark.js', ...args], { env: { ...process.env, WAYMARK_DB: db, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
