/**
 * Left-to-right layout of a directly-follows graph. Columns follow the journey: with a column
 * per activity given (a stage's position in the stage model, or a touchpoint's stage's), those
 * columns, activities without one after them; otherwise the breadth-first distance from the
 * journeys' first activities (most frequent edges first). A Start node sits before the first
 * column and an End node after the last; within a column the most frequent activity is in the
 * middle row band, rows centred on the Start–End line.
 */
import type { DfgResult } from '../../analysis-types';

export const START = '▶ Start';
export const END = '■ End';

export interface PlacedNode {
  name: string;
  count: number;
  column: number;
  /** Centred: 0 is the middle of the column. */
  row: number;
}

function bfsColumns(result: DfgResult, shown: Set<string>): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of [...result.edges].sort((a, b) => b.count - a.count)) {
    if (!next.has(e.from)) next.set(e.from, []);
    next.get(e.from)!.push(e.to);
  }
  const column = new Map<string, number>();
  let frontier = result.start.map((s) => s.activity).filter((a) => shown.has(a));
  for (const a of frontier) column.set(a, 1);
  let depth = 1;
  while (frontier.length) {
    const following: string[] = [];
    for (const a of frontier) {
      for (const b of next.get(a) ?? []) {
        if (!column.has(b)) {
          column.set(b, depth + 1);
          following.push(b);
        }
      }
    }
    frontier = following;
    depth++;
  }
  return column;
}

export function layoutDfg(result: DfgResult, columnOf?: (activity: string) => number | undefined): { nodes: PlacedNode[]; columns: number; rows: number } {
  const counts = new Map(result.activities.map((a) => [a.activity, a.count]));
  const shown = new Set<string>([...result.edges.flatMap((e) => [e.from, e.to]), ...result.start.map((s) => s.activity)]);
  let column: Map<string, number>;
  if (columnOf && [...shown].some((a) => columnOf(a) !== undefined)) {
    column = new Map();
    const used = [...new Set([...shown].map(columnOf).filter((c): c is number => c !== undefined))].sort((a, b) => a - b);
    for (const a of shown) {
      const c = columnOf(a);
      column.set(a, c === undefined ? used.length + 1 : used.indexOf(c) + 1);
    }
  } else column = bfsColumns(result, shown);
  const last = Math.max(1, ...column.values());
  for (const a of shown) if (!column.has(a)) column.set(a, last + 1);
  const endColumn = Math.max(1, ...column.values()) + 1;

  const byColumn = new Map<number, string[]>();
  for (const [a, c] of column) {
    if (!byColumn.has(c)) byColumn.set(c, []);
    byColumn.get(c)!.push(a);
  }
  const nodes: PlacedNode[] = [{ name: START, count: result.cases, column: 0, row: 0 }];
  let rows = 1;
  for (const [c, names] of byColumn) {
    rows = Math.max(rows, names.length);
    const sorted = names.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b));
    // most frequent in the middle, then alternating below and above
    sorted.forEach((name, i) => nodes.push({ name, count: counts.get(name) ?? 0, column: c, row: i === 0 ? 0 : i % 2 === 1 ? (i + 1) / 2 : -i / 2 }));
  }
  nodes.push({ name: END, count: result.cases, column: endColumn, row: 0 });
  return { nodes, columns: endColumn + 1, rows };
}
