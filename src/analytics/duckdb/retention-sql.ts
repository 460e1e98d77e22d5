/**
 * Retention in DuckDB, from the journeys projection's ordered lists when the plan has no event
 * conditions (retentionFromListsSql), else in one scan of the events: the journey events are
 * first reduced to one row per customer and calendar period (first cohort-step event, latest return-step event, as
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
import { type CompileOptions, journeyListsSql, journeysCover } from './journeys-sql.js';
import type { Step } from '../step.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

/** Whole periods between two period starts (both already truncated). */
export function periodsBetweenSql(period: Period, from: string, to: string): string {
  if (period === 'month') return `datediff('month', ${from}, ${to})`;
  return period === 'week' ? `(datediff('day', ${from}, ${to}) // 7)` : `datediff('day', ${from}, ${to})`;
}

/**
 * The same counts from the journeys projection, without grouping events: per customer the entry
 * is an index into the ordered lists (the first cohort-step event, or the first event), the
 * returns the later indices that are the return step, their period offsets a short sorted list.
 */
function retentionFromListsSql(ws: string, plan: RetentionPlan, p: SqlParams): string {
  const unit = `'${plan.period}'`;
  const byCol = ACTIVITY_COLUMN[plan.by];
  const list = (s: Step) => (ACTIVITY_COLUMN[s.by] === byCol ? 'act' : ACTIVITY_COLUMN[s.by]);
  const fields = [plan.cohort, plan.return].filter((s): s is Step => s !== undefined).map((s) => ACTIVITY_COLUMN[s.by]);
  const entry = plan.cohort ? `list_position(list_transform(${list(plan.cohort)}, x_ -> coalesce(x_ = ${p.add(plan.cohort.value)}, FALSE)), TRUE)` : '1';
  // rts: the times of the returns, the events after the entry that are the return step (all, without one)
  const returns = plan.return
    ? `list_transform(list_filter(range(e + 1, len(ts) + 1), k_ -> coalesce(${list(plan.return)}[k_] = ${p.add(plan.return.value)}, FALSE)), k_ -> ts[k_])`
    : 'ts[e + 1:]';
  const to = p.add(plan.scope.to ? plan.scope.to.getTime() : null);
  const window = p.add(plan.churnWindow);
  const periods = p.add(plan.periods);
  return `
WITH L AS (${journeyListsSql(ws, plan.scope, plan.by, p, { fields })}),
obs AS (SELECT coalesce(${to}::BIGINT, epoch_ms(max(ts[-1])) + 1) AS end_ms FROM L),
r AS (SELECT date_trunc(${unit}, ts[e]) AS cohort, epoch_ms(ts[e]) AS ets, ${returns} AS rts FROM (SELECT *, ${entry} AS e FROM L) WHERE e IS NOT NULL),
cust AS MATERIALIZED (
  SELECT cohort, ets, CASE WHEN len(rts) > 0 THEN epoch_ms(rts[-1]) ELSE ets END AS last,
         list_distinct(list_transform(rts, x_ -> ${periodsBetweenSql(plan.period, 'cohort', `date_trunc(${unit}, x_)`)})) AS offs
    FROM r
)
SELECT 'cohort' AS k, epoch_ms(cohort) AS s, NULL::BIGINT AS off, count(*) AS n,
       count(*) FILTER (WHERE ets < end_ms - ${window}) AS eligible,
       count(*) FILTER (WHERE last < end_ms - ${window}) AS churned
  FROM cust, obs GROUP BY cohort
UNION ALL SELECT 'ret', epoch_ms(cohort), off, count(*), NULL, NULL FROM (SELECT cohort, unnest(offs) AS off FROM cust) WHERE off <= ${periods} GROUP BY cohort, off
UNION ALL SELECT 'latest', epoch_ms(cohort), least(list_max(offs), ${periods}), count(*), NULL, NULL FROM cust WHERE len(offs) > 0 GROUP BY ALL
UNION ALL SELECT 'end', end_ms, NULL, NULL, NULL, NULL FROM obs`;
}

function retentionFromEventsSql(ws: string, plan: RetentionPlan, p: SqlParams): string {
  const unit = `'${plan.period}'`;
  const cohort = plan.cohort ? stepMatchSql(plan.cohort, p) : 'TRUE';
  const ret = plan.return ? stepMatchSql(plan.return, p) : 'TRUE';
  const to = p.add(plan.scope.to ? plan.scope.to.getTime() : null);
  const window = p.add(plan.churnWindow);
  const periods = p.add(plan.periods);
  return `
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
}

/** Whether the journeys' lists hold what the plan reads (no event-property conditions). */
function retentionListsApply(plan: RetentionPlan): boolean {
  return journeysCover(plan.scope) && [plan.cohort, plan.return].every((s) => s === undefined || s.where.length === 0);
}

export function compileRetention(ws: string, plan: RetentionPlan, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  const sql = opts.journeys !== false && retentionListsApply(plan) ? retentionFromListsSql(ws, plan, p) : retentionFromEventsSql(ws, plan, p);
  return { sql, params: p.values };
}

export async function runRetention(run: RunQuery, ws: string, plan: RetentionPlan, opts: CompileOptions = {}): Promise<RetentionResult> {
  const rows = await run(compileRetention(ws, plan, opts));
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
