/**
 * Bulk import: a CSV or NDJSON export → the `staging` table, one row per canonical event, by
 * DuckDB's own CSV reader and SQL (never a per-row JavaScript loop), so millions of rows load in
 * seconds. The caller commits staging afterwards (identity, touchpoints, dedupe by message_id).
 *
 * 1. read: CSV through `read_csv` into a temp table, every column VARCHAR, with `store_rejects`,
 *    so malformed records come back from DuckDB's reject table (with their byte position) instead
 *    of failing the load. The header is parsed here (delimiter detected among , ; tab |) and the
 *    columns are given to DuckDB explicitly (`columns = {c0: VARCHAR, …}`, `auto_detect = false`,
 *    the equivalent of `all_varchar`) because DuckDB's sniffer gives up on files with a broken
 *    quote — exactly the files whose bad lines we want to report. NDJSON goes through the same
 *    reader as one VARCHAR column per line (no quoting, a delimiter that never occurs in JSON
 *    text); lines that are not JSON objects are then rejected.
 *    User input never becomes SQL text: the file path is a bound parameter (DuckDB accepts them in
 *    table functions), columns are our own names c0, c1, … (so quoteIdent is not even needed),
 *    header names, keys, JSON paths and constants are bound parameters.
 * 2. line numbers: a single-file read into a table keeps file order, so the k-th row of the table
 *    is the k-th good record. Its physical line is computed exactly, also when quoted fields span
 *    lines, when malformed records were skipped and when blank lines were skipped: the few
 *    irregular places (multi-line records found in SQL, rejected records located by their byte
 *    position, blank lines found by a native byte search) split the rows into runs of consecutive
 *    lines, and one ASOF join maps row position → line. Only a blank line *inside* a rejected
 *    multi-line record could still shift later numbers.
 * 3. mapping: per EventMapping, first one aggregate query over all rows finds the rows it must
 *    leave out (first `maxRejects` of them, with values to explain why), then one
 *    `INSERT INTO staging SELECT …` (timestamps parsed with casts and strptime fallbacks, e-mails
 *    normalised, properties/traits built as JSON, ids derived) leaves exactly those lines out.
 *    Neither statement filters on a computed value: DuckDB pushes such filters below the
 *    projections and would evaluate every parsed value twice.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type DuckDBConnection, listValue, structValue } from '@duckdb/node-api';
import { EVENT_TYPES } from '../../domain/event.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import {
  type BagEntry,
  type Condition,
  type EventMapping,
  type Field,
  type ImportSpec,
  columnList,
  columnPattern,
  normaliseBag,
  parseImportSpec,
  snakeKey,
} from '../../ingest/import/spec.js';
import { SqlParams } from './sql-builder.js';
import { createStaging } from './staging.js';

export interface ImportReject {
  /** 1-based physical line of the file (CSV: the header is line 1). */
  line: number;
  reason: string;
  /** The header column (CSV) or key path (NDJSON) at fault, when there is one. */
  column?: string;
}

export interface ImportLoad {
  /** Input data rows (CSV records after the header, non-blank NDJSON lines), rejected ones included. */
  rows: number;
  /** Events put into staging. */
  staged: number;
  /** Rows (or row × event mapping) left out, in line order; at most `maxRejects`. */
  rejects: ImportReject[];
  /** The header (CSV) or the top-level keys seen (NDJSON). */
  columns: string[];
  /** How many rejects were left out of `rejects` because of `maxRejects` (normally 0). */
  rejectsOmitted?: number;
}

export interface ImportLoadOptions {
  /** received_at of every staged event (default: now). */
  receivedAt?: Date;
  /** Progress of the load, 0…1, with the current phase. */
  onProgress?: (fraction: number, phase: string) => void;
  /** Most rejects to report (default 10,000); the rest are only counted. */
  maxRejects?: number;
}

/** `line 7, column "Created at": not a date: "yesterday"`. */
export function formatReject(r: ImportReject): string {
  return `line ${r.line}${r.column !== undefined ? `, column "${r.column}"` : ''}: ${r.reason}`;
}

// Temp tables (connection-local) used while loading; dropped at the end.
const RAW = '__wm_import_raw';
const REJ = '__wm_import_rejects';
const SCAN = '__wm_import_scans';
const SEGS = '__wm_import_segs';

const NDJSON_DELIM = '\x1e'; // ASCII record separator: never raw inside JSON text
const MAX_CSV_LINE = 16 << 20;
const MAX_JSON_LINE = 64 << 20;
const MAX_READ_REJECTS = 100_000;

const NUM_RE = '-?(0|[1-9][0-9]{0,14})(\\.[0-9]+)?';
const EMAIL_RE = `[^\\s@<>(),;:"'\\[\\]]+@[^\\s@<>(),;:"'\\[\\]]+\\.[^\\s@<>(),;:"'\\[\\]]+`;
const NAIVE_FORMATS = [
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y, %I:%M:%S %p',
  '%m/%d/%Y, %I:%M %p',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y/%m/%d %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y',
  '%B %d, %Y %I:%M %p',
  '%B %d, %Y',
  '%b %d, %Y',
  '%Y%m%d',
];
/** Formats that name UTC in words. */
const UTC_FORMATS = ['%a, %d %b %Y %H:%M:%S GMT', '%Y-%m-%d %H:%M:%S UTC', '%Y-%m-%dT%H:%M:%S UTC'];
const TZ_FORMATS = ['%Y-%m-%d %H:%M:%S %z', '%Y-%m-%d %H:%M %z', '%Y-%m-%dT%H:%M:%S%z', '%m/%d/%Y %I:%M:%S %p %z', '%a, %d %b %Y %H:%M:%S %z'];
const sqlList = (xs: readonly string[]) => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

