/**
 * KPIs in DuckDB: the events in scope are read once into a relation carrying each event's group,
 * bucket, conversion flag, page flag, time on page and survey score; four aggregates over it
 * (customer cells for conversion and churn, sessions from two window functions, time on page, survey
 * scales) come back as partial cells that `shapeKpis` merges, as for the reference.
 */
import { DEFAULT_CONVERSION, type KpiCell, type KpiCounts, KPI_GROUP_COLUMN, type KpisPlan, type KpisResult, shapeKpis, totalPlan } from '../kpis.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

function groupSql(plan: KpisPlan, p: SqlParams): string {
  if (plan.group === 'none') return 'NULL::VARCHAR';
  if (plan.group === 'persona' || plan.group.startsWith('traits.')) {
    const path = plan.group === 'persona' ? 'persona' : plan.group.slice('traits.'.length);
    return `json_extract_string(c.traits, ${p.add('$.' + path)})`;
  }
  return `e.${KPI_GROUP_COLUMN[plan.group as keyof typeof KPI_GROUP_COLUMN]}`;
}

export function compileKpis(ws: string, plan: KpisPlan): CompiledQuery {
  const p = new SqlParams();
  const series = plan.series;
  const bucket = series ? `epoch_ms(date_trunc('${series}', e.timestamp))` : '0::BIGINT';
  const group = groupSql(plan, p);
  const traitJoin = plan.group === 'persona' || plan.group.startsWith('traits.') ? `LEFT JOIN customers c ON c.workspace_id = e.workspace_id AND c.customer_id = e.customer_id` : '';
  // Survey fields are read only where the stored JSON text names a survey (our serialiser never escapes a key's letters).
  const isSurvey = `contains(e.properties, '"survey"')`;
  const surveyGroup = plan.group === 'touchpoint' ? `coalesce(CASE WHEN ${isSurvey} THEN json_extract_string(e.properties, '$.touchpoint_ref') END, ${group})` : group;
  const conversion = stepMatchSql(plan.conversion ?? DEFAULT_CONVERSION, p);
  const top = p.add('$.' + plan.timeOnPageProperty);
  const where = scopeWhereSql(ws, plan.scope, p);
  const to = p.add(plan.scope.to ? plan.scope.to.getTime() : null);
  const gap = p.add(plan.sessionGap);
  const window = p.add(plan.churnWindow);
  const sessionBucket = series ? `epoch_ms(date_trunc('${series}', min(ts)))` : '0::BIGINT';
  const cellEnd = series ? `least(epoch_ms(make_timestamp(cu.b * 1000) + INTERVAL 1 ${series}), end_ms)` : 'end_ms';
  const sql = `
WITH ev AS MATERIALIZED (
  SELECT e.customer_id AS cid, e.timestamp AS ts, ${group} AS g, ${bucket} AS b,
         e.type IN ('page', 'screen') AS page, coalesce(${conversion}, FALSE) AS conv,
         CASE WHEN e.type IN ('page', 'screen') THEN TRY_CAST(json_extract_string(e.properties, ${top}) AS DOUBLE) END AS top,
         CASE WHEN ${isSurvey} THEN json_extract_string(e.properties, '$.survey') END AS survey,
         CASE WHEN ${isSurvey} THEN TRY_CAST(json_extract_string(e.properties, '$.score') AS DOUBLE) END AS score,
         ${surveyGroup} AS sg
    FROM events e ${traitJoin}
   WHERE ${where}
),
obs AS (SELECT coalesce(${to}::BIGINT, epoch_ms(max(ts)) + 1) AS end_ms FROM ev),
cc AS (SELECT cid, g, b, min(ts) AS first FROM ev GROUP BY cid, g, b),
cb AS (SELECT cid, b, max(ts) FILTER (WHERE conv) AS lastconv, epoch_ms(max(ts)) AS last FROM ev GROUP BY cid, b),
cu AS (SELECT cc.g, cc.b, cc.first, cb.lastconv, cb.last FROM cc JOIN cb ON cc.cid = cb.cid AND cc.b = cb.b),
-- Sessions: tied events are never split (their gap is 0), so ordering by time alone and
-- summing over the whole tie (RANGE frame) numbers sessions exactly, without comparing ids.
s1 AS (SELECT cid, ts, g, page, lag(ts) OVER (PARTITION BY cid ORDER BY ts) AS prev FROM ev),
s2 AS (
  SELECT cid, ts, g, page,
         sum(CASE WHEN prev IS NULL OR epoch_ms(ts) - epoch_ms(prev) > ${gap} THEN 1 ELSE 0 END) OVER (PARTITION BY cid ORDER BY ts RANGE UNBOUNDED PRECEDING) AS sid
    FROM s1
),
ss AS (SELECT cid, sid, ${sessionBucket} AS b, count(*) FILTER (WHERE page) AS pages FROM s2 GROUP BY cid, sid),
sg AS (SELECT DISTINCT cid, sid, g FROM s2)
SELECT 'cust' AS k, cu.g, cu.b, count(*) AS n1,
       count(*) FILTER (WHERE cu.lastconv >= cu.first) AS n2,
       count(*) FILTER (WHERE cu.last < ${cellEnd} - ${window}) AS n3,
       NULL::DOUBLE AS x1, NULL::DOUBLE AS x2, NULL::DOUBLE AS x3
  FROM cu, obs GROUP BY cu.g, cu.b
UNION ALL
SELECT 'sess', sg.g, ss.b, count(*), count(*) FILTER (WHERE ss.pages > 0), NULL, sum(ss.pages), NULL, NULL
  FROM sg JOIN ss ON sg.cid = ss.cid AND sg.sid = ss.sid GROUP BY sg.g, ss.b
UNION ALL
SELECT 'top', g, b, count(*), NULL, NULL, avg(top), quantile_cont(top, 0.5), NULL
  FROM ev WHERE page AND isfinite(top) GROUP BY g, b
UNION ALL
SELECT 'nps', sg, b, count(*), count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), NULL, NULL, NULL
  FROM ev WHERE survey = 'nps' AND score BETWEEN 0 AND 10 GROUP BY sg, b
UNION ALL
SELECT 'csat', sg, b, count(*), count(*) FILTER (WHERE score >= 4), NULL, sum(score), NULL, NULL
  FROM ev WHERE survey = 'csat' AND score BETWEEN 1 AND 5 GROUP BY sg, b
UNION ALL
SELECT 'ces', sg, b, count(*), NULL, NULL, sum(score), NULL, NULL
  FROM ev WHERE survey = 'ces' AND score BETWEEN 1 AND 7 GROUP BY sg, b
UNION ALL
SELECT 'end', NULL, end_ms, NULL, NULL, NULL, NULL, NULL, NULL FROM obs`;
  return { sql, params: p.values };
}

