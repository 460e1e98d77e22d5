/**
 * Paths from session starts or from a start point (no collapsing, depth ≤ LEAD_PATH_MAX_DEPTH)
 * read off the journeys projection's ordered lists, with no sort: per customer the labels and the
 * indices of session starts are lists; each session is a range [b, e) of indices, its path's head
 * b or its first start point in the range, the path the first `depth` labels from the head (one
 * column each) and its length in the session the distance from the head to e; equal paths are
 * grouped before the nodes and links are counted (on touchpoints as integer codes, named at the
 * end). Same results as
 * paths-lead-sql.ts and paths-sql.ts (property-tested against the reference); scopes with event
 * conditions, and start points with conditions, use those instead.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import type { PathsPlan } from '../paths.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import type { CompiledQuery } from './query.js';
import { at, journeyListsSql, journeysCover, touchpointCodeSql, touchpointNameJoin } from './journeys-sql.js';
import { leadPathsApplies } from './paths-lead-sql.js';
import { exclusionSql, labelSql } from './paths-sql-parts.js';

export function listPathsApplies(plan: PathsPlan): boolean {
  return leadPathsApplies(plan) && journeysCover(plan.scope) && (plan.start === undefined || plan.start.where.length === 0);
}

export function compileListPaths(ws: string, plan: PathsPlan): CompiledQuery {
  const p = new SqlParams();
  const D = plan.depth;
  const d = p.add(D);
  const gapMs = p.add(plan.sessionGap);
  const gap = `to_milliseconds(${gapMs}::BIGINT)`;
  const gapUs = `(${gapMs}::BIGINT * 1000)`;
  const startCol = plan.start ? ACTIVITY_COLUMN[plan.start.by] : null;
  const keep = exclusionSql(plan, p, at).replace(/^ AND /, '');
  // Touchpoints without grouping (the start, if any, a touchpoint too) are walked as their integer
  // codes (store/duckdb/journeys.ts): the sessions and groupings carry integers, named at the end.
  const coded = ACTIVITY_COLUMN[plan.by] === 'touchpoint' && plan.groups.length === 0 && (startCol === null || startCol === 'touchpoint');
  const fields: JourneyField[] = coded ? ['touchpoint_code'] : startCol ? [startCol] : [];
  const lists = journeyListsSql(ws, plan.scope, plan.by, p, { keep: keep || undefined, fields, gap: true });
  const label = coded ? 'touchpoint_code' : plan.groups.length ? `list_transform(act, x_ -> ${labelSql(plan, p, () => 'x_')})` : 'act';
  // sa: the list the start point is looked up in (the activity itself, or another field);
  // ss: the indices where a session starts (the first element, or more than the gap after the
  // previous), read off the stored gaps where the journey is unmasked.
  const sa = coded && startCol ? 'touchpoint_code' : startCol ? (startCol === ACTIVITY_COLUMN[plan.by] ? 'act' : startCol) : 'NULL::VARCHAR[]';
  const ss = `CASE WHEN gap IS NULL THEN list_filter(range(1, len(ts) + 1), i_ -> i_ = 1 OR ts[i_] > ts[i_ - 1] + ${gap})
              ELSE list_filter(range(1, len(gap) + 1), k_ -> coalesce(gap[k_] > ${gapUs}, TRUE)) END`;
  const start = !plan.start
    ? null
    : coded
      ? touchpointCodeSql(ws, plan.start.value, p)
      : p.add(plan.start.value);
  // A path's head in session [b, e): its first start (from_start) or b itself (sessions).
  const head = start ? `b + list_position(sa[b : e - 1], ${start}) - 1` : 'b';
  // A path is one row of its first D labels (a{k}, NULL past its end) and run = its steps in the
  // session capped at D + 1 (> k: it goes on after step k); identical paths are counted once, as
  // w, so the node and link groupings run over distinct paths (a few thousand), not sessions.
  const ks = Array.from({ length: D }, (_, i) => i + 1);
  const steps = ks.map((k) => (k === 1 ? 'label[i] AS a1' : `CASE WHEN e - i > ${k - 1} THEN label[i + ${k - 1}] END AS a${k}`));
  const nodes = ks.map((k) => `UNION ALL SELECT 'node', ${k}, a${k}, NULL, sum(w), coalesce(sum(w) FILTER (WHERE run > ${k}), 0) FROM paths WHERE run >= ${k} GROUP BY a${k}`);
  const links = ks.slice(0, -1).map((k) => `UNION ALL SELECT 'link', ${k}, a${k}, a${k + 1}, sum(w), NULL FROM paths WHERE run > ${k} GROUP BY a${k}, a${k + 1}`);
  const body = `
WITH l AS MATERIALIZED (
  SELECT ${label} AS label, ${sa} AS sa, ${ss} AS ss
    FROM (${lists})
),
-- sessions: [b, e) per session, b a session start and e the next one (or past the journey's end)
sess AS (SELECT label, sa, unnest(ss) AS b, unnest(list_append(ss[2:], len(label) + 1)) AS e
           FROM l${start ? ` WHERE list_contains(sa, ${start})` : ''}),
paths AS MATERIALIZED (
  SELECT least(e - i, ${d} + 1) AS run, ${steps.join(', ')}, count(*) AS w
    FROM (SELECT label, e, ${head} AS i FROM sess) WHERE i IS NOT NULL GROUP BY ALL
)
SELECT 'sessions' AS k, NULL AS step, NULL AS a, NULL AS b, coalesce(sum(len(ss)), 0) AS n, NULL AS c FROM l
UNION ALL SELECT 'beyond', NULL, NULL, NULL, 0, NULL
${nodes.join('\n')}
${links.join('\n')}`;
  if (!coded) return { sql: body, params: p.values };
  const sql = `SELECT r.k, r.step, ca.value AS a, cb.value AS b, r.n, r.c FROM (${body}) r ${touchpointNameJoin(ws, 'ca', 'r.a', p)} ${touchpointNameJoin(ws, 'cb', 'r.b', p)}`;
  return { sql, params: p.values };
}