// ------------------------------------------------------------------------------------------------
// entry point

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
      // Rejects first: knowing them, the INSERT needs no per-row filter in the usual cases.
      const rej = m.rejects(maxRejects);
      const agg = (
        await progress.run(0.5 + i * span, 0.5 + (i + 0.3) * span, label, () => c.runAndReadAll(rej.sql, rej.params))
      ).getRowObjectsJson()[0] as { total: string; rows: Record<string, unknown>[] | null } | undefined;
      const rows = agg?.rows ?? [];
      const total = Number(agg?.total ?? 0);
      omitted += Math.max(0, total - rows.length);
      for (const r of rows) rejects.push(m.reason(r));
      const ins = m.insert(receivedAt, total === 0 ? [] : total <= rows.length ? rows.map((r) => Number(r.__wm_line)) : null);
      staged += await progress.run(0.5 + (i + 0.3) * span, 0.5 + (i + 1) * span, label, async () => (await c.run(ins.sql, ins.params)).rowsChanged);
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

// ------------------------------------------------------------------------------------------------
// files

async function checkFile(file: string): Promise<number> {
  let st;
  try {
    st = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`import file not found: ${file}`);
    throw new Error(`cannot read import file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!st.isFile()) throw new InvalidInputError(`import file ${file} is not a regular file`);
  if (st.size === 0) throw new InvalidInputError(`import file ${file} is empty`);
  if (/\.(gz|zst|zip|bz2|xz)$/i.test(file)) throw new InvalidInputError(`import file ${file} is compressed; decompress it first`);
  if (/[*?[\]{}]/.test(file)) {
    // read_csv would treat these as a glob pattern and might read other files.
    throw new InvalidInputError(`import file ${file}: rename it without * ? [ ] { } (DuckDB reads those as a file pattern)`);
  }
  return st.size;
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function formatOf(file: string, head: Buffer): 'csv' | 'ndjson' {
  const ext = extname(file).toLowerCase();
  if (['.csv', '.tsv', '.txt', '.tab'].includes(ext)) return 'csv';
  if (['.ndjson', '.jsonl', '.json', '.ldjson'].includes(ext)) return 'ndjson';
  const first = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' ? 'ndjson' : 'csv';
}

/** Stream the file; call `fn` per chunk with its absolute offset (chunks overlap by `overlap` bytes). */
async function scanChunks(file: string, upTo: number, overlap: number, fn: (chunk: Buffer, offset: number) => boolean | void): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const size = 8 << 20;
    const buf = Buffer.alloc(size + overlap);
    let pos = 0;
    let carry = 0;
    while (pos < upTo) {
      const { bytesRead } = await fh.read(buf, carry, size, pos);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, carry + bytesRead);
      if (fn(chunk, pos - carry) === false) return;
      pos += bytesRead;
      carry = Math.min(overlap, chunk.length);
      chunk.copy(buf, 0, chunk.length - carry);
    }
  } finally {
    await fh.close();
  }
}

/** Does the file hold this byte anywhere? (native search; stops at the first) */
async function containsByte(file: string, size: number, byte: number): Promise<boolean> {
  let found = false;
  await scanChunks(file, size, 0, (chunk) => {
    found = chunk.indexOf(byte) !== -1;
    return !found;
  });
  return found;
}

/**
 * A temporary copy with CRLF line ends turned into LF: same lines, so the same line numbers.
 * Only for files DuckDB's reader cannot split as they are (CR LF mixed with LF).
 */
async function lfCopy(file: string, temps: string[]): Promise<{ path: string; size: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'waymark-import-'));
  temps.push(dir);
  const path = join(dir, 'lf' + extname(file));
  const src = await open(file, 'r');
  const out = await open(path, 'w');
  let size = 0;
  try {
    const buf = Buffer.alloc(8 << 20);
    let carry = '';
    for (let pos = 0; ; ) {
      const { bytesRead } = await src.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      // latin1 maps bytes 1:1, so the round trip keeps UTF-8 intact
      let text = carry + buf.subarray(0, bytesRead).toString('latin1');
      carry = text.endsWith('\r') ? '\r' : '';
      if (carry) text = text.slice(0, -1);
      const bytes = Buffer.from(text.replaceAll('\r\n', '\n'), 'latin1');
      await out.write(bytes);
      size += bytes.length;
    }
    if (carry) {
      await out.write(carry);
      size += 1;
    }
  } finally {
    await src.close();
    await out.close();
  }
  return { path, size };
}

/** Byte offsets of blank lines (a line holding nothing, or only `\r`), found by native search. */
async function findBlankLines(file: string, size: number): Promise<number[]> {
  const out = new Set<number>();
  const needles = [Buffer.from('\n\n'), Buffer.from('\n\r\n')];
  await scanChunks(file, size, 2, (chunk, offset) => {
    for (const n of needles) {
      for (let i = chunk.indexOf(n); i !== -1; i = chunk.indexOf(n, i + 1)) out.add(offset + i + 1);
    }
  });
  return [...out].sort((a, b) => a - b);
}

/** 1-based line number of each byte offset (offsets sorted ascending). Only called for the few irregular places. */
async function linesAt(file: string, offsets: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!offsets.length) return out;
  let k = 0;
  let newlines = 0;
  const last = offsets[offsets.length - 1]!;
  await scanChunks(file, last + 1, 0, (chunk, offset) => {
    const end = offset + chunk.length;
    let i = -1;
    for (;;) {
      i = chunk.indexOf(10, i + 1);
      const at = i === -1 ? end : offset + i;
      while (k < offsets.length && offsets[k]! <= at) out.set(offsets[k++]!, newlines + 1);
      if (i === -1) break;
      newlines++;
    }
    return k < offsets.length;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// progress

class Progress {
  private timer: NodeJS.Timeout | null = null;
  private restore: string[] = [];
  constructor(
    private readonly c: DuckDBConnection,
    private readonly cb?: (fraction: number, phase: string) => void,
  ) {}

  async start(): Promise<void> {
    if (!this.cb) return;
    // Query progress is only tracked with the progress bar on (a global setting): enable it
    // without printing, and put both settings back afterwards.
    const r = (await this.c.runAndReadAll(`SELECT current_setting('enable_progress_bar') AS a, current_setting('enable_progress_bar_print') AS b`)).getRowObjectsJson()[0];
    this.restore = [`SET enable_progress_bar = ${r?.a === true}`, `SET enable_progress_bar_print = ${r?.b === true}`];
    await this.c.run(`SET enable_progress_bar = true; SET enable_progress_bar_print = false`);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.restore) await this.c.run(s).catch(() => undefined);
  }

  phase(fraction: number, phase: string): void {
    this.cb?.(fraction, phase);
  }

  /** Run one long statement, reporting DuckDB's own progress of it between `from` and `to`. */
  async run<T>(from: number, to: number, phase: string, fn: () => Promise<T>): Promise<T> {
    if (!this.cb) return fn();
    this.cb(from, phase);
    this.timer = setInterval(() => {
      const pct = this.c.progress.percentage;
      if (pct >= 0) this.cb?.(from + ((to - from) * Math.min(100, pct)) / 100, phase);
    }, 200);
    try {
      return await fn();
    } finally {
      clearInterval(this.timer);
      this.timer = null;
      this.cb(to, phase);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// sources: what the mapping compiler sees of a file

interface Col {
  /** Identity for "used" bookkeeping: CSV column name c<i>, NDJSON top-level key. */
  id: string;
  /** Header name / key path, for messages. */
  label: string;
  /** SQL: trimmed VARCHAR, NULL when empty. */
  text: string;
  /** SQL: the value as JSON text (CSV: numbers as numbers), NULL when empty. */
  json: string;
  /** SQL: the value when it holds a JSON object, else NULL. */
  object: string;
}

interface Source {
  kind: 'csv' | 'ndjson';
  columns: string[];
  rows: number;
  readRejects: ImportReject[];
  /** Present columns for these alternatives: CSV the first present one (all when `all`), NDJSON every present one. */
  find(alternatives: readonly string[], all?: boolean): Col[];
  /** Columns not used, not excluded, with their keys. */
  rest(used: Set<string>, exclude: readonly string[], snake: boolean): Array<{ key: string; col: Col }>;
  /** Key for a plain-string bag entry. */
  keyOf(entry: string, col: Col, snake: boolean): string;
  /** SQL of the row's full content (for derived message ids). */
  content: string;
  /** FROM item yielding the source columns and __wm_line, adding its parameters to p. */
  from(p: SqlParams): string;
  /** Called before a statement's SQL is built. */
  begin(): void;
  /** Called once all mappings are compiled. */
  finish(mappings: CompiledMapping[]): Promise<void>;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Index of each alternative in a header: exact, else ignoring case, else ignoring case and punctuation; `/re/` by pattern. */
function matchHeader(header: readonly string[], alternatives: readonly string[], all: boolean): number[] {
  const out: number[] = [];
  const push = (i: number) => {
    if (!out.includes(i)) out.push(i);
  };
  for (const alt of alternatives) {
    const re = columnPattern(alt);
    let found: number[] = [];
    if (re) found = header.flatMap((h, i) => (re.test(h) ? [i] : []));
    else {
      let i = header.indexOf(alt);
      if (i < 0) i = header.findIndex((h) => h.toLowerCase() === alt.toLowerCase());
      if (i < 0 && norm(alt)) i = header.findIndex((h) => norm(h) === norm(alt));
      if (i >= 0) found = [i];
    }
    for (const i of found) {
      push(i);
      if (!all) return out;
    }
  }
  return out;
}

function numericJson(text: string): string {
  return `CASE WHEN ${text} IS NULL THEN NULL WHEN regexp_full_match(${text}, '${NUM_RE}') THEN ${text} ELSE to_json(${text})::VARCHAR END`;
}

/** The leading number of a value as a JSON number text (`"9 - Very likely"` → `9`, `007` → `7`). */
function leadingNumber(text: string): string {
  return `nullif(regexp_replace(regexp_extract(${text}, '^-?[0-9]+(\\.[0-9]+)?'), '^(-?)0+([0-9])', '\\1\\2'), '')`;
}

// ------------------------------------------------------------------------------------------------
// CSV

interface HeaderInfo {
  names: string[];
  delimiter: string;
  /** Lines before the header that are blank (passed to DuckDB as skip). */
  leadingBlank: number;
  /** Physical line of the first data record. */
  firstDataLine: number;
}

/** Parse one CSV record starting at `start`; returns fields, the index after it and newlines inside. */
function parseRecord(text: string, start: number, delim: string): { fields: string[]; end: number; newlines: number; complete: boolean } {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let quoted = false;
  let newlines = 0;
  let atStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') newlines++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atStart) {
      quoted = true;
      atStart = false;
      i++;
      continue;
    }
    if (text.startsWith(delim, i)) {
      fields.push(field);
      field = '';
      atStart = true;
      i += delim.length;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      fields.push(field);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      return { fields, end: i + 1, newlines, complete: true };
    }
    atStart = false;
    field += ch;
    i++;
  }
  fields.push(field);
  return { fields, end: i, newlines, complete: !quoted };
}

async function readHeader(file: string, size: number, delimiter: string | undefined): Promise<HeaderInfo> {
  let head = await readHead(file, Math.min(size, 1 << 20));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InvalidInputError(`import file ${file} is UTF-16 encoded; save it as UTF-8 CSV`);
  }
  let text = head.toString('utf8').replace(/^\uFEFF/, '');
  let leadingBlank = 0;
  let start = 0;
  for (;;) {
    const m = /^[ \t]*\r?\n/.exec(text.slice(start));
    if (!m) break;
    leadingBlank++;
    start += m[0].length;
  }
  if (start >= text.length || !text.slice(start).trim()) throw new InvalidInputError(`import file ${file} is empty`);
  const candidates = delimiter ? [delimiter] : [',', ';', '\t', '|'];
  let best: ReturnType<typeof parseRecord> | null = null;
  let bestDelim = candidates[0]!;
  for (const d of candidates) {
    let r = parseRecord(text, start, d);
    if (!r.complete && head.length < size) {
      head = await readHead(file, Math.min(size, 16 << 20));
      text = head.toString('utf8').replace(/^\uFEFF/, '');
      r = parseRecord(text, start, d);
    }
    if (!best || r.fields.length > best.fields.length) {
      best = r;
      bestDelim = d;
    }
  }
  const names = best!.fields.map((f, i) => f.trim() || `column_${i + 1}`);
  return { names, delimiter: bestDelim, leadingBlank, firstDataLine: leadingBlank + 1 + best!.newlines + 1 };
}

async function readCsv(c: DuckDBConnection, file: string, fileSize: number, spec: ImportSpec, progress: Progress, temps: string[]): Promise<Source> {
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

// ------------------------------------------------------------------------------------------------
// line numbering

interface Irregular {
  /** First physical line of a rejected record or a blank line. */
  line: number;
  span: number;
}

interface Segment {
  /** First table row of a run of rows on consecutive lines … */
  rid: number;
  /** … and its line. */
  line: number;
}

/**
 * Row position → line, as runs: good rows follow each other line by line, except after a row
 * whose fields hold line breaks (it spans 1 + nl lines) and around rejected records and blank
 * lines (which hold no good row). A blank line found inside a multi-line row is part of it.
 */
export function lineSegments(firstLine: number, multi: Array<{ rid: number; nl: number }>, irregular: Irregular[]): Segment[] {
  const nongood = [...irregular].sort((a, b) => a.line - b.line);
  const segs: Segment[] = [{ rid: 0, line: firstLine }];
  const push = (rid: number, line: number) => {
    const last = segs[segs.length - 1]!;
    if (last.line + (rid - last.rid) === line) return; // still the same run
    if (last.rid === rid) last.line = line;
    else segs.push({ rid, line });
  };
  let cur = firstLine;
  let g = 0;
  let mi = 0;
  let ni = 0;
  for (;;) {
    const q = nongood[ni];
    if (q && q.line < cur) {
      ni++;
      continue;
    }
    const m = multi[mi];
    const lm = m ? cur + (m.rid - g) : Infinity;
    if (!q && !m) break;
    if (q && q.line <= lm) {
      g += q.line - cur;
      cur = q.line + q.span;
      ni++;
    } else {
      g = m!.rid + 1;
      cur = lm + m!.nl + 1;
      mi++;
    }
    push(g, cur);
  }
  return segs;
}

/**
 * The first rowid of the raw table. Row ids are 0, 1, … for a committed table but start at 2^55
 * for rows written inside a still open transaction (DuckDB's transaction-local storage), and are
 * consecutive either way: position = rowid - base. Kept as SQL text (it exceeds 2^53).
 */
async function rowBase(c: DuckDBConnection): Promise<string> {
  const b = String((await c.runAndReadAll(`SELECT coalesce(min(rowid), 0)::VARCHAR AS b FROM ${RAW}`)).getRowObjectsJson()[0]?.b ?? '0');
  if (!/^\d+$/.test(b)) throw new Error(`unexpected rowid ${b}`);
  return b;
}

async function writeSegments(c: DuckDBConnection, segs: Segment[]): Promise<void> {
  if (segs.length <= 1) return;
  await c.run(`CREATE OR REPLACE TEMP TABLE ${SEGS} (rid BIGINT, line BIGINT)`);
  const a = await c.createAppender(SEGS);
  try {
    for (const s of segs) {
      a.appendBigInt(BigInt(s.rid));
      a.appendBigInt(BigInt(s.line));
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

// ------------------------------------------------------------------------------------------------
// NDJSON

function pointer(path: string, keys: ReadonlySet<string>): string {
  const parts = keys.has(path) ? [path] : path.split('.');
  return '/' + parts.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

async function readNdjson(c: DuckDBConnection, file: string, size: number, progress: Progress, temps: string[]): Promise<Source> {
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
  // Paths are extracted once per statement with one multi-path json_extract (one parse of the
  // line); a scalar's text is cut from its JSON text (strings without escapes), or unescaped.
  let values: string[] = [];
  const slot = (path: string) => {
    let k = values.indexOf(path);
    if (k < 0) k = values.push(path) - 1;
    return `__wm_v[${k + 1}]`;
  };
  const col = (path: string): Col => ({
    id: keySet.has(path) ? path : path.split('.')[0]!,
    label: path,
    get text() {
      const x = `CAST(${slot(path)} AS VARCHAR)`;
      const s = `CASE WHEN starts_with(${x}, '"') THEN (CASE WHEN contains(${x}, '\\') THEN ${slot(path)} ->> '$' ELSE ${x}[2:-2] END) WHEN ${x} = 'null' THEN NULL ELSE ${x} END`;
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
      const v = values.length ? `, json_extract(r.j, ${p.add(listValue(values.map((x) => pointer(x, keySet))))}::VARCHAR[]) AS __wm_v` : '';
      return `(SELECT ${lineExpr} AS __wm_line, r.j${v} FROM ${RAW} r${join} WHERE r.j IS NOT NULL)`;
    },
    async finish() {},
  };
}

// ------------------------------------------------------------------------------------------------
// required columns

interface HeaderView {
  kind: 'csv' | 'ndjson';
  header: string[];
  present(alternatives: string[]): boolean;
}

/** Alternatives of a field's columns, as a flat list (cases: every case's columns). */
function fieldColumns(f: Field | undefined): string[] {
  if (!f) return [];
  if ('column' in f) return columnList(f.column);
  if ('cases' in f) return f.cases.flatMap((k) => columnList(k.column));
  return [];
}

function describe(h: HeaderView): string {
  const shown = h.header.slice(0, 40).map((x) => `"${x}"`).join(', ');
  return `${h.kind === 'csv' ? 'the header has' : 'the lines have keys'} ${shown || '(none)'}${h.header.length > 40 ? `, … (${h.header.length} in all)` : ''}`;
}

/** Statically: does the condition hold (true), fail (false) for every row, or depend on the row (null)? */
function conditionConst(cond: Condition, h: HeaderView): boolean | null {
  if ('anyOf' in cond) {
    const parts = cond.anyOf.map((x) => conditionConst(x, h));
    if (parts.some((x) => x === true)) return true;
    return parts.every((x) => x === false) ? false : null;
  }
  if ('allOf' in cond) {
    const parts = cond.allOf.map((x) => conditionConst(x, h));
    if (parts.some((x) => x === false)) return false;
    return parts.every((x) => x === true) ? true : null;
  }
  if (h.present(columnList(cond.column))) return null;
  return cond.in === undefined && cond.notIn !== undefined;
}

function whenOf(m: EventMapping): Condition | null {
  if (!m.when) return null;
  return Array.isArray(m.when) ? { allOf: m.when } : m.when;
}

function mappingLabel(m: EventMapping, i: number): string {
  return m.name && 'const' in m.name ? `"${m.name.const}"` : `#${i + 1}`;
}

/**
 * Throw when the file lacks every alternative of a column the spec cannot do without (timestamp,
 * event name, an identity, columns named with --map). CSV: before reading; NDJSON: once the keys are known.
 */
function checkRequiredColumns(file: string, spec: ImportSpec, h: HeaderView): void {
  const problems: string[] = [];
  spec.events.forEach((m, i) => {
    const when = whenOf(m);
    if (when && conditionConst(when, h) === false) return; // mapping does not apply to this file
    const label = mappingLabel(m, i);
    const need = (what: string, f: Field | undefined) => {
      if (!f || 'const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined)) return;
      const alts = fieldColumns(f);
      if (!h.present(alts)) problems.push(`${what} of ${label}: looked for ${alts.map((a) => `"${a}"`).join(', ')}`);
    };
    need('timestamp', m.timestamp);
    const typeGivesName = m.type !== undefined && ('column' in m.type || ('const' in m.type && m.type.const !== 'track'));
    if (!typeGivesName && !m.name) problems.push(`event name of ${label}: the spec gives none`);
    else if (!typeGivesName) need('event name', m.name);
    const ids = [m.userId, m.anonymousId, m.email];
    const hasId = ids.some((f) => f && ('const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined) || h.present(fieldColumns(f))));
    if (!hasId) {
      const alts = ids.flatMap(fieldColumns);
      problems.push(`an identity (userId, anonymousId or email) of ${label}: looked for ${alts.length ? alts.map((a) => `"${a}"`).join(', ') : '(no identity column in the spec)'}`);
    }
    // Columns named explicitly (--map) must exist.
    const fields: Array<[string, Field | undefined]> = [
      ['messageId', m.messageId],
      ['type', m.type],
      ['name', m.name],
      ['userId', m.userId],
      ['anonymousId', m.anonymousId],
      ['email', m.email],
      ['channel', m.channel],
      ['source', m.source],
      ['previousId', m.previousId],
      ['groupId', m.groupId],
    ];
    for (const bag of ['properties', 'traits'] as const) {
      for (const e of normaliseBag(m[bag]).columns ?? []) if (typeof e !== 'string') fields.push([`${bag}.${e.key}`, e]);
    }
    for (const [what, f] of fields) {
      if (f && 'column' in f && f.required && !h.present(columnList(f.column))) problems.push(`${what} of ${label}: looked for ${columnList(f.column).map((a) => `"${a}"`).join(', ')}`);
    }
  });
  if (problems.length) {
    throw new InvalidInputError(`import file ${file} lacks required columns — ${[...new Set(problems)].join('; ')}; ${describe(h)}`);
  }
}

// ------------------------------------------------------------------------------------------------
// mapping → SQL

interface CompiledMapping {
  label: string;
  skip: boolean;
  /** The INSERT; `bad`: the lines this mapping rejects (all of them), or null when only some are known. */
  insert(receivedAt: string, bad: number[] | null): { sql: string; params: SqlParams['values'] };
  rejects(limit: number): { sql: string; params: SqlParams['values'] };
  reason(row: Record<string, unknown>): ImportReject;
  /** SQL (over the source) that is true when the row's timestamp parses. */
  timestampCheck(p: SqlParams): string;
}

function compileAll(file: string, spec: ImportSpec, src: Source): CompiledMapping[] {
  const view: HeaderView = {
    kind: src.kind,
    header: src.columns,
    present: (alts) => src.find(alts).length > 0,
  };
  if (src.kind === 'ndjson') checkRequiredColumns(file, spec, view);
  return spec.events.map((m, i) => compileMapping(spec, m, i, src, view));
}

interface Value {
  /** SQL VARCHAR, NULL when empty. */
  sql: string;
  /** Columns read. */
  cols: Col[];
  /** The value needs no conversion: its JSON is the column's own. */
  plain: boolean;
  number: boolean;
}

/** A normalised e-mail: the value itself when it is an address, else the first address inside it (`Ann <ann@x.com>`). */
function emailSql(x: string, p: SqlParams): string {
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN regexp_full_match(${x}, '[^\\s@]+@[^\\s@]+\\.[^\\s@]+') THEN lower(${x})
               ELSE lower(nullif(regexp_extract(${x}, ${p.add(EMAIL_RE)}), '')) END`;
}

/**
 * A timestamp from text, as a UTC TIMESTAMP (NULL when it is not one): ISO 8601 with or without
 * an offset, common export formats (US dates with AM/PM, European dots, `Mar 5, 2024`, RFC 1123),
 * epoch seconds or milliseconds. Values without an offset are in `tz`. Independent of the
 * session's TimeZone setting. The cheap checks come first: most values take the first cast.
 */
function timestampSql(x: string, p: SqlParams, tz: string): string {
  const utc = tz === 'UTC';
  const naive = (e: string) => (utc ? e : `timezone('UTC', timezone(${p.add(tz)}, ${e}))`);
  // With tz = UTC, "…Z" can take the fast naive cast (DuckDB's TIMESTAMP cast accepts and ignores Z).
  const zulu = utc ? '' : ` OR ends_with(${x}, 'Z') OR ends_with(${x}, 'z') OR ends_with(${x}, 'UTC') OR ends_with(${x}, 'GMT')`;
  const offset = `(contains(${x}, ':') AND (contains(right(${x}, 6), '+') OR contains(right(${x}, 6), '-')) AND regexp_matches(right(${x}, 6), '[+-][0-9]{2}(:?[0-9]{2})?$'))${zulu}`;
  return `CASE WHEN ${x} IS NULL THEN NULL
    WHEN ${offset}
      THEN coalesce(timezone('UTC', try_cast(${x} AS TIMESTAMPTZ)), timezone('UTC', try_strptime(${x}, ${sqlList(TZ_FORMATS)})), try_strptime(${x}, ${sqlList(UTC_FORMATS)}))
    ELSE coalesce(
      ${naive(`try_cast(${x} AS TIMESTAMP)`)},
      ${naive(`try_strptime(${x}, ${sqlList(NAIVE_FORMATS)})`)},
      try_strptime(${x}, ${sqlList(UTC_FORMATS)}),
      CASE WHEN regexp_full_match(${x}, '[0-9]{9,10}(\\.[0-9]+)?') THEN make_timestamp(CAST(CAST(${x} AS DOUBLE) * 1000000 AS BIGINT))
           WHEN regexp_full_match(${x}, '[0-9]{12,13}') THEN make_timestamp(CAST(${x} AS BIGINT) * 1000) END)
  END`;
}

function compileMapping(spec: ImportSpec, m: EventMapping, index: number, src: Source, view: HeaderView): CompiledMapping {
  const multiple = spec.events.length > 1;
  const label = m.name && 'const' in m.name ? m.name.const : `#${index + 1}`;
  const when = whenOf(m);
  const whenConst = when ? conditionConst(when, view) : true;
  const tz = spec.timezone ?? 'UTC';
  const used = new Set<string>();
  const use = (cols: Col[]) => {
    for (const c of cols) used.add(c.id);
    return cols;
  };

  /** A field → SQL, given the statement's parameter collector. */
  const value = (f: Field | undefined, p: SqlParams, opts: { coalesce?: boolean } = {}): Value => {
    if (!f) return { sql: 'NULL', cols: [], plain: false, number: false };
    if ('const' in f) return { sql: `CAST(${p.add(f.const)} AS VARCHAR)`, cols: [], plain: false, number: false };
    if ('cases' in f) {
      const hit = f.cases.find((k) => src.find(columnList(k.column)).length > 0);
      const v = hit?.const ?? f.default;
      return { sql: v === undefined ? 'NULL' : `CAST(${p.add(v)} AS VARCHAR)`, cols: [], plain: false, number: false };
    }
    const cols = use(src.find(columnList(f.column), f.coalesce || opts.coalesce));
    let x = cols.length === 0 ? 'NULL' : cols.length === 1 ? cols[0]!.text : `coalesce(${cols.map((c) => c.text).join(', ')})`;
    let plain = cols.length > 0;
    if (f.number) {
      x = leadingNumber(x);
      plain = false;
    }
    if (f.values) {
      const entries = Object.entries(f.values);
      const star = entries.find(([k]) => k === '*');
      const whens = entries
        .filter(([k]) => k !== '*')
        .map(([k, v]) => `WHEN ${p.add(k.trim().toLowerCase().replace(/[\s_-]+/g, ' '))} THEN ${p.add(v)}`)
        .join(' ');
      const fallback = star ? `CAST(${p.add(star[1])} AS VARCHAR)` : x;
      const mapped = whens ? `CASE regexp_replace(lower(${x}), '[\\s_-]+', ' ', 'g') ${whens} ELSE ${fallback} END` : fallback;
      x = `nullif(CASE WHEN ${x} IS NULL THEN NULL ELSE ${mapped} END, '')`;
      plain = false;
    }
    if (f.prefix !== undefined || f.suffix !== undefined) {
      x = `(${p.add(f.prefix ?? '')} || ${x} || ${p.add(f.suffix ?? '')})`;
      plain = false;
    }
    if (f.default !== undefined) {
      x = `coalesce(${x}, CAST(${p.add(f.default)} AS VARCHAR))`;
      plain = false;
    }
    return { sql: x, cols, plain, number: !!f.number };
  };

  /** SQL of the column label a value was taken from (first non-empty alternative). */
  const labelOf = (v: Value, p: SqlParams): string => {
    if (!v.cols.length) return 'NULL';
    if (v.cols.length === 1) return `CAST(${p.add(v.cols[0]!.label)} AS VARCHAR)`;
    return `CASE ${v.cols.map((c) => `WHEN ${c.text} IS NOT NULL THEN ${p.add(c.label)}`).join(' ')} ELSE ${p.add(v.cols[0]!.label)} END`;
  };

  const condition = (cond: Condition, p: SqlParams): string => {
    const k = conditionConst(cond, view);
    if (k !== null) return k ? 'true' : 'false';
    if ('anyOf' in cond) return `(${cond.anyOf.map((x) => condition(x, p)).join(' OR ')})`;
    if ('allOf' in cond) return `(${cond.allOf.map((x) => condition(x, p)).join(' AND ')})`;
    const cols = use(src.find(columnList(cond.column), true));
    const x = cols.length === 1 ? cols[0]!.text : `coalesce(${cols.map((c) => c.text).join(', ')})`;
    const parts = [`${x} IS NOT NULL`];
    if (cond.in) parts.push(`list_contains(${p.add(listValue(cond.in.map((s) => s.trim().toLowerCase())))}::VARCHAR[], lower(${x}))`);
    if (cond.notIn) {
      const notIn = `NOT list_contains(${p.add(listValue(cond.notIn.map((s) => s.trim().toLowerCase())))}::VARCHAR[], lower(${x}))`;
      return cond.in ? `(${parts.join(' AND ')} AND ${notIn})` : `(${x} IS NULL OR ${notIn})`;
    }
    return `(${parts.join(' AND ')})`;
  };

  /** A JSON object (as VARCHAR) from key/value pairs, skipping empty values, or NULL when there are none. */
  const objectSql = (pairs: Array<{ key: string; json: string }>, p: SqlParams): string | null => {
    if (!pairs.length) return null;
    return `('{' || concat_ws(',', ${pairs.map((x) => `CASE WHEN (${x.json}) IS NOT NULL THEN ${p.add(JSON.stringify(x.key) + ':')} || (${x.json}) END`).join(', ')}) || '}')`;
  };

  const jsonOf = (v: Value): string => {
    if (v.number) return v.sql;
    if (v.plain && v.cols.length === 1) return v.cols[0]!.json;
    if (v.plain) return `coalesce(${v.cols.map((c) => c.json).join(', ')})`;
    return numericJson(v.sql);
  };

  /** Explicit entries of a bag, compiled (marks their columns used). */
  const bagEntries = (entries: BagEntry[] | undefined, snake: boolean, p: SqlParams) =>
    (entries ?? []).flatMap((e) => {
      if (typeof e === 'string') {
        const cols = use(src.find([e]));
        return cols.length ? [{ key: src.keyOf(e, cols[0]!, snake), json: cols[0]!.json }] : [];
      }
      const { key, ...field } = e;
      const v = value(field as Field, p);
      return v.sql === 'NULL' ? [] : [{ key, json: jsonOf(v) }];
    });

  /** A bag's explicit entries and merged objects (marking their columns used); its rest comes later. */
  const prepareBag = (which: 'properties' | 'traits', p: SqlParams) => {
    const bag = normaliseBag(m[which]);
    const snake = bag.keys === 'snake';
    const explicit = bagEntries(bag.columns, snake, p);
    const merges = (bag.merge ?? []).flatMap((c) => use(src.find([c], true))).map((c) => c.object);
    return { bag, snake, explicit, merges };
  };

  /** The bag as JSON text (VARCHAR), or NULL: rest (columns no field of the mapping uses) < merged objects < explicit entries. */
  const bagSql = (prep: ReturnType<typeof prepareBag>, p: SqlParams): string => {
    const { bag, snake, explicit, merges } = prep;
    let rest: Array<{ key: string; json: string }> = [];
    if (bag.rest) {
      const taken = new Set(explicit.map((x) => x.key));
      rest = src
        .rest(used, bag.exclude ?? [], snake)
        .filter((x) => {
          if (taken.has(x.key)) return false;
          taken.add(x.key);
          return true;
        })
        .map((x) => ({ key: x.key, json: x.col.json }));
    }
    // JSON-typed throughout, so the value is not parsed again when inserted into staging.
    const asJson = (x: string | null) => (x === null ? null : `CAST(${x} AS JSON)`);
    if (!merges.length) return asJson(objectSql([...rest, ...explicit], p)) ?? 'NULL::JSON';
    const parts = [asJson(objectSql(rest, p)), ...merges, asJson(objectSql(explicit, p))].filter((x): x is string => x !== null);
    if (parts.length === 1) return parts[0]!;
    return `json_merge_patch(${parts.map((x) => `coalesce(${x}, '{}'::JSON)`).join(', ')})`;
  };

  const typeConst = m.type && 'const' in m.type ? m.type.const.toLowerCase() : m.type ? null : 'track';
  const nameByType = (name: string, type: string): string => {
    const byType: Record<string, string> = { identify: `'Identify'`, group: `'Group'`, alias: `'Alias'`, page: `coalesce(${name}, 'Page Viewed')`, screen: `coalesce(${name}, 'Screen Viewed')` };
    if (typeConst !== null) return byType[typeConst] ?? name;
    return `CASE ${type} ${Object.entries(byType).map(([t, e]) => `WHEN '${t}' THEN ${e}`).join(' ')} ELSE ${name} END`;
  };
  const types = sqlList(EVENT_TYPES);

  /**
   * The statement's layers: the source row → field values (`base`), then parsed/normalised
   * values and `f_ok`. `full` adds what only the INSERT needs (ids, bags, context).
   */
  const layers = (p: SqlParams, full: boolean) => {
    used.clear();
    src.begin();
    const ts = value(m.timestamp, p);
    const type = value(m.type, p);
    const name = value(m.name, p);
    const userId = value(m.userId, p);
    const anonymousId = value(m.anonymousId, p);
    const email = value(m.email, p);
    const previousId = value(m.previousId, p);
    const groupId = value(m.groupId, p);
    const cols: string[] = [
      `${ts.sql} AS f_ts_raw`,
      `lower(${type.sql}) AS f_type_raw`,
      `${name.sql} AS f_name_raw`,
      `${userId.sql} AS f_user_id`,
      `${anonymousId.sql} AS f_anonymous_id`,
      `${email.sql} AS f_email_raw`,
      `${previousId.sql} AS f_previous_id`,
      `${groupId.sql} AS f_group_id`,
    ];
    const whereSql = when && whenConst === null ? ` WHERE ${condition(when, p)}` : '';
    if (full) {
      const channel = value(m.channel, p);
      const source = value(m.source, p);
      const context = value(m.context, p);
      const messageId = value(m.messageId, p);
      const contextSql = context.plain && context.cols.length ? (context.cols.length === 1 ? context.cols[0]!.object : `coalesce(${context.cols.map((c) => c.object).join(', ')})`) : 'NULL';
      const props = prepareBag('properties', p);
      const traits = prepareBag('traits', p);
      cols.push(
        `lower(${channel.sql}) AS f_channel`,
        `coalesce(${source.sql}, CAST(${p.add(spec.source)} AS VARCHAR)) AS f_source`,
        `${contextSql} AS f_context`,
        `coalesce(${messageId.sql}, md5(${p.add(`${spec.source}\u001f${index}\u001f`)} || ${src.content})) AS f_message_id`,
        `coalesce(${bagSql(props, p)}, '{}'::JSON) AS f_properties`,
        `${bagSql(traits, p)} AS f_traits0`,
      );
    } else {
      cols.push(`${labelOf(ts, p)} AS f_ts_label`, `${labelOf(email, p)} AS f_email_label`);
      cols.push(`${labelOf(type, p)} AS f_type_label`, `${labelOf(name, p)} AS f_name_label`);
    }
    const base = `SELECT __wm_line, ${cols.join(', ')} FROM ${src.from(p)}${whereSql}`;
    const traits = full ? `CASE WHEN f_traits0::VARCHAR <> '{}' THEN f_traits0 END AS f_traits, ` : '';
    const parsed = `SELECT *, ${traits}${timestampSql('f_ts_raw', p, tz)} AS f_ts_parsed, coalesce(f_type_raw, 'track') AS f_type,
                           ${emailSql('f_email_raw', p)} AS f_email FROM (${base})`;
    const checked = `SELECT *, CASE WHEN f_ts_parsed >= TIMESTAMP '1970-01-01' AND f_ts_parsed < TIMESTAMP '2200-01-01' THEN f_ts_parsed END AS f_ts,
                            list_contains(${types}, f_type) AS f_type_ok, ${nameByType('f_name_raw', 'f_type')} AS f_name FROM (${parsed})`;
    const identity = `CASE f_type WHEN 'alias' THEN f_user_id IS NOT NULL AND f_previous_id IS NOT NULL
                                  WHEN 'group' THEN f_group_id IS NOT NULL AND coalesce(f_user_id, f_anonymous_id, f_email) IS NOT NULL
                                  ELSE coalesce(f_user_id, f_anonymous_id, f_email) IS NOT NULL END`;
    return `SELECT *, (f_ts IS NOT NULL AND f_type_ok AND f_name IS NOT NULL AND ${identity}) AS f_ok FROM (${checked})`;
  };

  // Labels for identity messages.
  const idLabels = src.kind === 'csv' ? [m.userId, m.anonymousId, m.email].flatMap((f) => (f && 'column' in f ? src.find(columnList(f.column)).map((c) => c.label) : [])) : [];

  return {
    label: `"${label}"`,
    skip: whenConst === false,
    insert(receivedAt, bad) {
      const p = new SqlParams();
      const body = layers(p, true);
      const recv = `CAST(${p.add(receivedAt)} AS TIMESTAMP)`;
      if (bad !== null) {
        // Every rejected line is known: leave them out by line, so no filter on computed values
        // (which DuckDB would push below the projections, evaluating every parsed value twice).
        const skip = bad.length ? ` WHERE __wm_line NOT IN (SELECT unnest(${p.add(listValue(bad.map((l) => BigInt(l))))}::BIGINT[]))` : '';
        const sql = `INSERT INTO staging SELECT f_message_id, f_type, f_name, f_user_id, f_anonymous_id, f_email, f_previous_id, f_group_id, f_channel, f_source,
                            f_ts, ${recv}, f_properties, f_traits, f_context, __wm_line FROM (${body})${skip}`;
        return { sql, params: p.values };
      }
      // Too many rejects to list: each row unnests to 0 or 1 staging rows, again without a filter.
      const row = `{'message_id': f_message_id, 'type': f_type, 'name': f_name, 'user_id': f_user_id, 'anonymous_id': f_anonymous_id, 'email': f_email,
                    'previous_id': f_previous_id, 'group_id': f_group_id, 'raw_channel': f_channel, 'source': f_source, 'timestamp': f_ts,
                    'received_at': ${recv}, 'properties': f_properties, 'traits': f_traits, 'context': f_context, 'line': __wm_line}`;
      const sql = `INSERT INTO staging BY NAME SELECT unnest(CASE WHEN f_ok THEN [${row}] ELSE [] END, recursive := true) FROM (${body})`;
      return { sql, params: p.values };
    },
    rejects(limit) {
      // Aggregate filters are not pushed down either: one pass, the first `limit` rejects in line order.
      const p = new SqlParams();
      const body = layers(p, false);
      const row = `{'__wm_line': __wm_line, 'f_ts_raw': f_ts_raw, 'f_ts_label': f_ts_label, 'f_ts_parsed': f_ts_parsed IS NOT NULL, 'f_ts_ok': f_ts IS NOT NULL,
                    'f_type_raw': f_type_raw, 'f_type_label': f_type_label, 'f_type_ok': f_type_ok, 'f_name': f_name, 'f_name_label': f_name_label,
                    'f_user_id': f_user_id, 'f_anonymous_id': f_anonymous_id, 'f_email_raw': f_email_raw, 'f_email': f_email, 'f_email_label': f_email_label,
                    'f_previous_id': f_previous_id, 'f_group_id': f_group_id, 'f_type': f_type}`;
      const n = Math.max(1, Math.floor(limit));
      const sql = `SELECT count(*) FILTER (WHERE NOT f_ok) AS total, arg_min(${row}, __wm_line, ${n}) FILTER (WHERE NOT f_ok) AS rows FROM (${body})`;
      return { sql, params: p.values };
    },
    timestampCheck(p) {
      used.clear();
      src.begin();
      const ts = value(m.timestamp, p);
      return `(${timestampSql(`(${ts.sql})`, p, tz)}) IS NOT NULL`;
    },
    reason(r) {
      const line = Number(r.__wm_line);
      const show = (v: unknown) => {
        const s = String(v);
        return JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);
      };
      const at = (column: unknown, reason: string): ImportReject => (column === null || column === undefined ? { line, reason } : { line, column: String(column), reason });
      const ev = multiple ? ` for "${label}"` : '';
      if (r.f_ts_raw === null) return at(r.f_ts_label, `missing timestamp${ev}`);
      if (r.f_ts_parsed !== true) return at(r.f_ts_label, `not a date: ${show(r.f_ts_raw)}`);
      if (r.f_ts_ok !== true) return at(r.f_ts_label, `date out of range (1970–2200): ${show(r.f_ts_raw)}`);
      if (r.f_type_ok !== true) return at(r.f_type_label, `not an event type: ${show(r.f_type_raw)} (expected ${EVENT_TYPES.join(', ')})`);
      if (r.f_name === null) return at(r.f_name_label, `missing event name`);
      if (r.f_type === 'alias' && r.f_user_id === null) return { line, reason: 'alias needs userId (the identifier previousId is merged into)' };
      if (r.f_type === 'alias') return { line, reason: 'alias needs previousId' };
      if (r.f_type === 'group' && r.f_group_id === null) return { line, reason: 'group needs groupId' };
      if (r.f_email_raw !== null && r.f_email === null) return at(r.f_email_label, `not an e-mail address: ${show(r.f_email_raw)} (and no userId or anonymousId)`);
      return { line, reason: `no identity: ${idLabels.length ? idLabels.map((l) => `"${l}"`).join(', ') : 'userId, anonymousId and email'} ${idLabels.length === 1 ? 'is' : 'are all'} empty` };
    },
  };
}
