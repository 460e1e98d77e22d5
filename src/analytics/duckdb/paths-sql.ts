/**
 * Paths in DuckDB, the semantics of analytics/paths.ts in three window passes and one group-by:
 * (1) over each customer's ordered events: session starts (gap to the previous event), run heads
 *     and run ends (label differs from the previous / next event, when collapsing), the next label;
 * (2) running sums over the same order: session number and step number (`ri`, per customer);
 * (3) per session: the step numbers of the first start, the first end, the first and last step;
 * then the rows inside each session's path are counted per (step, label) and (step, label, next).
 * Paths between two points take a fourth window over the few candidate rows (the first end
 * strictly after the start). Every user value is a bound parameter.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import { pathsMode, type PathsPlan, type PathsResult, type RawPaths, shapePaths, anchorStep } from '../paths.js';
import { patternToRegexSource } from '../../domain/pattern.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import { type CompiledQuery, num, type RunQuery } from './query.js';

/** The node label of the event aliased `e`: the first matching group's label, else the activity. */
function labelSql(plan: PathsPlan, p: SqlParams): string {
  const col = `e.${ACTIVITY_COLUMN[plan.by]}`;
  if (plan.groups.length === 0) return col;
  const whens = plan.groups.map((g) => `WHEN regexp_full_match(${col}, ${p.add(patternToRegexSource(g.pattern))}, 'is') THEN ${p.add(g.label ?? g.pattern)}`);
  return `CASE ${whens.join(' ')} ELSE ${col} END`;
}

function exclusionSql(plan: PathsPlan, p: SqlParams): string {
  return plan.exclude
    .map((x) => {
      const col = `e.${ACTIVITY_COLUMN[x.by]}`;
      return ` AND (${col} IS NULL OR NOT regexp_full_match(${col}, ${p.add(patternToRegexSource(x.pattern))}, 'is'))`;
    })
    .join('');
}

/** Per mode: which rows of a session are in its path, their step, and whether a node continues. */
function pathRowsSql(plan: PathsPlan, p: SqlParams): { from: string; inPath: string; step: string; cont: string; link: string; beyond: string } {
  const d = p.add(plan.depth);
  switch (pathsMode(plan)) {
    case 'sessions':
    case 'from_start': {
      const a = pathsMode(plan) === 'sessions' ? 'first_ri' : 'start_ri';
      return {
        from: 'w3',
        inPath: `${a} IS NOT NULL AND ri BETWEEN ${a} AND ${a} + ${d} - 1`,
        step: `ri - ${a} + 1`,
        cont: 'ri < last_ri',
        link: `NOT nns AND ri < ${a} + ${d} - 1`,
        beyond: 'FALSE',
      };
    }
    case 'to_end':
      return {
        from: 'w3',
        inPath: `end_ri IS NOT NULL AND ri BETWEEN end_ri - ${d} + 1 AND end_ri`,
        step: `${d} - (end_ri - ri)`,
        cont: 'ri < end_ri',
        link: 'ri < end_ri',
        beyond: 'FALSE',
      };
    case 'between':
      return {
        from: `(SELECT *, min(ri) FILTER (WHERE x AND ri > start_ri) OVER (PARTITION BY cid, sess) AS stop_ri
                  FROM w3 WHERE ns OR (start_ri IS NOT NULL AND last_end_ri > start_ri AND ri BETWEEN start_ri AND start_ri + ${d} - 1))`,
        inPath: 'stop_ri IS NOT NULL AND ri BETWEEN start_ri AND stop_ri',
        step: 'ri - start_ri + 1',
        cont: 'ri < stop_ri',
        link: 'ri < stop_ri',
        beyond: 'stop_ri IS NULL AND keep AND ri = start_ri AND last_end_ri > start_ri',
      };
  }
}

