/**
 * Bulk import line numbers: the k-th row of the raw table is the k-th good record, and runs of
 * rows on consecutive lines (segments, split at multi-line records, rejected records and blank
 * lines) map a row position to its physical line with one ASOF join.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { RAW, SEGS } from './types.js';

export interface Irregular {
  /** First physical line of a rejected record or a blank line. */
  line: number;
  span: number;
}

export interface Segment {
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
export async function rowBase(c: DuckDBConnection): Promise<string> {
  const b = String((await c.runAndReadAll(`SELECT coalesce(min(rowid), 0)::VARCHAR AS b FROM ${RAW}`)).getRowObjectsJson()[0]?.b ?? '0');
  if (!/^\d+$/.test(b)) throw new Error(`unexpected rowid ${b}`);
  return b;
}

export async function writeSegments(c: DuckDBConnection, segs: Segment[]): Promise<void> {
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
