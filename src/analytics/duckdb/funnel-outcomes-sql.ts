/**
 * DuckDB compiler of funnel-walk.ts: each customer's outcome — steps reached, the recorded
 * chain's times, its breakdown value and group. Relation columns: customer_id, level,
 * t0 … t(n-1) (ordered/strict; NULL past the level), span (unordered), grp.
 *
 * The step (and exclusion) events are scanned once into `b`.
 * ordered: no sort at all — per step transition one hash join of the chains so far with the next
 * step's events (orderedChainsSql), so the cost follows the pairs of events per customer.
 * strict: one window pass per step transition numbering the chains by journey position.
 * unordered: one window pass over step events with a RANGE frame of the window: per step, the
 * latest event within [t − W, t].
 */
import { breakdownSource, type FunnelPlan } from '../funnel-plan.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, stepMatchSql } from './scope-sql.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The journey events with step matches m0…, chain-breaks x0… (x_k: breaks chains of length k+1), t (ms), v (event breakdown value) and pos. */
function baseSql(ws: string, plan: FunnelPlan, p: SqlParams): string {
  const n = plan.steps.length;
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  const value = src?.kind !== 'event' ? 'NULL::VARCHAR' : src.field === 'channel' ? 'e.channel' : `json_extract_string(e.properties, ${p.add('$.' + src.field.slice('properties.'.length))})`;
  const matches = plan.steps.map((s, k) => `coalesce(${stepMatchSql(s, p)}, FALSE) AS m${k}`);
  const breaks = range(n).map((k) => {
    const xs = plan.exclusions.filter((x) => x.from <= k + 1 && k + 1 < x.to).map((x) => `coalesce(${stepMatchSql(x.step, p)}, FALSE)`);
    return `${xs.length ? xs.join(' OR ') : 'FALSE'} AS x${k}`;
  });
  const extras = ['type', 'name', 'source', 'channel', 'touchpoint', 'stage', 'properties'];
  const pos = plan.order === 'strict' ? 'row_number() OVER (PARTITION BY customer_id ORDER BY ts, ord)' : 'NULL::BIGINT';
  return `SELECT customer_id, ts, ord, epoch_ms(ts) AS t, ${value} AS v, ${pos} AS pos, ${[...matches, ...breaks].join(', ')}, e.touchpoint AS touchpoint_, e.channel AS channel_
            FROM (${journeyEventsSql(ws, plan.scope, plan.by, p, extras)}) e`;
}

/**
 * Chains of a strict funnel: rows customer_id, ts, ord, ch (times), cv (start value), cp (journey
 * position of the last event). Pass k numbers the chains of length k+1 as they come (a running
 * count, `g`): a step-(k+2) event takes the chain whose number it sees, by a hash join, and only
 * when that chain ended at the journey event just before it.
 */
function strictChainsSql(plan: FunnelPlan, w: string): string[] {
  const n = plan.steps.length;
  const ctes = [`c0 AS (SELECT customer_id, ts, ord, [t] AS ch, v AS cv, pos AS cp FROM b WHERE m0)`];
  for (const k of range(n - 1)) {
    ctes.push(`s${k + 1} AS MATERIALIZED (
  SELECT *, count(*) FILTER (WHERE src) OVER (PARTITION BY customer_id ORDER BY ts, ord, src ROWS UNBOUNDED PRECEDING) AS g
    FROM (SELECT customer_id, ts, ord, NULL::BIGINT AS t, ch, cv, cp, NULL::BIGINT AS pos, TRUE AS src, FALSE AS tgt FROM c${k}
          UNION ALL
          SELECT customer_id, ts, ord, t, NULL, NULL, NULL, pos, FALSE, m${k + 1} FROM b WHERE m${k + 1}))`);
    ctes.push(`c${k + 1} AS (
  SELECT y.customer_id, y.ts, y.ord, list_append(x.ch, y.t) AS ch, x.cv AS cv, y.pos AS cp
    FROM s${k + 1} y JOIN s${k + 1} x ON x.customer_id = y.customer_id AND x.g = y.g AND x.src
   WHERE y.tgt AND y.t - x.ch[1] <= ${w} AND x.cp = y.pos - 1)`);
  }
  return ctes;
}

