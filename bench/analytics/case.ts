/**
 * What one bench case is: an analysis kind with the plan a user would send to Waymark, the same
 * analysis written idiomatically for ClickHouse and as plain hand-written DuckDB SQL, each reduced
 * to comparable figures (a map of key → count) so the three can be checked against each other,
 * and the targets for it.
 */
import type { RunQuery } from '../../src/analytics/duckdb/query.js';

/** Figures to compare: e.g. `level 3` → customers, `edge A → B` → count. */
export type Figures = Map<string, number>;

export interface ChResult {
  data: unknown[][];
  rows_before_limit_at_least?: number;
}

export interface BenchCase {
  kind: string;
  /** What is measured, e.g. "funnel: 5 steps, 7-day window, ordered". */
  title: string;
  plan: Record<string, unknown>;
  /** Figures from Waymark's result. */
  waymark(result: unknown): Figures;
  /** ClickHouse SQL (one or more statements run in turn) and their figures. */
  clickhouse?: { sql: string[]; figures(results: ChResult[]): Figures };
  /** Plain DuckDB SQL run on the same database, and its figures. */
  baseline?: { sql: string; figures(rows: Awaited<ReturnType<RunQuery>>): Figures };
  /** Why there is no ClickHouse/baseline side yet, when there is none. */
  waymarkOnly?: string;
  /** Figures from Waymark that ClickHouse/baseline must match (default: all of them). */
  compareKeys?(waymark: Figures): string[];
  target: { seconds: number; vsClickHouse?: number };
}

export const WS_FILTER_CH = (ws: string) => `workspace_id = '${ws}' AND type NOT IN ('identify', 'alias', 'group')`;
export const WS_FILTER_DUCK = (ws: string) => `workspace_id = '${ws}' AND type NOT IN ('identify', 'alias', 'group')`;

/** Compares figures on the keys given; returns the mismatches (key, expected, got). */
export function compareFigures(expected: Figures, got: Figures, keys: readonly string[]): Array<{ key: string; expected: number; got: number | undefined }> {
  const out: Array<{ key: string; expected: number; got: number | undefined }> = [];
  for (const k of keys) {
    const e = expected.get(k)!;
    const g = got.get(k) ?? 0; // a count a side has no row for is 0
    if (g !== e) out.push({ key: k, expected: e, got: g });
  }
  return out;
}
