/**
 * A compiled query (SQL text and its bound parameters) and the function that runs one: the only
 * thing the DuckDB analysis compilers need from the store.
 */
import type { DuckDBValue } from '@duckdb/node-api';

export interface CompiledQuery {
  sql: string;
  params: DuckDBValue[];
}

export type Row = Record<string, unknown>;
export type RunQuery = (q: CompiledQuery) => Promise<Row[]>;

export function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** The values of a `quantile_cont(x, [q1, q2, …])` column (one sort for all of them); [] for NULL. */
export function quantiles(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
