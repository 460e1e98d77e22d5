/**
 * Variants in DuckDB: each customer's ordered activity list (repeats optionally collapsed),
 * grouped by the list itself; durations from the journey's first to last event.
 */
import { shapeVariants, type VariantsPlan, type VariantsResult } from '../variants.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, msBetween } from './scope-sql.js';
import { type CompiledQuery, num, type RunQuery } from './query.js';

export function compileVariants(ws: string, plan: VariantsPlan): CompiledQuery {
  const p = new SqlParams();
  const keep = plan.collapseRepeats ? `act IS DISTINCT FROM lag(act) OVER (PARTITION BY customer_id ORDER BY ts, ord)` : 'TRUE';
  const sql = `
WITH j AS (SELECT *, ${keep} AS keep FROM (${journeyEventsSql(ws, plan.scope, plan.by, p)})),
c AS (SELECT customer_id, list_transform(list_sort(list({t: ts, o: ord, a: act}) FILTER (WHERE keep)), x -> x.a) AS seq, ${msBetween('min(ts)', 'max(ts)')} AS d FROM j GROUP BY customer_id),
g AS MATERIALIZED (SELECT seq, count(*) AS n, quantile_cont(d, 0.5) AS median FROM c GROUP BY seq),
t AS (SELECT count(*) AS total, coalesce(sum(n), 0) AS cases FROM g),
top AS (SELECT * FROM g WHERE n >= ${p.add(plan.minCount)} ORDER BY n DESC, seq LIMIT ${p.add(plan.limit)})
SELECT t.total, t.cases, top.* FROM t LEFT JOIN top ON TRUE ORDER BY top.n DESC, top.seq`;
  return { sql, params: p.values };
}

export async function runVariants(run: RunQuery, ws: string, plan: VariantsPlan): Promise<VariantsResult> {
  const rows = await run(compileVariants(ws, plan));
  const top = rows.filter((r) => r.seq !== null).map((r) => ({ activities: (r.seq as unknown[]).map(String), count: num(r.n), medianDurationMs: num(r.median) }));
  const shaped = shapeVariants(plan, num(rows[0]?.cases), top);
  return { ...shaped, totalVariants: num(rows[0]?.total) };
}
