/**
 * The fast path for the commonest paths plans — from session starts or from a start point, without
 * collapsing, depth ≤ LEAD_PATH_MAX_DEPTH — in ONE window pass over all events: each row reads
 * the next depth−1 labels and depth timestamps with lead(), so a path is one row. Only the session
 * starts and start-point rows (few) take a second, narrow pass to find the first start of each
 * session. Same results as paths-sql.ts (property-tested against the reference).
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import { pathsMode, type PathsPlan } from '../paths.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import type { CompiledQuery } from './query.js';
import { exclusionSql, labelSql } from './paths-sql-parts.js';

/** Beyond this depth the lead columns (2 per step, on every event) cost more than the general plan. */
export const LEAD_PATH_MAX_DEPTH = 8;

export function leadPathsApplies(plan: PathsPlan): boolean {
  const mode = pathsMode(plan);
  return !plan.collapseRepeats && plan.depth <= LEAD_PATH_MAX_DEPTH && (mode === 'sessions' || mode === 'from_start');
}

export function compileLeadPaths(ws: string, plan: PathsPlan): CompiledQuery {
  const p = new SqlParams();
  const col = ACTIVITY_COLUMN[plan.by];
  const gap = `to_milliseconds(${p.add(plan.sessionGap)}::BIGINT)`;
  const D = plan.depth;
  const ks = Array.from({ length: D }, (_, i) => i + 1);
  const start = plan.start ? `coalesce(${stepMatchSql(plan.start, p)}, FALSE)` : 'FALSE';
  // l{k}: the k-th next label; t{k}: its time. c{k}: the path goes on to step k+1 (same session).
  const leads = [...ks.slice(0, -1).map((k) => `lead(label, ${p.add(k)}) OVER w AS l${k}`), ...ks.map((k) => `lead(ts, ${p.add(k)}) OVER w AS t${k}`)];
  const conts = ks.map((k) => (k === 1 ? `coalesce(t1 <= ts + ${gap}, FALSE) AS c1` : `c${k - 1} AND coalesce(t${k} <= t${k - 1} + ${gap}, FALSE) AS c${k}`));
  const firstStart = plan.start
    ? `s AND coalesce(max(CASE WHEN s THEN rn END) OVER wp < max(CASE WHEN ns THEN rn END) OVER w, TRUE)`
    : 'ns';
  const d = p.add(D);
  const sql = `
WITH j AS (
  SELECT e.customer_id AS cid, e.timestamp AS ts, e.message_id AS ord, ${labelSql(plan, p)} AS label, ${start} AS s
    FROM events e
   WHERE ${scopeWhereSql(ws, plan.scope, p)} AND e.${col} IS NOT NULL${exclusionSql(plan, p)}
),
w1 AS (
  SELECT cid, ts, s, label, row_number() OVER w AS rn, coalesce(ts > lag(ts) OVER w + ${gap}, TRUE) AS ns, ${leads.join(', ')}
    FROM j WINDOW w AS (PARTITION BY cid ORDER BY ts, ord)
),
sub AS MATERIALIZED (
  SELECT cid, rn, s, ns, [label${ks.slice(0, -1).map((k) => `, l${k}`).join('')}] AS ls, [${ks.map((k) => `c${k}`).join(', ')}] AS cs
    FROM (SELECT *${ks.map((k) => `, ${conts[k - 1]}`).join('')} FROM w1 WHERE ns OR s)
),
paths AS (
  SELECT ls, cs FROM (SELECT ls, cs, ${firstStart} AS first FROM sub
                      WINDOW w AS (PARTITION BY cid ORDER BY rn ROWS UNBOUNDED PRECEDING),
                             wp AS (PARTITION BY cid ORDER BY rn ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
   WHERE first
),
u AS MATERIALIZED (SELECT ls, cs, unnest(range(1, ${d} + 1)) AS i FROM paths)
SELECT 'sessions' AS k, NULL AS step, NULL AS a, NULL AS b, count(*) AS n, NULL AS c FROM sub WHERE ns
UNION ALL SELECT 'beyond', NULL, NULL, NULL, 0, NULL
UNION ALL SELECT 'node', i, ls[i], NULL, count(*), count(*) FILTER (WHERE cs[i]) FROM u WHERE i = 1 OR cs[i - 1] GROUP BY i, ls[i]
UNION ALL SELECT 'link', i, ls[i], ls[i + 1], count(*), NULL FROM u WHERE i < ${d} AND cs[i] GROUP BY i, ls[i], ls[i + 1]`;
  return { sql, params: p.values };
}
