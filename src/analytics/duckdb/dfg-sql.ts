/**
 * Directly-follows graph in DuckDB — edges with durations, activities, starts and ends — from
 * each event and the one after it in its customer's journey: read off the journeys projection's
 * ordered lists (no sort, one grouping of neighbour pairs), or, for scopes with event conditions
 * the projection lacks, from one pass of window functions over the events (four aggregates).
 */
import { type DfgPlan, type DfgResult, shapeDfg } from '../dfg.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, msBetween } from './scope-sql.js';
import { collapsedListsSql, type CompileOptions, journeyListsSql, journeysCover, touchpointNameJoin } from './journeys-sql.js';
import { type CompiledQuery, num, quantiles, type Row, type RunQuery } from './query.js';

/** Journey events with `keep` (false for a repeat of the activity just before, when collapsing). */
export function orderedJourneySql(ws: string, plan: { scope: DfgPlan['scope']; by: DfgPlan['by']; collapseRepeats: boolean }, p: SqlParams): string {
  const base = journeyEventsSql(ws, plan.scope, plan.by, p);
  if (!plan.collapseRepeats) return base;
  return `SELECT * FROM (${base}) QUALIFY act IS DISTINCT FROM lag(act) OVER (PARTITION BY customer_id ORDER BY ts, ord)`;
}

/**
 * From each customer's masked lists in one unnest: every element with the one after it ('pair'
 * rows; b is NULL after the last), grouped by (a, b). An activity's count is the sum of its
 * pairs (every element but the last has one successor; the last has the NULL one), its ends are
 * its NULL pair, its starts the pairs of first elements and its cases the pairs where it stands at
 * its first position in the journey (list_position over the carried list: a lambda capturing the
 * list would copy it per element). One scan and one grouping, no materialized lists.
 */
function dfgFromListsSql(ws: string, plan: DfgPlan, p: SqlParams): string {
  // Touchpoints are grouped by their integer codes (store/duckdb/journeys.ts), named after the grouping.
  const coded = plan.by === 'touchpoint';
  const masked = journeyListsSql(ws, plan.scope, plan.by, p, coded ? { fields: ['touchpoint_code'] } : {});
  const lists = coded ? `SELECT customer_id, ts, touchpoint_code AS act FROM (${masked})` : masked;
  const pairs = `
SELECT a, b, count(*) AS n, count(*) FILTER (WHERE list_position(act, a) = i) AS cases, count(*) FILTER (WHERE i = 1) AS starts,
       avg(d) AS mean, quantile_cont(d, [0.5, 0.9]) AS q
  FROM (SELECT a, b, i, act, ${msBetween('t0', 't1')} AS d
          FROM (SELECT unnest(act) AS a, unnest(act[2:]) AS b, unnest(ts) AS t0, unnest(ts[2:]) AS t1, generate_subscripts(act, 1) AS i, act
                  FROM (${plan.collapseRepeats ? collapsedListsSql(lists) : lists})))
 GROUP BY a, b`;
  if (!coded) return `SELECT 'pair' AS k, * FROM (${pairs})`;
  return `
SELECT 'pair' AS k, ca.value AS a, cb.value AS b, g.n, g.cases, g.starts, g.mean, g.q
  FROM (${pairs}) g ${touchpointNameJoin(ws, 'ca', 'g.a', p)} ${touchpointNameJoin(ws, 'cb', 'g.b', p)}`;
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

type Raw = Omit<DfgResult, 'totalEdges'>;
type Edge = Raw['edges'][number];

const edgeOf = (r: Row): Edge => ({
  from: String(r.a),
  to: String(r.b),
  count: num(r.n),
  meanMs: num(r.mean),
  medianMs: num(quantiles(r.q)[0]),
  p90Ms: num(quantiles(r.q)[1]),
});

/** Edges, activities, starts and ends from the lists path's 'pair' rows (see dfgFromListsSql). */
function fromPairs(rows: Row[]): Pick<Raw, 'activities' | 'start' | 'end' | 'edges'> {
  const acts = new Map<string, { activity: string; count: number; cases: number; starts: number }>();
  const end: Raw['end'] = [];
  const edges: Edge[] = [];
  for (const r of rows) {
    const a = String(r.a);
    const act = acts.get(a) ?? { activity: a, count: 0, cases: 0, starts: 0 };
    act.count += num(r.n);
    act.cases += num(r.cases);
    act.starts += num(r.starts);
    acts.set(a, act);
    if (r.b === null || r.b === undefined) end.push({ activity: a, count: num(r.n) });
    else edges.push(edgeOf(r));
  }
  const all = [...acts.values()];
  return {
    activities: all.map(({ activity, count, cases }) => ({ activity, count, cases })),
    start: all.filter((x) => x.starts > 0).map((x) => ({ activity: x.activity, count: x.starts })),
    end,
    edges,
  };
}

export async function runDfg(run: RunQuery, ws: string, plan: DfgPlan, opts: CompileOptions = {}): Promise<DfgResult> {
  const rows = await run(compileDfg(ws, plan, opts));
  const pick = (k: string) => rows.filter((r) => r.k === k);
  const pairs = pick('pair');
  const { activities, start, end, edges } = pairs.length
    ? fromPairs(pairs)
    : {
        activities: pick('act').map((r) => ({ activity: String(r.a), count: num(r.n), cases: num(r.cases) })),
        start: pick('start').map((r) => ({ activity: String(r.a), count: num(r.n) })),
        end: pick('end').map((r) => ({ activity: String(r.a), count: num(r.n) })),
        edges: pick('edge').map(edgeOf),
      };
  return shapeDfg(plan, {
    cases: start.reduce((s, x) => s + x.count, 0),
    events: activities.reduce((s, x) => s + x.count, 0),
    activities,
    start,
    end,
    edges,
  });
}
