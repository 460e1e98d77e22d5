/**
 * Collects parameters while SQL text is assembled, so user input only ever travels as a bound
 * parameter (`$1`, `$2`, …), never inside the SQL string.
 */
import type { DuckDBValue } from '@duckdb/node-api';

export class SqlParams {
  readonly values: DuckDBValue[] = [];
  /** Bind a value and return its placeholder. */
  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Quote an identifier that did not come from our own code (a CSV header, say). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
