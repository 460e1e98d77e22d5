/**
 * KPIs in DuckDB: the events in scope are read once into a relation carrying each event's group,
 * bucket, conversion flag, page flag, time on page and survey score; four aggregates over it
 * (customer cells for conversion and churn, sessions — off the journeys projection's lists when
 * the scope has no event-property conditions, else from each customer's events as one sorted
 * list; no window pass either way —, time on page, survey scales) come back as partial cells that
 * `shapeKpis` merges, as for the reference.
 */
import { DEFAULT_CONVERSION, type KpiCell, type KpiCounts, KPI_GROUP_COLUMN, type KpisPlan, type KpisResult, shapeKpis } from '../kpis.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import { type CompileOptions, journeyListsSql, journeysCover } from './journeys-sql.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

function groupSql(plan: KpisPlan, p: SqlParams): string {
  if (plan.group === 'none') return 'NULL::VARCHAR';
  if (plan.group === 'persona' || plan.group.startsWith('traits.')) {
    const path = plan.group === 'persona' ? 'persona' : plan.group.slice('traits.'.length);
    return `json_extract_string(c.traits, ${p.add('$.' + path)})`;
  }
  return `e.${KPI_GROUP_COLUMN[plan.group as keyof typeof KPI_GROUP_COLUMN]}`;
}

const sessionBucket = (series: KpisPlan['series'], ts: string) => (series ? `epoch_ms(date_trunc('${series}', ${ts}))` : '0::BIGINT');

/**
 * Sessions (CTE ss: b, pages, gl — a session's bucket, page views and the groups of its events)
 * without a window pass over the events: each customer's events in scope (ev) as one list sorted
 * by time; a session starts at the first event and wherever more than the gap passed since the one
 * before (tied events are never split: their gap is 0, so their order does not matter); each
 * session [sb, se) of the list gives its bucket, its page count and its distinct groups (null too).
 */
function sessionsFromEventsSql(plan: KpisPlan, gap: string): string {
  return `cl AS (SELECT cid, list_sort(list({t: ts, page: page, g: g})) AS l FROM ev GROUP BY cid),
cs AS (SELECT l, list_filter(range(1, len(l) + 1), i_ -> i_ = 1 OR epoch_ms(l[i_].t) - epoch_ms(l[i_ - 1].t) > ${gap}) AS starts FROM cl),
sr AS (SELECT l, unnest(starts) AS sb, unnest(list_append(starts[2:], len(l) + 1)) AS se FROM cs),
ss AS (
  SELECT ${sessionBucket(plan.series, 'l[sb].t')} AS b,
         list_count(list_filter(l[sb:se - 1], x_ -> x_.page)) AS pages,
         list_transform(l[sb:se - 1], x_ -> x_.g) AS gl
    FROM sr
),`;
}

/**
 * The same sessions off the journeys projection (no sort, no scan of events): the customer's
 * masked lists of the scope, session starts read off the stored gaps where the journey is unmasked
 * (else compared element by element), page views off the stored types. A customer-level group
 * (persona, trait) is one value per journey; an event-level group is its list.
 */
function sessionsFromJourneysSql(ws: string, plan: KpisPlan, p: SqlParams, gap: string): string {
  const eventGroup = plan.group === 'none' || plan.group === 'persona' || plan.group.startsWith('traits.') ? null : KPI_GROUP_COLUMN[plan.group as keyof typeof KPI_GROUP_COLUMN];
  const fields: JourneyField[] = ['type', ...(eventGroup ? [eventGroup] : [])];
  const lists = journeyListsSql(ws, plan.scope, null, p, { fields, gap: true });
  const customerGroup = plan.group === 'persona' || plan.group.startsWith('traits.');
  const g = eventGroup ? `${eventGroup}[sb:se - 1]` : customerGroup ? `[cg]` : '[NULL::VARCHAR]';
  const cg = customerGroup
    ? `, (SELECT ${groupSql(plan, p)} FROM customers c WHERE c.workspace_id = ${p.add(ws)} AND c.customer_id = jl.customer_id) AS cg`
    : '';
  const gapUs = `(${gap}::BIGINT * 1000)`;
  // ns: the element starts a session — read off the stored gaps where the journey is unmasked
  const ns = `CASE WHEN gap IS NULL THEN list_transform(ts, (x_, i_) -> i_ = 1 OR x_ > ts[i_ - 1] + to_milliseconds(${gap}::BIGINT))
                   ELSE list_transform(gap, g_ -> coalesce(g_ > ${gapUs}, TRUE)) END`;
  return `jl AS (SELECT *, ${ns} AS ns${cg} FROM (${lists}) jl),
cs AS (SELECT *, list_transform(type, x_ -> x_ = 'page' OR x_ = 'screen') AS pg, list_filter(range(1, len(ns) + 1), k_ -> ns[k_]) AS starts FROM jl),
sr AS (SELECT *, unnest(starts) AS sb, unnest(list_append(starts[2:], len(ts) + 1)) AS se FROM cs),
ss AS (
  SELECT ${sessionBucket(plan.series, 'ts[sb]')} AS b,
         list_count(list_filter(pg[sb:se - 1], x_ -> x_)) AS pages,
         ${g} AS gl
    FROM sr
),`;
}

