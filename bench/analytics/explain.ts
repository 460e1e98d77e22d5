/**
 * What bounds a Waymark analysis: runs the bench's plan for one kind through the real engine with
 * every query it sends replaced by EXPLAIN ANALYZE, and prints the operators that took longest.
 * Usage: node --import tsx bench/analytics/explain.ts --kind funnel [--customers 100000] [--top 8]
 */
import { DuckAnalytics } from '../../src/analytics/duckdb/duck-analytics.js';
import { AnalyticsEngine } from '../../src/analytics/engine.js';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';
import type { DuckDatabase } from '../../src/store/duckdb/database.js';
import type { BenchCase } from './case.js';
import { dfgCase } from './cases/dfg.js';
import { funnelCase } from './cases/funnel.js';
import { kpisCase } from './cases/kpis.js';
import { pathsCase } from './cases/paths.js';
import { retentionCase } from './cases/retention.js';
import { variantsCase } from './cases/variants.js';
import { datasetPath, PERIOD_START, WORKSPACE } from './dataset.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const kind = arg('kind') ?? 'funnel';
const top = Number(arg('top') ?? 8);
const cases: BenchCase[] = [funnelCase(WORKSPACE, PERIOD_START.getTime()), pathsCase(WORKSPACE), dfgCase(WORKSPACE), variantsCase(WORKSPACE), retentionCase(WORKSPACE), kpisCase()];
const c = cases.find((x) => x.kind === kind);
if (!c) throw new Error(`no bench case "${kind}"; have ${cases.map((x) => x.kind).join(', ')}`);

interface Node {
  operator_name?: string;
  operator_type?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: Node[];
}

const rt = await openRuntime({ ...loadConfig({}), dbPath: datasetPath(Number(arg('customers') ?? 100_000)) });
try {
  // Hands the engine a database whose reads are explained; hasActivity's one-row lookups pass through.
  const explaining = {
    all: async (sql: string, params: never[]) => {
      if (/LIMIT 1$/.test(sql.trim())) return rt.db.all(sql, params);
      const t = performance.now();
      const rows = await rt.db.all(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const plan = JSON.parse(String(Object.values(rows[0]!).at(-1))) as Node;
      const ops: Node[] = [];
      const walk = (n: Node) => {
        if (n.operator_name || n.operator_type) ops.push(n);
        n.children?.forEach(walk);
      };
      walk(plan);
      ops.sort((a, b) => (b.operator_timing ?? 0) - (a.operator_timing ?? 0));
      console.log(`query (${((performance.now() - t) / 1000).toFixed(2)} s with profiling; ${ops.length} operators), slowest operators (own time):`);
      for (const o of ops.slice(0, top)) {
        console.log(`  ${(o.operator_timing ?? 0).toFixed(3)} s  ${String(o.operator_name ?? o.operator_type).trim().padEnd(22)} ${String(o.operator_cardinality ?? '').padStart(10)} rows  ${JSON.stringify(o.extra_info ?? {}).slice(0, 160)}`);
      }
      throw new Error('explained');
    },
  } as unknown as DuckDatabase;
  const engine = new AnalyticsEngine(new DuckAnalytics(explaining), rt.state);
  console.log(`${c.title} — ${datasetPath(Number(arg('customers') ?? 100_000))}`);
  await engine.run(WORKSPACE, kind, c.plan).catch((err: Error) => {
    if (err.message !== 'explained') throw err;
  });
} finally {
  await rt.close();
}