function cellOf(r: Record<string, unknown>): KpiCell {
  const base = { group: r.g === null || r.g === undefined ? null : String(r.g), bucket: num(r.b) };
  switch (r.k) {
    case 'cust':
      return { ...base, customers: num(r.n1), converted: num(r.n2), churned: num(r.n3) };
    case 'sess':
      return { ...base, sessions: num(r.n1), visits: num(r.n2), visitPages: num(r.x1) };
    case 'top':
      return { ...base, topN: num(r.n1), topMean: numOrNull(r.x1), topMedian: numOrNull(r.x2) };
    case 'nps':
      return { ...base, npsN: num(r.n1), npsPromoters: num(r.n2), npsDetractors: num(r.n3) };
    case 'csat':
      return { ...base, csatN: num(r.n1), csatGood: num(r.n2), csatSum: num(r.x1) };
    default:
      return { ...base, cesN: num(r.n1), cesSum: num(r.x1) };
  }
}

async function counts(run: RunQuery, ws: string, plan: KpisPlan): Promise<KpiCounts> {
  const rows = await run(compileKpis(ws, plan));
  return { endMs: numOrNull(rows.find((r) => r.k === 'end')?.b), cells: rows.filter((r) => r.k !== 'end').map(cellOf) };
}

export async function runKpis(run: RunQuery, ws: string, plan: KpisPlan): Promise<KpisResult> {
  const grouped = await counts(run, ws, plan);
  const total = plan.group === 'none' && !plan.series ? grouped : await counts(run, ws, totalPlan(plan));
  return shapeKpis(plan, grouped, total);
}
