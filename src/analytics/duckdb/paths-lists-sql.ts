/**
 * Paths from session starts or from a start point (no collapsing, depth ≤ LEAD_PATH_MAX_DEPTH)
 * read off the journeys projection's ordered lists, with no sort: per customer the labels, the
 * start mask and the session-start mask are lists; each session is a range [b, e) of indices,
 * its path's head b or its first start point in the range, the path the slice of labels from the
 * head and its length in the session the distance from the head to e. Same results as
 * paths-lead-sql.ts and paths-sql.ts (property-tested against the reference); scopes with event
 * conditions, and start points with conditions, use those instead.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import { pathsMode, type PathsPlan } from '../paths.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import type { CompiledQuery } from './query.js';
import { at, journeyListsSql, journeysCover } from './journeys-sql.js';
import { leadPathsApplies } from './paths-lead-sql.js';
import { exclusionSql, labelSql } from './paths-sql-parts.js';

export function listPathsApplies(plan: PathsPlan): boolean {
  return leadPathsApplies(plan) && journeysCover(plan.scope) && (plan.start === undefined || plan.start.where.length === 0);
}

export function compileListPaths(ws: string, plan: PathsPlan): CompiledQuery {
  const p = new SqlParams();
  const D = p.add(plan.depth);
  const gapMs = p.add(plan.sessionGap);
  const gap = `to_milliseconds(${gapMs}::BIGINT)`;
  const gapUs = `(${gapMs}::BIGINT * 1000)`;
  const startCol = plan.start ? ACTIVITY_COLUMN[plan.start.by] : null;
  const keep = exclusionSql(plan, p, at).replace(/^ AND /, '');
  const fields: JourneyField[] = startCol ? [startCol] : [];
  const lists = journeyListsSql(ws, plan.scope, plan.by, p, { keep: keep || undefined, fields, gap: true });
  const label = plan.groups.length ? `list_transform(act, x_ -> ${labelSql(plan, p, () => 'x_')})` : 'act';
  // s: the event is the start point; ns: it starts a session (first event, or more than the gap after the previous),
  // read off the stored gaps where the journey is unmasked (no lambda over two elements).
  const start = startCol ? `list_transform(${startCol === ACTIVITY_COLUMN[plan.by] ? 'act' : startCol}, x_ -> coalesce(x_ = ${p.add(plan.start!.value)}, FALSE))` : 'NULL::BOOLEAN[]';
  // A path's head in session [b, e): its first start (from_start) or b itself (sessions); run: its steps left in the session.
  const head = pathsMode(plan) === 'sessions' ? 'b' : 'b + list_position(s[b : e - 1], TRUE) - 1';
  const sql = `
WITH l AS MATERIALIZED (
  SELECT ${label} AS label, s,
         CASE WHEN gap IS NULL THEN list_transform(ts, (x_, i_) -> i_ = 1 OR x_ > ts[i_ - 1] + ${gap}) ELSE list_transform(gap, g_ -> coalesce(g_ > ${gapUs}, TRUE)) END AS ns
    FROM (SELECT ts, act, gap, ${start} AS s FROM (${lists}))
),
-- sessions: [b, e) per session, b a session start and e the next one (or past the journey's end)
sess AS (SELECT label, s, unnest(ss) AS b, unnest(list_append(ss[2:], len(label) + 1)) AS e
           FROM (SELECT label, s, list_filter(range(1, len(ns) + 1), k_ -> ns[k_]) AS ss FROM l)),
paths AS (SELECT label[i : i + ${D} - 1] AS ls, e - i AS run FROM (SELECT label, e, ${head} AS i FROM sess) WHERE i IS NOT NULL),
u AS MATERIALIZED (SELECT ls, run, unnest(range(1, least(${D}, run) + 1)) AS k FROM paths)
SELECT 'sessions' AS k, NULL AS step, NULL AS a, NULL AS b, coalesce(sum(len(list_filter(ns, x_ -> x_))), 0) AS n, NULL AS c FROM l
UNION ALL SELECT 'beyond', NULL, NULL, NULL, 0, NULL
UNION ALL SELECT 'node', k, ls[k], NULL, count(*), count(*) FILTER (WHERE k < run) FROM u GROUP BY k, ls[k]
UNION ALL SELECT 'link', k, ls[k], ls[k + 1], count(*), NULL FROM u WHERE k < ${D} AND k < run GROUP BY k, ls[k], ls[k + 1]`;
  return { sql, params: p.values };
}
