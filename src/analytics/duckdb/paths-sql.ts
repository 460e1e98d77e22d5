/**
 * Paths in DuckDB, the semantics of analytics/paths.ts. Only customers who ever reach the start
 * (and/or end) point go through the path passes; sessions are counted over everyone in one lag pass.
 * (1) over each customer's ordered events (lag/lead only): session starts and ends (gap to the
 *     previous / next event), run heads and ends (label differs from the previous / next event,
 *     when collapsing), the next label, the row number;
 * (2) running (and, for end points, look-ahead) aggregates over the same order: session number,
 *     step number `ri`, and the times of the session start and of the last start / next end, from
 *     which each row knows whether it may lie on its session's path (`cand`);
 * (3) over the candidate rows only, per session: the step number of the first start / end;
 * then the rows inside each session's path are counted per (step, label) and (step, label, next).
 * Paths between two points take a fourth window over the candidates (the first end strictly
 * after the start). Every user value is a bound parameter.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import { pathsMode, type PathsPlan, type PathsResult, type RawPaths, shapePaths, anchorStep } from '../paths.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { scopeWhereSql, stepMatchSql } from './scope-sql.js';
import { type CompiledQuery, num, type RunQuery } from './query.js';
import { compileLeadPaths, leadPathsApplies } from './paths-lead-sql.js';
import { compileListPaths, listPathsApplies } from './paths-lists-sql.js';
import type { CompileOptions } from './journeys-sql.js';
import { exclusionSql, labelSql } from './paths-sql-parts.js';

interface ModeSql {
  /** Extra pass-2 columns (running or look-ahead aggregates over the customer's ordered events). */
  pass2: string[];
  /** A row that may belong to its session's path (decided without knowing the session's steps). */
  cand: string;
  /** Pass-3 columns over the candidate rows of a session. */
  pass3: string[];
  /** Optional fourth pass over candidates (between: the first end strictly after the start). */
  pass4?: (d: string) => string;
  inPath: string;
  step: string;
  /** The one row per step that counts it: the run's head, or its end where the head may precede the start. */
  counts: string;
  /** On the run's end row: the path goes on from this step. */
  cont: string;
  /** On the run's end row: a link to the next step is drawn. */
  link: string;
  beyond: string;
}

/**
 * Per mode, in terms of: ns/nns (row starts/ends its session), keep/run_end (row is the head/end of
 * its step), ri (step number per customer), rn (row number). Timestamps stand in for session
 * identity in pass 2: a session's rows all lie after its first row's time and more than the gap
 * after any earlier session's, so "a start at or before this row in this session" is
 * `last start time ≥ session start time`.
 */
