/**
 * Left-to-right layout of a directly-follows graph: a Start node, each activity in the column of
 * its shortest distance from the journeys' first activities (breadth-first over the edges, most
 * frequent first), an End node after the last column; within a column, the most frequent
 * activity on top. Loops and back edges do not move a node.
 */
import type { DfgResult } from '../../analysis-types';

export const START = '▶ Start';
export const END = '■ End';

export interface PlacedNode {
  name: string;
  count: number;
  column: number;
  row: number;
}

export function layoutDfg(result: DfgResult): { nodes: PlacedNode[]; columns: number } {
  const counts = new Map(result.activities.map((a) => [a.activity, a.count]));
  const shown = new Set<string>([...result.edges.flatMap((e) => [e.from, e.to]), ...result.start.map((s) => s.activity)]);
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
  const last = Math.max(1, ...column.values());
  for (const a of shown) if (!column.has(a)) column.set(a, last + 1);
  const columns = Math.max(1, ...column.values()) + 1;

  const byColumn = new Map<number, string[]>();
  for (const [a, c] of column) {
    if (!byColumn.has(c)) byColumn.set(c, []);
    byColumn.get(c)!.push(a);
  }
  const nodes: PlacedNode[] = [{ name: START, count: result.cases, column: 0, row: 0 }];
  for (const [c, names] of byColumn) {
    names
      .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b))
      .forEach((name, row) => nodes.push({ name, count: counts.get(name) ?? 0, column: c, row }));
  }
  nodes.push({ name: END, count: result.cases, column: columns, row: 0 });
  return { nodes, columns: columns + 1 };
}
