/**
 * DuckDB compiler of scopes over the journeys projection (store/duckdb/journeys.ts): one row per
 * customer with their events already in journey order, so analyses of ordered activities read
 * lists instead of sorting events in window passes. A scope's event-level parts (time range,
 * sources, events without the activity, paths' exclusions) become one mask per customer applied
 * to each list with list_where; its customer-level parts (segment, behaviour) filter rows.
 * Conditions on event properties are not in the projection: such scopes use the events table.
 */
import type { Granularity } from '../granularity.js';
import { ACTIVITY_COLUMN } from '../granularity.js';
import type { Scope } from '../scope.js';
import type { SqlParams } from '../../store/duckdb/sql-builder.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import { behaviourSql, conditionsSql } from './scope-sql.js';

/** How a compiler may read: `journeys: false` keeps to the events table (tests compare both ways). */
export interface CompileOptions {
  journeys?: boolean;
}

/** Whether the journeys projection holds every event field the scope reads. */
export function journeysCover(scope: Scope): boolean {
  return scope.where.length === 0;
}

/** The code of touchpoint `value` in workspace `ws`'s `journey_codes` dictionary, −1 (matches nothing) when it has none. */
export function touchpointCodeSql(ws: string, value: string, p: SqlParams): string {
  return `coalesce((SELECT code FROM journey_codes WHERE workspace_id = ${p.add(ws)} AND value = ${p.add(value)}), -1)`;
}

/** A join naming the touchpoint code in column `code` as `alias`.value (NULL for NULL). */
export function touchpointNameJoin(ws: string, alias: string, code: string, p: SqlParams): string {
  return `LEFT JOIN journey_codes ${alias} ON ${alias}.workspace_id = ${p.add(ws)} AND ${alias}.code = ${code}`;
}

/** The list of journey field `f` (alias `j`) at element `i_`, inside a mask lambda. */
export const at = (f: JourneyField) => `j.${f}[i_]`;

export interface JourneyLists {
  /** Extra boolean SQL per element (in terms of `at(field)`) the mask also requires. */
  keep?: string;
  /** Fields to carry, masked, besides ts and act (the activity at the granularity). */
  fields?: readonly JourneyField[];
  /** Carry the stored gap list (µs since the previous element) where it holds: NULL when the journey is masked (its gaps are then between other elements). */
  gap?: boolean;
  /**
   * Keep the elements without the activity (NULL in act): for readers that never match NULL
   * (funnel steps), a journey inside the scope's time range then needs no mask at all.
   */
  keepUnmapped?: boolean;
  /**
   * Add `cid`, the journeys row's rowid: a BIGINT per customer that is the same in every read of
   * the lists within one statement, so two reads join on it without numbering and materializing.
   */
  rowId?: boolean;
}

/**
 * Per customer with any event in scope: customer_id, ts (TIMESTAMP[]), act (VARCHAR[]: the
 * activity at `by`) and the asked fields, masked to the scope's events that have the activity.
 * With `by` null: every event in scope, and no act column.
 */
export function journeyListsSql(ws: string, scope: Scope, by: Granularity | null, p: SqlParams, opts: JourneyLists = {}): string {
  const col = by ? ACTIVITY_COLUMN[by] : null;
  const rows = [`j.workspace_id = ${p.add(ws)}`];
  const maskActivity = col !== null && !opts.keepUnmapped;
  const elem = maskActivity ? [`${at(col)} IS NOT NULL`] : ['TRUE'];
  // A journey's times are sorted: its ends tell whether it lies wholly inside, or outside, the time range.
  const whole = maskActivity ? [`list_count(j.${col}) = len(j.ts)`] : ['TRUE'];
  if (scope.from) {
    const from = `${p.add(scope.from.toISOString())}::TIMESTAMP`;
    elem.push(`x_ >= ${from}`);
    whole.push(`j.ts[1] >= ${from}`);
    rows.push(`j.ts[-1] >= ${from}`);
  }
  if (scope.to) {
    const to = `${p.add(scope.to.toISOString())}::TIMESTAMP`;
    elem.push(`x_ < ${to}`);
    whole.push(`j.ts[-1] < ${to}`);
    rows.push(`j.ts[1] < ${to}`);
  }
  if (scope.sources) {
    elem.push(scope.sources.length ? `${at('source')} IN (${scope.sources.map((s) => p.add(s)).join(', ')})` : 'FALSE');
    whole.push('FALSE');
  }
  if (opts.keep) {
    elem.push(opts.keep);
    whole.push('FALSE');
  }
  if (scope.segment.length) {
    rows.push(`j.customer_id IN (SELECT c.customer_id FROM customers c WHERE c.workspace_id = ${p.add(ws)} AND ${conditionsSql(scope.segment, p)})`);
  }
  if (scope.behaviour.length) rows.push(behaviourSql(ws, scope.behaviour, p, 'j.customer_id'));
  const fields = (opts.fields ?? []).filter((f) => f !== 'ts' && f !== col);
  // m: the mask of the events in scope, NULL for a journey wholly in scope (most: no lambda then).
  const masked = (f: string) => `CASE WHEN m IS NULL THEN j.${f} ELSE list_where(j.${f}, m) END`;
  return `SELECT customer_id${opts.rowId ? ', rid AS cid' : ''}, ${['ts', ...fields].map((f) => `${masked(f)} AS ${f}`).join(', ')}${col ? `, ${masked(col)} AS act` : ''}${opts.gap ? ', CASE WHEN m IS NULL THEN j.gap END AS gap' : ''}
            FROM (SELECT j.*${opts.rowId ? ', j.rowid AS rid' : ''}, CASE WHEN ${whole.join(' AND ')} THEN NULL ELSE list_transform(j.ts, (x_, i_) -> ${elem.join(' AND ')}) END AS m
                    FROM journeys j WHERE ${rows.join(' AND ')}) j
           WHERE m IS NULL OR list_bool_or(m)`;
}

/** The lists of `lists` (columns ts, act, …) without consecutive repeats of act. */
export function collapsedListsSql(lists: string, fields: readonly string[] = []): string {
  const keep = `list_transform(act, (x_, i_) -> i_ = 1 OR x_ IS DISTINCT FROM act[i_ - 1])`;
  return `SELECT customer_id, ${['ts', 'act', ...fields].map((f) => `list_where(${f}, k) AS ${f}`).join(', ')}
            FROM (SELECT *, ${keep} AS k FROM (${lists}))`;
}
