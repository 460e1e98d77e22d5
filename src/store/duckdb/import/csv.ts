/**
 * Bulk import, CSV reader: `read_csv` into the raw temp table (all VARCHAR, explicit columns,
 * store_rejects), reader rejects turned into messages with exact lines, multi-line records and
 * blank lines turned into line segments, and the `Source` the mapping compiler works on.
 */
import { type DuckDBConnection, structValue } from '@duckdb/node-api';
import { InvalidInputError } from '../../../domain/errors.js';
import { type ImportSpec, columnPattern, snakeKey } from '../../../ingest/import/spec.js';
import { SqlParams } from '../sql-builder.js';
import { readHeader } from './csv-header.js';
import { findBlankLines, lfCopy, linesAt } from './files.js';
import { type Irregular, lineSegments, rowBase, writeSegments } from './line-numbers.js';
import type { Progress } from './progress.js';
import { checkRequiredColumns } from './required.js';
import { type Col, type Source, matchHeader, numericJson } from './source.js';
import { type ImportReject, RAW, REJ, SCAN, SEGS } from './types.js';

const MAX_CSV_LINE = 16 << 20;

export async function readCsv(c: DuckDBConnection, file: string, fileSize: number, spec: ImportSpec, progress: Progress, temps: string[]): Promise<Source> {
  let size = fileSize;
  const h = await readHeader(file, size, spec.csv?.delimiter);
  const n = h.names.length;
  const ids = h.names.map((_, i) => `c${i}`);
  const header = h.names;
  checkRequiredColumns(file, spec, { kind: 'csv', header, present: (alts) => matchHeader(header, alts, false).length > 0 });

  await c.run(`DROP TABLE IF EXISTS ${REJ}; DROP TABLE IF EXISTS ${SCAN}`);
  const types: Record<string, string> = {};
  for (const id of ids) types[id] = 'VARCHAR';
  let path = file;
  const read = () =>
    c.run(
      `CREATE OR REPLACE TEMP TABLE ${RAW} AS SELECT * FROM read_csv($1, columns = $2, header = true, auto_detect = false, delim = $3,
         quote = '"', escape = '"', skip = $4, max_line_size = ${MAX_CSV_LINE}, buffer_size = ${2 * MAX_CSV_LINE},
         store_rejects = true, rejects_table = '${REJ}', rejects_scan = '${SCAN}')`,
      [path, structValue(types), h.delimiter, h.leadingBlank],
    );
  await progress.run(0, 0.4, 'reading', async () => {
    try {
      await read();
    } catch (err) {
      // Strict CSV parsing (needed to reject malformed records) fails on CR LF mixed with LF.
      if (!/state machine/i.test((err as Error).message)) throw new InvalidInputError(`cannot read ${file} as CSV: ${(err as Error).message}`);
      ({ path, size } = await lfCopy(file, temps));
      await c.run(`DROP TABLE IF EXISTS ${REJ}; DROP TABLE IF EXISTS ${SCAN}`);
      await read().catch((e: Error) => {
        throw new InvalidInputError(`cannot read ${file} as CSV: ${e.message}`);
      });
    }
  });
  progress.phase(0.4, 'checking');
  const goodRows = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM ${RAW}`)).getRowObjectsJson()[0]?.n ?? 0);

  // Rejected records, one per record (DuckDB lists one row per missing column).
  const rejRows = (
    await c.runAndReadAll(
      `SELECT line_byte_position AS pos, arg_min(error_type, column_idx) AS type, arg_min(error_message, column_idx) AS message,
              arg_min(column_name, column_idx) AS col, any_value(csv_line) AS csv_line
         FROM ${REJ} GROUP BY line_byte_position ORDER BY line_byte_position`,
    )
  ).getRowObjectsJson() as Array<{ pos: string; type: string; message: string; col: string | null; csv_line: string | null }>;

  // Records spanning several lines (a quoted field with line breaks).
  const anyNl = ids.map((id) => `contains(${id}, chr(10))`).join(' OR ');
  const nlCount = ids.map((id) => `coalesce(length(${id}) - length(replace(${id}, chr(10), '')), 0)`).join(' + ');
  const base = await rowBase(c);
  const multi = (await c.runAndReadAll(`SELECT rowid - ${base} AS rid, ${nlCount} AS nl FROM ${RAW} WHERE ${anyNl} ORDER BY rowid`)).getRowObjectsJson().map((r) => ({
    rid: Number(r.rid),
    nl: Number(r.nl),
  }));

  const blanks = await findBlankLines(path, size);
  const offsets = [...new Set([...rejRows.map((r) => Number(r.pos)), ...blanks])].sort((a, b) => a - b);
  const lineOf = await linesAt(path, offsets);
  const irregular: Irregular[] = [
    ...rejRows.map((r) => {
      const body = (r.csv_line ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
      return { line: lineOf.get(Number(r.pos))!, span: 1 + (body.match(/\n/g)?.length ?? 0) };
    }),
    ...blanks.map((b) => ({ line: lineOf.get(b)!, span: 1 })),
  ].filter((x) => x.line >= h.firstDataLine);
  const segments = lineSegments(h.firstDataLine, multi, irregular);
  await writeSegments(c, segments);

  const readRejects: ImportReject[] = rejRows.map((r) => {
    const rej: ImportReject = { line: lineOf.get(Number(r.pos))!, reason: csvReason(r.type, r.message, n) };
    const m = /^c(\d+)$/.exec(r.col ?? '');
    if (m && r.type !== 'TOO MANY COLUMNS') rej.column = header[Number(m[1])] ?? r.col!;
    return rej;
  });

  const pos = `(r.rowid - ${base})`;
  const lineExpr = segments.length === 1 ? `${pos} + ${segments[0]!.line}` : `${pos} - s.rid + s.line`;
  const join = segments.length === 1 ? '' : ` ASOF JOIN ${SEGS} s ON ${pos} >= s.rid`;
  let skip = 0;
  const source: Source = {
    kind: 'csv',
    columns: header,
    get rows() {
      return goodRows - skip + rejRows.length;
    },
    readRejects,
    find(alternatives, all = false) {
      return matchHeader(header, alternatives, all).map((i) => csvCol(ids[i]!, header[i]!));
    },
    rest(used, exclude, snake) {
      const excluded = new Set(matchHeader(header, exclude, true));
      return header.flatMap((name, i) => (used.has(ids[i]!) || excluded.has(i) ? [] : [{ key: snake ? snakeKey(name) : name, col: csvCol(ids[i]!, name) }]));
    },
    keyOf(entry, col, snake) {
      const name = columnPattern(entry) ? col.label : entry;
      return snake ? snakeKey(name) : name;
    },
    begin() {},
    content: `concat_ws(chr(31), ${ids.map((id) => `coalesce(${id}, '')`).join(', ')})`,
    from() {
      return `(SELECT r.*, ${lineExpr} AS __wm_line FROM ${RAW} r${join} WHERE ${pos} >= ${skip})`;
    },
    async finish(mappings) {
      // Extra header rows (SurveyMonkey, Qualtrics): leading rows whose timestamp is not a date.
      const extra = spec.csv?.extraHeaderRows ?? 0;
      const first = mappings.find((m) => !m.skip);
      if (!extra || !first) return;
      const p = new SqlParams();
      const rows = (await c.runAndReadAll(`SELECT ${first.timestampCheck(p)} AS ok FROM ${source.from(p)} WHERE __wm_line < ${segments[0]!.line + extra + 8} ORDER BY __wm_line LIMIT ${extra}`, p.values)).getRowObjectsJson();
      while (skip < rows.length && rows[skip]?.ok !== true) skip++;
    },
  };
  return source;
}

function csvCol(id: string, label: string): Col {
  // trim() is slow on millions of values: only call it when there is something to trim.
  const text = `nullif(CASE WHEN starts_with(${id}, ' ') OR ends_with(${id}, ' ') THEN trim(${id}) ELSE ${id} END, '')`;
  return { id, label, text, json: numericJson(text), object: `CASE WHEN try(json_type(${text})) = 'OBJECT' THEN ${text} END` };
}

function csvReason(type: string, message: string, columns: number): string {
  const found = /Found: (\d+)/.exec(message)?.[1];
  switch (type) {
    case 'TOO MANY COLUMNS':
    case 'MISSING COLUMNS':
      return `malformed CSV: expected ${columns} columns, found ${found ?? (type === 'TOO MANY COLUMNS' ? 'more' : 'fewer')}`;
    case 'UNQUOTED VALUE':
      return 'malformed CSV: unterminated or stray quote (the rest of the record could not be read)';
    case 'INVALID ENCODING':
    case 'INVALID UNICODE':
      return 'malformed CSV: not valid UTF-8';
    case 'LINE SIZE OVER MAXIMUM':
      return 'malformed CSV: line too long';
    default:
      return `malformed CSV (${type.toLowerCase()}): ${message}`;
  }
}
