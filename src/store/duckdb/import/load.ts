/**
 * Bulk import entry point: a CSV or NDJSON export → the `staging` table (see ../import-file.ts for
 * the design). Reads the file, compiles the spec's mappings, runs each mapping's INSERT (and its
 * reject query when it left rows out), and returns counts and rejects in line order.
 */
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type ImportSpec, parseImportSpec } from '../../../ingest/import/spec.js';
import { createStaging } from '../staging.js';
import { readCsv } from './csv.js';
import { checkFile, formatOf, readHead } from './files.js';
import { compileAll } from './mapping-sql.js';
import { readNdjson } from './ndjson.js';
import { Progress } from './progress.js';
import { type ImportLoad, type ImportLoadOptions, type ImportReject, RAW, REJ, SCAN, SEGS } from './types.js';

export async function loadFileIntoStaging(c: DuckDBConnection, file: string, specIn: ImportSpec, opts: ImportLoadOptions = {}): Promise<ImportLoad> {
  const spec = parseImportSpec(specIn);
  const progress = new Progress(c, opts.onProgress);
  const maxRejects = opts.maxRejects ?? 10_000;
  const size = await checkFile(file);
  const format = spec.format ?? formatOf(file, await readHead(file, 64));
  await createStaging(c);
  await progress.start();
  // Line numbers rely on a single-file read keeping file order (DuckDB's default); make sure.
  const order = (await c.runAndReadAll(`SELECT current_setting('preserve_insertion_order') AS o`)).getRowObjectsJson()[0]?.o;
  if (order === false) await c.run(`SET preserve_insertion_order = true`);
  const temps: string[] = [];
  try {
    progress.phase(0, 'reading');
    const src = format === 'csv' ? await readCsv(c, file, size, spec, progress, temps) : await readNdjson(c, file, size, progress, temps);
    const rejects: ImportReject[] = [...src.readRejects];
    let omitted = 0;
    let staged = 0;
    const mappings = compileAll(file, spec, src);
    await src.finish(mappings);
    const receivedAt = (opts.receivedAt ?? new Date()).toISOString();
    const span = 0.5 / Math.max(1, mappings.length);
    for (const [i, m] of mappings.entries()) {
      if (m.skip) continue;
      const label = `mapping ${m.label}`;
      const ins = m.insert(receivedAt);
      const inserted = await progress.run(0.5 + i * span, 0.5 + (i + 0.8) * span, label, async () => (await c.run(ins.sql, ins.params)).rowsChanged);
      // Rejected rows were staged without a message id: in a clean file there are none, and the
      // (full) reject query only runs for files that have some.
      const bad = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM staging WHERE message_id IS NULL`)).getRowObjectsJson()[0]?.n ?? 0);
      if (bad > 0) {
        const rej = m.rejects(maxRejects);
        const agg = (
          await progress.run(0.5 + (i + 0.8) * span, 0.5 + (i + 1) * span, label, () => c.runAndReadAll(rej.sql, rej.params))
        ).getRowObjectsJson()[0] as { total: string; rows: Record<string, unknown>[] | null } | undefined;
        const rows = agg?.rows ?? [];
        omitted += Math.max(0, Number(agg?.total ?? 0) - rows.length);
        for (const r of rows) rejects.push(m.reason(r));
        await c.run(`DELETE FROM staging WHERE message_id IS NULL`);
      }
      staged += inserted - bad;
    }
    // Lines rejected while reading never reach a mapping; the same reason twice (two events of
    // one row failing on the same column) is reported once.
    const seen = new Set<string>();
    const out = rejects
      .filter((r) => {
        const k = `${r.line}\u0000${r.column ?? ''}\u0000${r.reason}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort((a, b) => a.line - b.line);
    if (out.length > maxRejects) {
      omitted += out.length - maxRejects;
      out.length = maxRejects;
    }
    progress.phase(1, 'staged');
    const load: ImportLoad = { rows: src.rows, staged, rejects: out, columns: src.columns };
    if (omitted) load.rejectsOmitted = omitted;
    return load;
  } finally {
    await progress.stop();
    if (order === false) await c.run(`SET preserve_insertion_order = false`).catch(() => undefined);
    for (const t of [RAW, SEGS, REJ, SCAN]) await c.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    for (const d of temps) await rm(d, { recursive: true, force: true }).catch(() => undefined);
  }
}