export function compilePaths(ws: string, plan: PathsPlan): CompiledQuery {
  const p = new SqlParams();
  const col = ACTIVITY_COLUMN[plan.by];
  const gap = `to_milliseconds(${p.add(plan.sessionGap)}::BIGINT)`;
  const matches = (step: PathsPlan['start']) => (step ? `coalesce(${stepMatchSql(step, p)}, FALSE)` : 'FALSE');
  const newSession = `coalesce(ts > lag(ts) OVER w + ${gap}, TRUE)`;
  const sessionEnds = `coalesce(lead(ts) OVER w > ts + ${gap}, TRUE)`;
  // With collapsing, a step is a run of one label: its head starts it, its end row knows the next label.
  const head = plan.collapseRepeats ? `(${newSession} OR label IS DISTINCT FROM lag(label) OVER w)` : 'TRUE';
  const runEnd = plan.collapseRepeats ? `(${sessionEnds} OR label IS DISTINCT FROM lead(label) OVER w)` : 'TRUE';
  const rows = pathRowsSql(plan, p);
  const sql = `
WITH j AS (
  SELECT e.customer_id AS cid, e.timestamp AS ts, e.message_id AS ord, ${labelSql(plan, p)} AS label,
         ${matches(plan.start)} AS s, ${matches(plan.end)} AS x
    FROM events e
   WHERE ${scopeWhereSql(ws, plan.scope, p)} AND e.${col} IS NOT NULL${exclusionSql(plan, p)}
),
w1 AS (
  SELECT cid, ts, ord, label, s, x, ${newSession} AS ns, ${sessionEnds} AS nns, lead(label) OVER w AS nl, ${head} AS keep, ${runEnd} AS run_end
    FROM j WINDOW w AS (PARTITION BY cid ORDER BY ts, ord)
),
w2 AS (
  SELECT *, sum(ns::INT) OVER w AS sess, sum(keep::INT) OVER w AS ri
    FROM w1 WINDOW w AS (PARTITION BY cid ORDER BY ts, ord ROWS UNBOUNDED PRECEDING)
),
w3 AS (
  SELECT *, min(ri) OVER w AS first_ri, max(ri) OVER w AS last_ri,
         min(ri) FILTER (WHERE s) OVER w AS start_ri, min(ri) FILTER (WHERE x) OVER w AS end_ri,
         max(ri) FILTER (WHERE x) OVER w AS last_end_ri
    FROM w2 WINDOW w AS (PARTITION BY cid, sess)
),
q AS MATERIALIZED (
  SELECT ns, label, nl, keep, run_end, ${rows.inPath} AS in_path, ${rows.step} AS step, ${rows.cont} AS cont, ${rows.link} AS link, ${rows.beyond} AS beyond
    FROM ${rows.from}
   WHERE ns OR (${rows.inPath}) OR (${rows.beyond})
)
SELECT 'sessions' AS k, NULL AS step, NULL AS a, NULL AS b, count(*) AS n, NULL AS c FROM q WHERE ns
UNION ALL SELECT 'beyond', NULL, NULL, NULL, count(*), NULL FROM q WHERE beyond
UNION ALL SELECT 'node', step, label, NULL, count(*), count(*) FILTER (WHERE cont) FROM q WHERE keep AND in_path GROUP BY step, label
UNION ALL SELECT 'link', step, label, nl, count(*), NULL FROM q WHERE run_end AND in_path AND link GROUP BY step, label, nl`;
  return { sql, params: p.values };
}

export async function runPaths(run: RunQuery, ws: string, plan: PathsPlan): Promise<PathsResult> {
  const rows = await run(compilePaths(ws, plan));
  const pick = (k: string) => rows.filter((r) => r.k === k);
  const nodes = pick('node').map((r) => ({ step: num(r.step), activity: String(r.a), count: num(r.n), continued: num(r.c) }));
  const beyondDepth = num(pick('beyond')[0]?.n);
  const anchor = anchorStep(plan);
  const raw: RawPaths = {
    sessions: num(pick('sessions')[0]?.n),
    paths: nodes.filter((n) => n.step === anchor).reduce((s, n) => s + n.count, 0) + beyondDepth,
    beyondDepth,
    nodes,
    links: pick('link').map((r) => ({ step: num(r.step), from: String(r.a), to: String(r.b), value: num(r.n) })),
  };
  return shapePaths(plan, raw);
}
