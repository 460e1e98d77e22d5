/**
 * Retention in DuckDB, in one scan of the events: the journey events are first reduced to one
 * row per customer and calendar period (first cohort-step event, latest return-step event, as
 * (time, message id) structs, which compare like journey order), a per-customer minimum over that small
 * relation finds each customer's entry, and a period holds a return exactly when its latest
 * return comes after the entry. Counts per cohort and offset come back; `shapeRetention` does
 * the rest, as for the reference.
 */
import { type RetentionCounts, type RetentionPlan, type RetentionResult, shapeRetention } from '../retention.js';
import type { Period } from '../retention-period.js';
import { ACTIVITY_COLUMN } from '../granularity.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

/** Whole periods between two period starts (both already truncated). */
export function periodsBetweenSql(period: Period, from: string, to: string): string {
  if (period === 'month') return `datediff('month', ${from}, ${to})`;
  return period === 'week' ? `(datediff('day', ${from}, ${to}) // 7)` : `datediff('day', ${from}, ${to})`;
}

export function compileRetention(ws: string, plan: RetentionPlan): CompiledQuery {
  const p = new SqlParams();
  const unit = `'${plan.period}'`;
  const cohort = plan.cohort ? stepMatchSql(plan.cohort, p) : 'TRUE';
  const ret = plan.return ? stepMatchSql(plan.return, p) : 'TRUE';
  const to = p.add(plan.scope.to ? plan.scope.to.getTime() : null);
  const window = p.add(plan.churnWindow);
  const periods = p.add(plan.periods);
  const sql = `
WITH b AS MATERIALIZED (
  SELECT e.customer_id AS cid, date_trunc(${unit}, e.timestamp) AS bucket,
         min({t: e.timestamp, o: e.message_id}) FILTER (WHERE ${cohort}) AS cfirst,
         max({t: e.timestamp, o: e.message_id}) FILTER (WHERE ${ret}) AS rlast,
         max(e.timestamp) AS mx
    FROM events e
   WHERE ${scopeWhereSql(ws, plan.scope, p)} AND e.${ACTIVITY_COLUMN[plan.by]} IS NOT NULL
   GROUP BY ALL
),
obs AS (SELECT coalesce(${to}::BIGINT, epoch_ms(max(mx)) + 1) AS end_ms FROM b),
x AS (SELECT b.cid, b.bucket, b.rlast, f.entry FROM b JOIN (SELECT cid, min(cfirst) AS entry FROM b GROUP BY cid) f ON f.cid = b.cid),
z AS MATERIALIZED (
  SELECT cid, date_trunc(${unit}, entry.t) AS cohort, epoch_ms(entry.t) AS ets,
         coalesce(rlast > entry, FALSE) AS ret, epoch_ms(rlast.t) AS rts,
         ${periodsBetweenSql(plan.period, `date_trunc(${unit}, entry.t)`, 'bucket')} AS off
    FROM x WHERE entry IS NOT NULL
),
cust AS MATERIALIZED (
  SELECT cohort, any_value(ets) AS ets, max(off) FILTER (WHERE ret) AS maxoff,
         coalesce(max(rts) FILTER (WHERE ret), any_value(ets)) AS last
    FROM z GROUP BY cid, cohort
)
SELECT 'cohort' AS k, epoch_ms(cohort) AS s, NULL::BIGINT AS off, count(*) AS n,
       count(*) FILTER (WHERE ets < end_ms - ${window}) AS eligible,
       count(*) FILTER (WHERE last < end_ms - ${window}) AS churned
  FROM cust, obs GROUP BY cohort
UNION ALL SELECT 'ret', epoch_ms(cohort), off, count(*), NULL, NULL FROM z WHERE ret AND off <= ${periods} GROUP BY cohort, off
UNION ALL SELECT 'latest', epoch_ms(cohort), least(maxoff, ${periods}), count(*), NULL, NULL FROM cust WHERE maxoff IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'end', end_ms, NULL, NULL, NULL, NULL FROM obs`;
  return { sql, params: p.values };
}

export async function runRetention(run: RunQuery, ws: string, plan: RetentionPlan): Promise<RetentionResult> {
  const rows = await run(compileRetention(ws, plan));
  const pick = (k: string) => rows.filter((r) => r.k === k);
  const counts = (k: string) => pick(k).map((r) => ({ start: num(r.s), offset: num(r.off), customers: num(r.n) }));
  const raw: RetentionCounts = {
    endMs: numOrNull(pick('end')[0]?.s),
    cohorts: pick('cohort').map((r) => ({ start: num(r.s), size: num(r.n), eligible: num(r.eligible), churned: num(r.churned) })),
    returned: counts('ret'),
    latest: counts('latest'),
  };
  return shapeRetention(plan, raw);
}
