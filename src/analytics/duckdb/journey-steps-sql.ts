/**
 * Journey steps in DuckDB, in one scan of the events: each event in scope becomes one row per
 * step it meets (customer, time, step index); each customer's first time per step is a GROUP BY,
 * and the next step's earliest hit inside the window is a hash join on (customer, step + 1)
 * with a range condition — no sort of the journeys.
 */
import { type JourneyStepsPlan, type JourneyStepsResult, shapeJourneySteps } from '../journey-steps.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { msBetween, scopeWhereSql, stepMatchSql } from './scope-sql.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

export function compileJourneySteps(ws: string, plan: JourneyStepsPlan): CompiledQuery {
  const p = new SqlParams();
  const matches = plan.steps.map((s) => `(${stepMatchSql(s, p)})`);
  const window = p.add(plan.window);
  const sql = `
WITH hits AS MATERIALIZED (
  SELECT cid, ts, unnest(list_filter([${matches.map((m, i) => `CASE WHEN ${m} THEN ${i} END`).join(', ')}], x -> x IS NOT NULL)) AS i
    FROM (SELECT e.*, e.customer_id AS cid, e.timestamp AS ts FROM events e WHERE ${scopeWhereSql(ws, plan.scope, p)} AND (${matches.join(' OR ')})) e
),
firsts AS MATERIALIZED (SELECT i, cid, min(ts) AS f FROM hits GROUP BY i, cid),
conv AS (
  SELECT f.i, f.cid, ${msBetween('f.f', 'min(h.ts)')} AS d
    FROM firsts f JOIN hits h ON h.cid = f.cid AND h.i = f.i + 1 AND h.ts >= f.f AND ${msBetween('f.f', 'h.ts')} <= ${window}
   GROUP BY f.i, f.cid, f.f
)
SELECT r.i, r.reached, coalesce(c.converted, 0) AS converted, c.median, c.p90
  FROM (SELECT i, count(*) AS reached FROM firsts GROUP BY i) r
  LEFT JOIN (SELECT i, count(*) AS converted, quantile_cont(d, 0.5) AS median, quantile_cont(d, 0.9) AS p90 FROM conv GROUP BY i) c ON c.i = r.i`;
  return { sql, params: p.values };
}

export async function runJourneySteps(run: RunQuery, ws: string, plan: JourneyStepsPlan): Promise<JourneyStepsResult> {
  const rows = await run(compileJourneySteps(ws, plan));
  const raw = plan.steps.map(() => ({ reached: 0, converted: 0, medianMs: null as number | null, p90Ms: null as number | null }));
  for (const r of rows) raw[num(r.i)] = { reached: num(r.reached), converted: num(r.converted), medianMs: numOrNull(r.median), p90Ms: numOrNull(r.p90) };
  return shapeJourneySteps(plan, raw);
}