/** Journey order of event aliases `a` before `b`: time, then messageId. */
const before = (a: string, b: string) => `(${a}.ts < ${b}.ts OR (${a}.ts = ${b}.ts AND ${a}.ord < ${b}.ord))`;

/**
 * Chains of an ordered funnel, without sorting: c_k holds, for each step-(k+1) event y, the
 * chain the walk would extend there — the newest chain of length k before y (the latest event x
 * of c_(k-1) before y, found by a hash join on the customer and arg_max over the pairs) — when y
 * lies within the window of its start and no exclusion event breaking chains of length k comes
 * strictly between x and y. Columns: customer_id, ts, ord, t0 … tk (chain times), cv (start value).
 * The pairs joined are, per customer, chains of length k × step-(k+1) events; chains are the
 * step-1 events at first and shrink along the funnel.
 */
function orderedChainsSql(plan: FunnelPlan, w: string): string[] {
  const n = plan.steps.length;
  const times = (k: number) => range(k + 1).map((j) => `t${j}`);
  const ctes = [`c0 AS (SELECT customer_id, ts, ord, t AS t0, v AS cv FROM b WHERE m0)`];
  for (const k of range(n).slice(1)) {
    const carried = [...times(k - 1), 'cv'];
    const breaks = plan.exclusions.some((x) => x.from <= k && k < x.to);
    if (breaks) {
      ctes.push(`z${k} AS (SELECT y.customer_id, y.ord, max({ts: z.ts, ord: z.ord}) AS lz
    FROM b y JOIN b z ON z.customer_id = y.customer_id AND z.x${k - 1} AND ${before('z', 'y')}
   WHERE y.m${k} GROUP BY y.customer_id, y.ord)`);
    }
    ctes.push(`p${k} AS (
  SELECT y.customer_id, y.ts, y.ord, y.t, arg_max({${carried.map((c) => `${c}: x.${c}`).join(', ')}, xts: x.ts, xord: x.ord}, {ts: x.ts, ord: x.ord}) AS r
    FROM b y JOIN c${k - 1} x ON x.customer_id = y.customer_id AND ${before('x', 'y')}
   WHERE y.m${k} GROUP BY y.customer_id, y.ts, y.ord, y.t)`);
    ctes.push(`c${k} AS (
  SELECT p.customer_id, p.ts, p.ord, ${carried.map((c) => `p.r.${c} AS ${c}`).join(', ')}, p.t AS t${k}
    FROM p${k} p${breaks ? ` LEFT JOIN z${k} z ON z.customer_id = p.customer_id AND z.ord = p.ord` : ''}
   WHERE p.t - p.r.t0 <= ${w}${breaks ? ' AND (z.lz IS NULL OR z.lz <= {ts: p.r.xts, ord: p.r.xord})' : ''})`);
  }
  // The recorded chain: the first to reach the customer's furthest step (level ≥ 2), else their first step-1 event.
  const all = range(n)
    .slice(1)
    .map((k) => `SELECT customer_id, ts, ord, ${k + 1} AS level, ${range(n).map((j) => (j <= k ? `t${j}` : `NULL::BIGINT AS t${j}`)).join(', ')}, cv FROM c${k}`)
    .join(' UNION ALL ');
  ctes.push(`up AS (SELECT customer_id, arg_min({level: level, ${times(n - 1).map((c) => `${c}: ${c}`).join(', ')}, cv: cv}, {l: -level, ts: ts, ord: ord}) AS r FROM (${all}) GROUP BY customer_id)`);
  ctes.push(`one AS (SELECT customer_id, arg_min({t0: t0, cv: cv}, {ts: ts, ord: ord}) AS r FROM c0 GROUP BY customer_id)`);
  ctes.push(`best AS (
  SELECT one.customer_id, CASE WHEN up.r IS NULL THEN 1 ELSE up.r.level END AS level,
         CASE WHEN up.r IS NULL THEN one.r.t0 ELSE up.r.t0 END AS t0, ${range(n)
           .slice(1)
           .map((j) => `up.r.t${j} AS t${j}`)
           .join(', ')},
         NULL::BIGINT AS span, CASE WHEN up.r IS NULL THEN one.r.cv ELSE up.r.cv END AS cv
    FROM one LEFT JOIN up USING (customer_id))`);
  return ctes;
}