/**
 * One query; with `withTotal` its rows also hold the plan's total (column t true: the cells of
 * totalPlan(plan), ungrouped and without a series) from the same scan, as a second grouping set.
 */
export function compileKpis(ws: string, plan: KpisPlan, withTotal = false, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  // GROUP BY the cell's columns, and with the total also by what stays of them there (`rest`)
  const sets = (cols: string, rest: string) => (withTotal ? `GROUPING SETS ((${cols}), (${rest}))` : cols);
  const tot = (col: string) => (withTotal ? `grouping(${col}) = 1` : 'FALSE');
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
  const sessions = opts.journeys !== false && journeysCover(plan.scope) ? sessionsFromJourneysSql(ws, plan, p, gap) : sessionsFromEventsSql(plan, gap);
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
cc AS (SELECT cid, g, b, min(ts) AS first, ${tot('b')} AS t FROM ev GROUP BY ${sets('cid, g, b', 'cid')}),
cb AS (SELECT cid, b, max(ts) FILTER (WHERE conv) AS lastconv, epoch_ms(max(ts)) AS last, ${tot('b')} AS t FROM ev GROUP BY ${sets('cid, b', 'cid')}),
cu AS (SELECT cc.t, cc.g, coalesce(cc.b, 0) AS b, cc.first, cb.lastconv, cb.last
         FROM cc JOIN cb ON cc.cid = cb.cid AND cc.t = cb.t AND (cc.t OR cc.b = cb.b)),
${sessions}
sg AS (SELECT b, pages, unnest(CASE WHEN list_count(gl) < len(gl) THEN list_append(list_distinct(gl), NULL) ELSE list_distinct(gl) END) AS g FROM ss)
SELECT 'cust' AS k, cu.t, cu.g, cu.b, count(*) AS n1,
       count(*) FILTER (WHERE cu.lastconv >= cu.first) AS n2,
       count(*) FILTER (WHERE cu.last < CASE WHEN cu.t THEN end_ms ELSE ${cellEnd} END - ${window}) AS n3,
       NULL::DOUBLE AS x1, NULL::DOUBLE AS x2, NULL::DOUBLE AS x3
  FROM cu, obs GROUP BY cu.t, cu.g, cu.b
UNION ALL
SELECT 'sess', FALSE, g, b, count(*), count(*) FILTER (WHERE pages > 0), NULL, sum(pages), NULL, NULL
  FROM sg GROUP BY g, b${
  withTotal
    ? `
UNION ALL
SELECT 'sess', TRUE, NULL, 0, count(*), count(*) FILTER (WHERE pages > 0), NULL, sum(pages), NULL, NULL
  FROM ss HAVING count(*) > 0`
    : ''
}
UNION ALL
SELECT 'top', ${tot('g')}, g, b, count(*), NULL, NULL, avg(top), quantile_cont(top, 0.5), NULL
  FROM ev WHERE page AND isfinite(top) GROUP BY ${sets('g, b', '')} HAVING count(*) > 0
UNION ALL
SELECT 'nps', ${tot('sg')}, sg, b, count(*), count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), NULL, NULL, NULL
  FROM ev WHERE survey = 'nps' AND score BETWEEN 0 AND 10 GROUP BY ${sets('sg, b', '')} HAVING count(*) > 0
UNION ALL
SELECT 'csat', ${tot('sg')}, sg, b, count(*), count(*) FILTER (WHERE score >= 4), NULL, sum(score), NULL, NULL
  FROM ev WHERE survey = 'csat' AND score BETWEEN 1 AND 5 GROUP BY ${sets('sg, b', '')} HAVING count(*) > 0
UNION ALL
SELECT 'ces', ${tot('sg')}, sg, b, count(*), NULL, NULL, sum(score), NULL, NULL
  FROM ev WHERE survey = 'ces' AND score BETWEEN 1 AND 7 GROUP BY ${sets('sg, b', '')} HAVING count(*) > 0
UNION ALL
SELECT 'end', NULL, NULL, end_ms, NULL, NULL, NULL, NULL, NULL, NULL FROM obs`;
  return { sql, params: p.values };
}

function cellOf(r: Record<string, unknown>): KpiCell {
  // a total row (t) is a cell of totalPlan: no group, no series
  const base = r.t === true ? { group: null, bucket: 0 } : { group: r.g === null || r.g === undefined ? null : String(r.g), bucket: num(r.b) };
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

export async function runKpis(run: RunQuery, ws: string, plan: KpisPlan, opts: CompileOptions = {}): Promise<KpisResult> {
  // without a group or a series the cells are the total already
  const withTotal = !(plan.group === 'none' && !plan.series);
  const rows = await run(compileKpis(ws, plan, withTotal, opts));
  const endMs = numOrNull(rows.find((r) => r.k === 'end')?.b);
  const cells = (t: boolean) => rows.filter((r) => r.k !== 'end' && (r.t === true) === t).map(cellOf);
  const grouped: KpiCounts = { endMs, cells: cells(false) };
  return shapeKpis(plan, grouped, withTotal ? { endMs, cells: cells(true) } : grouped);
}
