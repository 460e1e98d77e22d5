/**
 * Bulk import, NDJSON reader: lines read as one VARCHAR column through `read_csv`, lines that are
 * not JSON objects rejected with their line, the keys collected, and the `Source` whose columns
 * are JSON paths (per statement: scalars' text by one multi-path `json_extract_string`, JSON
 * values by one multi-path `json_extract`).
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { InvalidInputError } from '../../../domain/errors.js';
import { columnPattern, snakeKey } from '../../../ingest/import/spec.js';
import { containsByte, lfCopy, linesAt, readHead } from './files.js';
import { lineSegments, rowBase, writeSegments } from './line-numbers.js';
import type { Progress } from './progress.js';
import type { Col, Source } from './source.js';
import { type ImportReject, RAW, REJ, SCAN, SEGS } from './types.js';

const NDJSON_DELIM = '\x1e'; // ASCII record separator: never raw inside JSON text
const MAX_JSON_LINE = 64 << 20;
const MAX_READ_REJECTS = 100_000;

function pointer(path: string, keys: ReadonlySet<string>): string {
  const parts = keys.has(path) ? [path] : path.split('.');
  return '/' + parts.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export async function readNdjson(c: DuckDBConnection, file: string, size: number, progress: Progress, temps: string[]): Promise<Source> {
  const head = await readHead(file, Math.min(size, 4096));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InvalidInputError(`import file ${file} is UTF-16 encoded; save it as UTF-8`);
  }
  const firstChar = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  if (firstChar === undefined) throw new InvalidInputError(`import file ${file} is empty`);
  if (firstChar === '[') throw new InvalidInputError(`import file ${file} is a JSON array; NDJSON needs one JSON object per line (e.g. jq -c '.[]')`);

  // DuckDB's lenient line splitting counts a CR before LF as a line of its own when a file mixes
  // CR LF and LF; CR is JSON whitespace, so read a copy with LF line ends instead.
  const path = (await containsByte(file, size, 13)) ? (await lfCopy(file, temps)).path : file;
  await c.run(`DROP TABLE IF EXISTS ${REJ}; DROP TABLE IF EXISTS ${SCAN}`);
  await progress.run(0, 0.35, 'reading', () =>
    c
      .run(
        `CREATE OR REPLACE TEMP TABLE ${RAW} AS SELECT j FROM read_csv($1, columns = {'j': 'VARCHAR'}, header = false, auto_detect = false,
           delim = $2, quote = '', escape = '', strict_mode = false, max_line_size = ${MAX_JSON_LINE}, buffer_size = ${2 * MAX_JSON_LINE},
           store_rejects = true, rejects_table = '${REJ}', rejects_scan = '${SCAN}')`,
        [path, NDJSON_DELIM],
      )
      .catch((err: Error) => {
        throw new InvalidInputError(`cannot read ${file} as NDJSON: ${err.message}`);
      }),
  );
  progress.phase(0.35, 'checking');
  // Reader rejects are rare here (over-long lines, bad UTF-8); blank lines stay as NULL rows.
  const rejRows = (await c.runAndReadAll(`SELECT DISTINCT line_byte_position AS pos, error_type AS type FROM ${REJ} ORDER BY pos`)).getRowObjectsJson() as Array<{ pos: string; type: string }>;
  const lineOf = await linesAt(path, rejRows.map((r) => Number(r.pos)));
  const segments = lineSegments(1, [], rejRows.map((r) => ({ line: lineOf.get(Number(r.pos))!, span: 1 })));
  await writeSegments(c, segments);
  const readRejects: ImportReject[] = rejRows.map((r) => ({
    line: lineOf.get(Number(r.pos))!,
    reason: r.type === 'LINE SIZE OVER MAXIMUM' ? `line too long (over ${MAX_JSON_LINE >> 20} MB)` : r.type.startsWith('INVALID') ? 'not valid UTF-8' : `unreadable line (${r.type.toLowerCase()})`,
  }));
  const pos = `(r.rowid - ${await rowBase(c)})`;
  const lineExpr = segments.length === 1 ? `${pos} + 1` : `${pos} - s.rid + s.line`;
  const join = segments.length === 1 ? '' : ` ASOF JOIN ${SEGS} s ON ${pos} >= s.rid`;

  // One pass: each distinct key list (first seen first); NULL: not JSON, []: `{}` or not an object.
  // (No trim() over whole lines here: it is slow; whitespace-only lines are sorted out below.)
  const body = `SELECT ${lineExpr} AS line, r.j FROM ${RAW} r${join} WHERE r.j IS NOT NULL`;
  const groups = (
    await progress.run(0.35, 0.5, 'checking', () => c.runAndReadAll(`SELECT ks, count(*) AS n, min(line) AS first FROM (SELECT line, try(json_keys(j)) AS ks FROM (${body})) GROUP BY ks ORDER BY first`))
  ).getRowObjectsJson() as Array<{ ks: string[] | null; n: string }>;
  const keys: string[] = [];
  let rows = rejRows.length;
  for (const g of groups) {
    rows += Number(g.n);
    for (const k of g.ks ?? []) if (!keys.includes(k)) keys.push(k);
  }
  const jsonRejects: ImportReject[] = [];
  if (groups.some((g) => g.ks === null || g.ks.length === 0)) {
    // Few lines: not JSON, `{}`, not an object, or only whitespace (not a row).
    const bad = (
      await c.runAndReadAll(
        `SELECT line, left(j, 40) AS sample, length(j) > 40 AS cut, try(json_type(j)) AS t, regexp_full_match(j, '\\s*') AS blank FROM (${body})
          WHERE try(json_type(j)) IS DISTINCT FROM 'OBJECT' ORDER BY line`,
      )
    ).getRowObjectsJson();
    for (const r of bad) {
      if (r.blank === true) rows--;
      else if (jsonRejects.length < MAX_READ_REJECTS) {
        jsonRejects.push({ line: Number(r.line), reason: r.t === null ? `not valid JSON: ${String(r.sample)}${r.cut ? '…' : ''}` : `not a JSON object (${String(r.t).toLowerCase()})` });
      }
    }
    await c.run(`UPDATE ${RAW} SET j = NULL WHERE j IS NOT NULL AND coalesce(try(json_type(j)), '') <> 'OBJECT'`);
  }

  const keySet = new Set(keys);
  // Paths are extracted once per statement: scalars' text with one multi-path
  // json_extract_string, JSON values (bags, objects) with one multi-path json_extract.
  let values: string[] = [];
  let strings: string[] = [];
  const slotIn = (list: string[], name: string, path: string) => {
    let k = list.indexOf(path);
    if (k < 0) k = list.push(path) - 1;
    return `${name}[${k + 1}]`;
  };
  const slot = (path: string) => slotIn(values, '__wm_v', path);
  const col = (path: string): Col => ({
    id: keySet.has(path) ? path : path.split('.')[0]!,
    label: path,
    get text() {
      const s = slotIn(strings, '__wm_s', path);
      return `nullif(CASE WHEN starts_with(${s}, ' ') OR ends_with(${s}, ' ') THEN trim(${s}) ELSE ${s} END, '')`;
    },
    get json() {
      return `nullif(${slot(path)}::VARCHAR, 'null')`;
    },
    get object() {
      return `CASE WHEN starts_with(${slot(path)}::VARCHAR, '{') THEN ${slot(path)} END`;
    },
  });
  const present = (alt: string) => keySet.has(alt) || keySet.has(alt.split('.')[0]!);
  return {
    kind: 'ndjson',
    columns: keys,
    rows,
    readRejects: [...readRejects, ...jsonRejects],
    begin() {
      values = [];
      strings = [];
    },
    find(alternatives) {
      return alternatives.filter((a) => !columnPattern(a) && present(a)).map(col);
    },
    rest(used, exclude, snake) {
      return keys.filter((k) => !used.has(k) && !exclude.includes(k)).map((k) => ({ key: snake ? snakeKey(k) : k, col: col(k) }));
    },
    keyOf(entry, _col, snake) {
      const name = entry.includes('.') && !keySet.has(entry) ? entry.slice(entry.lastIndexOf('.') + 1) : entry;
      return snake ? snakeKey(name) : name;
    },
    content: 'j',
    from(p) {
      const paths = (list: string[]) => p.add(listValue(list.map((x) => pointer(x, keySet))));
      const v = values.length ? `, json_extract(r.j, ${paths(values)}::VARCHAR[]) AS __wm_v` : '';
      const s = strings.length ? `, json_extract_string(r.j, ${paths(strings)}::VARCHAR[]) AS __wm_s` : '';
      return `(SELECT ${lineExpr} AS __wm_line, r.j${v}${s} FROM ${RAW} r${join} WHERE r.j IS NOT NULL)`;
    },
    async finish() {},
  };
}