function modeSql(plan: PathsPlan, d: string): ModeSql {
  const startSeen = 'max(CASE WHEN s THEN ts END) OVER w AS last_s_ts';
  const endAhead = ['min(CASE WHEN x THEN ts END) OVER wf AS next_x_ts', 'min(CASE WHEN nns THEN ts END) OVER wf AS sess_end_ts'];
  switch (pathsMode(plan)) {
    case 'sessions':
      return {
        pass2: plan.collapseRepeats ? [] : ['max(CASE WHEN ns THEN rn END) OVER w AS sess_rn'],
        cand: plan.collapseRepeats ? 'TRUE' : `rn - sess_rn < ${d}`,
        pass3: ['min(ri) OVER ps AS a_ri'],
        inPath: `ri BETWEEN a_ri AND a_ri + ${d} - 1`,
        step: 'ri - a_ri + 1',
        counts: 'keep',
        cont: 'NOT nns',
        link: `NOT nns AND ri < a_ri + ${d} - 1`,
        beyond: 'FALSE',
      };
    case 'from_start':
      return {
        pass2: [startSeen],
        cand: 'last_s_ts >= sess_ts',
        pass3: ['min(CASE WHEN cand THEN ri END) OVER ps AS a_ri'],
        inPath: `cand AND ri BETWEEN a_ri AND a_ri + ${d} - 1`,
        step: 'ri - a_ri + 1',
        counts: 'run_end',
        cont: 'NOT nns',
        link: `NOT nns AND ri < a_ri + ${d} - 1`,
        beyond: 'FALSE',
      };
    case 'to_end':
      return {
        pass2: [...endAhead, 'max(CASE WHEN x THEN ts END) OVER wp AS prev_x_ts'],
        cand: 'next_x_ts <= sess_end_ts AND (prev_x_ts IS NULL OR prev_x_ts < sess_ts)',
        pass3: ['min(CASE WHEN cand AND x THEN ri END) OVER ps AS end_ri'],
        inPath: `cand AND ri BETWEEN end_ri - ${d} + 1 AND end_ri`,
        step: `${d} - (end_ri - ri)`,
        counts: 'keep',
        cont: 'ri < end_ri',
        link: 'ri < end_ri',
        beyond: 'FALSE',
      };
    case 'between':
      return {
        pass2: [startSeen, ...endAhead],
        cand: 'last_s_ts >= sess_ts AND next_x_ts <= sess_end_ts',
        pass3: ['min(CASE WHEN cand THEN ri END) OVER ps AS start_ri', 'max(CASE WHEN cand AND x THEN ri END) OVER ps AS last_end_ri'],
        pass4: (dd) => `SELECT *, min(CASE WHEN x AND ri > start_ri THEN ri END) OVER ps AS stop_ri
                          FROM w3 WHERE (cand AND last_end_ri > start_ri AND ri BETWEEN start_ri AND start_ri + ${dd} - 1)
                        WINDOW ps AS (PARTITION BY cid, sess)`,
        inPath: 'cand AND stop_ri IS NOT NULL AND ri BETWEEN start_ri AND stop_ri',
        step: 'ri - start_ri + 1',
        counts: '((ri = start_ri AND run_end) OR (ri > start_ri AND keep))',
        cont: 'ri < stop_ri',
        link: 'ri < stop_ri',
        beyond: 'cand AND stop_ri IS NULL AND run_end AND ri = start_ri AND last_end_ri > start_ri',
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
  const d = p.add(plan.depth);
  const m = modeSql(plan, d);
  const mode = pathsMode(plan);
  // Only customers who ever reach the start (and the end) can have a path; sessions are counted over everyone.
  const needs = mode === 'sessions' ? [] : mode === 'to_end' ? ['x'] : mode === 'from_start' ? ['s'] : ['s', 'x'];
  const who = needs.length ? `WHERE cid IN (SELECT cid FROM j GROUP BY cid HAVING ${needs.map((f) => `bool_or(${f})`).join(' AND ')})` : '';
  const sessions =
    mode === 'sessions'
      ? `SELECT count(*) FROM q WHERE ns`
      : `SELECT count(*) FROM (SELECT ${newSession} AS ns FROM j WINDOW w AS (PARTITION BY cid ORDER BY ts, ord)) WHERE ns`;
  const pass2 = ['sum(ns::INT) OVER w AS sess', 'sum(keep::INT) OVER w AS ri', 'max(CASE WHEN ns THEN ts END) OVER w AS sess_ts', ...m.pass2];
  const sql = `
WITH j AS (
  SELECT e.customer_id AS cid, e.timestamp AS ts, e.message_id AS ord, ${labelSql(plan, p)} AS label,
         ${matches(plan.start)} AS s, ${matches(plan.end)} AS x
    FROM events e
   WHERE ${scopeWhereSql(ws, plan.scope, p)} AND e.${col} IS NOT NULL${exclusionSql(plan, p)}
),
w1 AS (
  SELECT cid, ts, ord, label, s, x, ${newSession} AS ns, ${sessionEnds} AS nns, lead(label) OVER w AS nl,
         ${head} AS keep, ${runEnd} AS run_end, row_number() OVER w AS rn
    FROM (SELECT * FROM j ${who}) WINDOW w AS (PARTITION BY cid ORDER BY ts, ord)
),
w2 AS (
  SELECT *, ${m.cand} AS cand FROM (
    SELECT *, ${pass2.join(', ')}
      FROM w1
    WINDOW w AS (PARTITION BY cid ORDER BY ts, ord ROWS UNBOUNDED PRECEDING),
           wf AS (PARTITION BY cid ORDER BY ts, ord ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
           wp AS (PARTITION BY cid ORDER BY ts, ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
),
w3 AS (
  SELECT *, ${m.pass3.join(', ')}
    FROM w2 WHERE cand
  WINDOW ps AS (PARTITION BY cid, sess)
),
w4 AS (${m.pass4 ? m.pass4(d) : 'SELECT * FROM w3'}),
q AS MATERIALIZED (
  SELECT ns, label, nl, keep, run_end, ${m.counts} AS counts, ${m.inPath} AS in_path, ${m.step} AS step,
         ${m.cont} AS cont, ${m.link} AS link, ${m.beyond} AS beyond
    FROM w4
   WHERE (${m.inPath}) OR (${m.beyond})
)
SELECT 'sessions' AS k, NULL AS step, NULL AS a, NULL AS b, (${sessions}) AS n, NULL AS c
UNION ALL SELECT 'beyond', NULL, NULL, NULL, count(*), NULL FROM q WHERE beyond
UNION ALL SELECT 'node', step, label, NULL, count(*) FILTER (WHERE counts), count(*) FILTER (WHERE run_end AND cont) FROM q WHERE in_path GROUP BY step, label
UNION ALL SELECT 'link', step, label, nl, count(*), NULL FROM q WHERE run_end AND in_path AND link GROUP BY step, label, nl`;
  return { sql, params: p.values };
}
/** The fastest compilation that applies: over the journeys' lists, one lead pass over events, or the general plan. */
export function compilePathsPlan(ws: string, plan: PathsPlan, opts: CompileOptions = {}): CompiledQuery {
  if (opts.journeys !== false && listPathsApplies(plan)) return compileListPaths(ws, plan);
  return leadPathsApplies(plan) ? compileLeadPaths(ws, plan) : compilePaths(ws, plan);
}

export async function runPaths(run: RunQuery, ws: string, plan: PathsPlan, opts: CompileOptions = {}): Promise<PathsResult> {
  const rows = await run(compilePathsPlan(ws, plan, opts));
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
