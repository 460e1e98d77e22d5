/**
 * Directly-follows graph in DuckDB: one pass of window functions (lead over each customer's
 * ordered events) feeding four aggregates — edges with durations, activities, starts and ends.
 */
import { type DfgPlan, type DfgResult, shapeDfg } from '../dfg.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, msBetween } from './scope-sql.js';
import { type CompiledQuery, num, type RunQuery } from './query.js';

/** Journey events with `keep` (false for a repeat of the activity just before, when collapsing). */
export function orderedJourneySql(ws: string, plan: { scope: DfgPlan['scope']; by: DfgPlan['by']; collapseRepeats: boolean }, p: SqlParams): string {
  const base = journeyEventsSql(ws, plan.scope, plan.by, p);
  if (!plan.collapseRepeats) return base;
  return `SELECT * FROM (${base}) QUALIFY act IS DISTINCT FROM lag(act) OVER (PARTITION BY customer_id ORDER BY ts, ord)`;
}

export function compileDfg(ws: string, plan: DfgPlan): CompiledQuery {
  const p = new SqlParams();
  const sql = `
WITH s AS MATERIALIZED (
  SELECT customer_id, act, ts,
         lead(act) OVER w AS nxt, lead(ts) OVER w AS nts, lag(act) OVER w IS NULL AS first
    FROM (${orderedJourneySql(ws, plan, p)})
  WINDOW w AS (PARTITION BY customer_id ORDER BY ts, ord)
)
SELECT 'edge' AS k, act AS a, nxt AS b, count(*) AS n, NULL AS cases,
       avg(d) AS mean, quantile_cont(d, 0.5) AS median, quantile_cont(d, 0.9) AS p90
  FROM (SELECT act, nxt, ${msBetween('ts', 'nts')} AS d FROM s WHERE nxt IS NOT NULL) GROUP BY act, nxt
UNION ALL SELECT 'act', act, NULL, count(*), count(DISTINCT customer_id), NULL, NULL, NULL FROM s GROUP BY act
UNION ALL SELECT 'start', act, NULL, count(*), NULL, NULL, NULL, NULL FROM s WHERE first GROUP BY act
UNION ALL SELECT 'end', act, NULL, count(*), NULL, NULL, NULL, NULL FROM s WHERE nxt IS NULL GROUP BY act`;
  return { sql, params: p.values };
}

export async function runDfg(run: RunQuery, ws: string, plan: DfgPlan): Promise<DfgResult> {
  const rows = await run(compileDfg(ws, plan));
  const pick = (k: string) => rows.filter((r) => r.k === k);
  const activities = pick('act').map((r) => ({ activity: String(r.a), count: num(r.n), cases: num(r.cases) }));
  const start = pick('start').map((r) => ({ activity: String(r.a), count: num(r.n) }));
  return shapeDfg(plan, {
    cases: start.reduce((s, x) => s + x.count, 0),
    events: activities.reduce((s, x) => s + x.count, 0),
    activities,
    start,
    end: pick('end').map((r) => ({ activity: String(r.a), count: num(r.n) })),
    edges: pick('edge').map((r) => ({ from: String(r.a), to: String(r.b), count: num(r.n), meanMs: num(r.mean), medianMs: num(r.median), p90Ms: num(r.p90) })),
  });
}
