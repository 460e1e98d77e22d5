/**
 * Bulk import, fields → SQL: one spec field (column alternatives, constant, cases, value map,
 * prefix/suffix, default, leading number) as a VARCHAR expression over a source row, `when`
 * conditions, and the properties/traits bags as JSON. Records which columns a mapping uses, so a
 * bag's "rest" is every column no field took.
 */
import { listValue } from '@duckdb/node-api';
import { type Bag, type BagEntry, type Condition, type Field, columnList, normaliseBag } from '../../../ingest/import/spec.js';
import type { SqlParams } from '../sql-builder.js';
import { type HeaderView, conditionConst } from './required.js';
import { type Col, type Source, leadingNumber, numericJson } from './source.js';

export interface Value {
  /** SQL VARCHAR, NULL when empty. */
  sql: string;
  /** Columns read. */
  cols: Col[];
  /** The value needs no conversion: its JSON is the column's own. */
  plain: boolean;
  number: boolean;
}

type Pair = { key: string; json: string };

export interface PreparedBag {
  bag: ReturnType<typeof normaliseBag>;
  snake: boolean;
  explicit: Pair[];
  merges: string[];
}

export class FieldSql {
  /** Ids of the columns the statement being built reads. */
  readonly used = new Set<string>();

  constructor(
    private readonly src: Source,
    private readonly view: HeaderView,
  ) {}

  /** Start a new statement. */
  reset(): void {
    this.used.clear();
    this.src.begin();
  }

  private use(cols: Col[]): Col[] {
    for (const c of cols) this.used.add(c.id);
    return cols;
  }

  /** A field → SQL, given the statement's parameter collector. */
  value(f: Field | undefined, p: SqlParams): Value {
    if (!f) return { sql: 'NULL', cols: [], plain: false, number: false };
    if ('const' in f) return { sql: `CAST(${p.add(f.const)} AS VARCHAR)`, cols: [], plain: false, number: false };
    if ('cases' in f) {
      const hit = f.cases.find((k) => this.src.find(columnList(k.column)).length > 0);
      const v = hit?.const ?? f.default;
      return { sql: v === undefined ? 'NULL' : `CAST(${p.add(v)} AS VARCHAR)`, cols: [], plain: false, number: false };
    }
    const cols = this.use(this.src.find(columnList(f.column), f.coalesce));
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
  }

  /** SQL of the column label a value was taken from (first non-empty alternative). */
  labelOf(v: Value, p: SqlParams): string {
    if (!v.cols.length) return 'NULL';
    if (v.cols.length === 1) return `CAST(${p.add(v.cols[0]!.label)} AS VARCHAR)`;
    return `CASE ${v.cols.map((c) => `WHEN ${c.text} IS NOT NULL THEN ${p.add(c.label)}`).join(' ')} ELSE ${p.add(v.cols[0]!.label)} END`;
  }

  /** A `when` condition as SQL (constant when the header decides it). */
  condition(cond: Condition, p: SqlParams): string {
    const k = conditionConst(cond, this.view);
    if (k !== null) return k ? 'true' : 'false';
    if ('anyOf' in cond) return `(${cond.anyOf.map((x) => this.condition(x, p)).join(' OR ')})`;
    if ('allOf' in cond) return `(${cond.allOf.map((x) => this.condition(x, p)).join(' AND ')})`;
    const cols = this.use(this.src.find(columnList(cond.column), true));
    const x = cols.length === 1 ? cols[0]!.text : `coalesce(${cols.map((c) => c.text).join(', ')})`;
    const parts = [`${x} IS NOT NULL`];
    if (cond.in) parts.push(`list_contains(${p.add(listValue(cond.in.map((s) => s.trim().toLowerCase())))}::VARCHAR[], lower(${x}))`);
    if (cond.notIn) {
      const notIn = `NOT list_contains(${p.add(listValue(cond.notIn.map((s) => s.trim().toLowerCase())))}::VARCHAR[], lower(${x}))`;
      return cond.in ? `(${parts.join(' AND ')} AND ${notIn})` : `(${x} IS NULL OR ${notIn})`;
    }
    return `(${parts.join(' AND ')})`;
  }

  /** The context object: a plain column holding a JSON object, else NULL. */
  objectOf(v: Value): string {
    if (!v.plain || !v.cols.length) return 'NULL';
    return v.cols.length === 1 ? v.cols[0]!.object : `coalesce(${v.cols.map((c) => c.object).join(', ')})`;
  }

  /** A bag's explicit entries and merged objects (marking their columns used); its rest comes later. */
  prepareBag(spec: Bag | undefined, p: SqlParams): PreparedBag {
    const bag = normaliseBag(spec);
    const snake = bag.keys === 'snake';
    const explicit = this.bagEntries(bag.columns, snake, p);
    const merges = (bag.merge ?? []).flatMap((c) => this.use(this.src.find([c], true))).map((c) => c.object);
    return { bag, snake, explicit, merges };
  }

  /** The bag as JSON text, or NULL: rest (columns no field of the mapping uses) < merged objects < explicit entries. */
  bagSql(prep: PreparedBag, p: SqlParams): string {
    const { bag, snake, explicit, merges } = prep;
    let rest: Pair[] = [];
    if (bag.rest) {
      const taken = new Set(explicit.map((x) => x.key));
      rest = this.src
        .rest(this.used, bag.exclude ?? [], snake)
        .filter((x) => {
          if (taken.has(x.key)) return false;
          taken.add(x.key);
          return true;
        })
        .map((x) => ({ key: x.key, json: x.col.json }));
    }
    // Staging holds JSON as text (cast once on commit): an object we build ourselves is valid
    // JSON already, so it stays VARCHAR here; only json_merge_patch needs JSON values.
    if (!merges.length) return objectSql([...rest, ...explicit], p) ?? 'NULL';
    const asJson = (x: string | null) => (x === null ? null : `CAST(${x} AS JSON)`);
    const parts = [asJson(objectSql(rest, p)), ...merges, asJson(objectSql(explicit, p))].filter((x): x is string => x !== null);
    if (parts.length === 1) return parts[0]!;
    return `json_merge_patch(${parts.map((x) => `coalesce(${x}, '{}'::JSON)`).join(', ')})`;
  }

  /** Explicit entries of a bag, compiled (marks their columns used). */
  private bagEntries(entries: BagEntry[] | undefined, snake: boolean, p: SqlParams): Pair[] {
    return (entries ?? []).flatMap((e) => {
      if (typeof e === 'string') {
        const cols = this.use(this.src.find([e]));
        return cols.length ? [{ key: this.src.keyOf(e, cols[0]!, snake), json: cols[0]!.json }] : [];
      }
      const { key, ...field } = e;
      const v = this.value(field as Field, p);
      return v.sql === 'NULL' ? [] : [{ key, json: jsonOf(v) }];
    });
  }
}

/** A JSON object (as VARCHAR) from key/value pairs, skipping empty values, or NULL when there are none. */
function objectSql(pairs: Pair[], p: SqlParams): string | null {
  if (!pairs.length) return null;
  return `('{' || concat_ws(',', ${pairs.map((x) => `CASE WHEN (${x.json}) IS NOT NULL THEN ${p.add(JSON.stringify(x.key) + ':')} || (${x.json}) END`).join(', ')}) || '}')`;
}

function jsonOf(v: Value): string {
  if (v.number) return v.sql;
  if (v.plain && v.cols.length === 1) return v.cols[0]!.json;
  if (v.plain) return `coalesce(${v.cols.map((c) => c.json).join(', ')})`;
  return numericJson(v.sql);
}
