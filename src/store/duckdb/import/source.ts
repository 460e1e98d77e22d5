/**
 * Bulk import sources: what the mapping compiler sees of a file (a CSV header or NDJSON keys as
 * columns `Col`, each with SQL for its text, JSON and object value), header matching of column
 * alternatives, and number helpers shared by the readers and the compiler.
 */
import { columnPattern } from '../../../ingest/import/spec.js';
import type { SqlParams } from '../sql-builder.js';
import type { ImportReject } from './types.js';

export const NUM_RE = '-?(0|[1-9][0-9]{0,14})(\\.[0-9]+)?';

/** What a source needs of a compiled mapping (to skip extra header rows). */
export interface MappingProbe {
  skip: boolean;
  /** SQL (over the source) that is true when the row's timestamp parses. */
  timestampCheck(p: SqlParams): string;
}

export interface Col {
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

export interface Source {
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
  finish(mappings: MappingProbe[]): Promise<void>;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Index of each alternative in a header: exact, else ignoring case, else ignoring case and punctuation; `/re/` by pattern. */
export function matchHeader(header: readonly string[], alternatives: readonly string[], all: boolean): number[] {
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

export function numericJson(text: string): string {
  return `CASE WHEN ${text} IS NULL THEN NULL WHEN regexp_full_match(${text}, '${NUM_RE}') THEN ${text} ELSE to_json(${text})::VARCHAR END`;
}

/** The leading number of a value as a JSON number text (`"9 - Very likely"` → `9`, `007` → `7`). */
export function leadingNumber(text: string): string {
  return `nullif(regexp_replace(regexp_extract(${text}, '^-?[0-9]+(\\.[0-9]+)?'), '^(-?)0+([0-9])', '\\1\\2'), '')`;
}