/** SQL of the per-customer funnel outcomes (customers who reached step 1, or any step when unordered). */
export function funnelOutcomesSql(ws: string, plan: FunnelPlan, p: SqlParams): string {
  const n = plan.steps.length;
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  const w = `${p.add(plan.window)}::BIGINT`;
  const anyStep = range(n).map((k) => `m${k}`);
  const relevant = plan.order === 'strict' ? 'TRUE' : [...anyStep, ...range(n).map((k) => `x${k}`)].join(' OR ');
  // Every pass reads the relevant events: materialize them once (first-touch reads the whole journey again).
  const cols = ['customer_id', 'ts', 'ord', 't', 'v', 'pos', ...anyStep, ...range(n).map((k) => `x${k}`)].join(', ');
  const ctes = [`j AS (${baseSql(ws, plan, p)})`, `b AS MATERIALIZED (SELECT ${cols} FROM j WHERE ${relevant})`];
  let best: string;
  let outcome: string;
  if (plan.order === 'unordered') {
    const frame = `(PARTITION BY customer_id ORDER BY t RANGE BETWEEN ${w} PRECEDING AND CURRENT ROW)`;
    // The value travels in a struct: arg_max skips a NULL value, and a NULL breakdown value counts.
    const cols = range(n).flatMap((k) => [`max(t) FILTER (WHERE m${k}) OVER ${frame} AS l${k}`, `(arg_max({v: v}, {t: t, ord: ord}) FILTER (WHERE m${k}) OVER ${frame}).v AS w${k}`]);
    const count = range(n)
      .map((k) => `(l${k} IS NOT NULL)::INTEGER`)
      .join(' + ');
    const first = `least(${range(n)
      .map((k) => `l${k}`)
      .join(', ')})`;
    const firstValue = `CASE ${range(n)
      .map((k) => `WHEN l${k} = ${first} THEN w${k}`)
      .join(' ')} END`;
    ctes.push(`u AS (SELECT customer_id, t, ${count} AS level, t - ${first} AS span, ${firstValue} AS cv FROM (SELECT customer_id, t, ${cols.join(', ')} FROM b WHERE ${anyStep.join(' OR ')}))`);
    ctes.push(`best AS (SELECT customer_id, arg_max({level: level, span: CASE WHEN level = ${n} THEN span END, cv: cv}, {level: level, t: -t}) AS r FROM u GROUP BY customer_id)`);
    best = 'best';
    outcome = `r.level AS level, r.span AS span, r.cv AS cv`;
  } else if (plan.order === 'ordered') {
    ctes.push(...orderedChainsSql(plan, w));
    best = 'best';
    outcome = `level, ${range(n)
      .map((j) => `t${j}`)
      .join(', ')}, span, cv`;
  } else {
    ctes.push(...strictChainsSql(plan, w));
    const all = range(n)
      .map((k) => `SELECT customer_id, ts, ord, ch, cv FROM c${k}`)
      .join(' UNION ALL ');
    ctes.push(`best AS (SELECT customer_id, arg_min({ch: ch, cv: cv}, {l: -len(ch), ts: ts, ord: ord}) AS r FROM (${all}) GROUP BY customer_id)`);
    best = 'best';
    outcome = `len(r.ch) AS level, ${range(n)
      .map((j) => `r.ch[${j + 1}] AS t${j}`)
      .join(', ')}, NULL::BIGINT AS span, r.cv AS cv`;
  }
  const group =
    src === null
      ? 'NULL::VARCHAR'
      : src.kind === 'event'
        ? 'o.cv'
        : src.kind === 'first'
          ? `(SELECT first(${src.column}_ ORDER BY ts, ord) FROM j WHERE j.customer_id = o.customer_id)`
          : `(SELECT json_extract_string(cu.traits, ${p.add('$.' + src.path)}) FROM customers cu WHERE cu.workspace_id = ${p.add(ws)} AND cu.customer_id = o.customer_id)`;
  return `
WITH ${ctes.join(',\n')}
SELECT o.*, ${group} AS grp FROM (SELECT customer_id, ${outcome} FROM ${best}) o`;
}
