/**
 * Directly-follows graph in DuckDB, feeding four aggregates — edges with durations, activities,
 * starts and ends — from each event and the one after it in its customer's journey: read off the
 * journeys projection's ordered lists (no sort), or, for scopes with event conditions the
 * projection lacks, from one pass of window functions over the events.
 */
import { type DfgPlan, type DfgResult, shapeDfg } from '../dfg.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, msBetween } from './scope-sql.js';
import { collapsedListsSql, type CompileOptions, journeyListsSql, journeysCover } from './journeys-sql.js';
import { type CompiledQuery, num, quantiles, type RunQuery } from './query.js';

/** Journey events with `keep` (false for a repeat of the activity just before, when collapsing). */
export function orderedJourneySql(ws: string, plan: { scope: DfgPlan['scope']; by: DfgPlan['by']; collapseRepeats: boolean }, p: SqlParams): string {
  const base = journeyEventsSql(ws, plan.scope, plan.by, p);
  if (!plan.collapseRepeats) return base;
  return `SELECT * FROM (${base}) QUALIFY act IS DISTINCT FROM lag(act) OVER (PARTITION BY customer_id ORDER BY ts, ord)`;
}

/** The four aggregates straight from each customer's masked lists: pairs of neighbours by slicing, no sort. */
function dfgFromListsSql(ws: string, plan: DfgPlan, p: SqlParams): string {
  const lists = journeyListsSql(ws, plan.scope, plan.by, p);
  return `
WITH j AS MATERIALIZED (${plan.collapseRepeats ? collapsedListsSql(lists) : lists})
SELECT 'edge' AS k, a, b, count(*) AS n, NULL AS cases, avg(d) AS mean, quantile_cont(d, [0.5, 0.9]) AS q
  FROM (SELECT a, b, ${msBetween('t0', 't1')} AS d FROM (SELECT unnest(act[:-2]) AS a, unnest(act[2:]) AS b, unnest(ts[:-2]) AS t0, unnest(ts[2:]) AS t1 FROM j)) GROUP BY a, b
-- an activity's cases: the customers whose journey has it, counted at its first position in each
UNION ALL SELECT 'act', a, NULL, count(*), count(*) FILTER (WHERE f), NULL, NULL
  FROM (SELECT unnest(act) AS a, unnest(list_transform(act, (x_, i_) -> list_position(act, x_) = i_)) AS f FROM j) GROUP BY a
UNION ALL SELECT 'start', act[1], NULL, count(*), NULL, NULL, NULL FROM j GROUP BY act[1]
UNION ALL SELECT 'end', act[-1], NULL, count(*), NULL, NULL, NULL FROM j GROUP BY act[-1]`;
}

/** The same from one window pass over the events: each event with the next one of its customer. */
function dfgFromEventsSql(ws: string, plan: DfgPlan, p: SqlParams): string {
  return `
WITH s AS MATERIALIZED (
  SELECT customer_id, act, ts, lead(act) OVER w AS nxt, lead(ts) OVER w AS nts, lag(act) OVER w IS NULL AS first
    FROM (${orderedJourneySql(ws, plan, p)})
  WINDOW w AS (PARTITION BY customer_id ORDER BY ts, ord)
)
SELECT 'edge' AS k, act AS a, nxt AS b, count(*) AS n, NULL AS cases,
       avg(d) AS mean, quantile_cont(d, [0.5, 0.9]) AS q
  FROM (SELECT act, nxt, ${msBetween('ts', 'nts')} AS d FROM s WHERE nxt IS NOT NULL) GROUP BY act, nxt
UNION ALL SELECT 'act', act, NULL, count(*), count(DISTINCT customer_id), NULL, NULL FROM s GROUP BY act
UNION ALL SELECT 'start', act, NULL, count(*), NULL, NULL, NULL FROM s WHERE first GROUP BY act
UNION ALL SELECT 'end', act, NULL, count(*), NULL, NULL, NULL FROM s WHERE nxt IS NULL GROUP BY act`;
}

export function compileDfg(ws: string, plan: DfgPlan, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  const sql = opts.journeys !== false && journeysCover(plan.scope) ? dfgFromListsSql(ws, plan, p) : dfgFromEventsSql(ws, plan, p);
  return { sql, params: p.values };
}

export async function runDfg(run: RunQuery, ws: string, plan: DfgPlan, opts: CompileOptions = {}): Promise<DfgResult> {
  const rows = await run(compileDfg(ws, plan, opts));
  const pick = (k: string) => rows.filter((r) => r.k === k);
  const activities = pick('act').map((r) => ({ activity: String(r.a), count: num(r.n), cases: num(r.cases) }));
  const start = pick('start').map((r) => ({ activity: String(r.a), count: num(r.n) }));
  return shapeDfg(plan, {
    cases: start.reduce((s, x) => s + x.count, 0),
    events: activities.reduce((s, x) => s + x.count, 0),
    activities,
    start,
    end: pick('end').map((r) => ({ activity: String(r.a), count: num(r.n) })),
    edges: pick('edge').map((r) => ({ from: String(r.a), to: String(r.b), count: num(r.n), meanMs: num(r.mean), medianMs: num(quantiles(r.q)[0]), p90Ms: num(quantiles(r.q)[1]) })),
  });
}
