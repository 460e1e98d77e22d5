/**
 * DuckDB compiler of funnel-walk.ts: each customer's outcome — steps reached, the recorded
 * chain's times, its breakdown value and group. Relation columns: customer_id, level,
 * t0 … t(n-1) (ordered/strict; NULL past the level), span (unordered), grp.
 *
 * The step (and exclusion) events are scanned once into `b`.
 * ordered: no sort at all — per step transition one hash join of the chains so far with the next
 * step's events (funnel-ordered-chains-sql.ts), so the cost follows the pairs of events per
 * customer; read off the journeys projection with integer keys (funnel-journeys-sql.ts) when the
 * plan reads no event property, else from the events table.
 * strict: one window pass per step transition numbering the chains by journey position.
 * unordered: one window pass over step events with a RANGE frame of the window: per step, the
 * latest event within [t − W, t].
 */
import { breakdownSource, type FunnelPlan } from '../funnel-plan.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, stepMatchSql } from './scope-sql.js';
import { orderedChainsSql as orderedChainsFor } from './funnel-ordered-chains-sql.js';
import { journeysCoverFunnel, orderedOutcomesFromJourneysSql, walksCodes } from './funnel-journeys-sql.js';
import type { CompileOptions } from './journeys-sql.js';

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
 * Chains of an ordered funnel over the events table (funnel-ordered-chains-sql.ts, keyed by
 * customer id and (ts, ord)) and each customer's outcome: the recorded chain of level ≥ 2, else
 * their first step-1 event.
 */
function orderedChainsSql(plan: FunnelPlan, w: string): string[] {
  const n = plan.steps.length;
  const ctes = orderedChainsFor(plan, w, { id: 'customer_id', pos: ['ts', 'ord'], key: (a) => `{ts: ${a}.ts, ord: ${a}.ord}`, before });
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

/**
 * The tally rows of the funnel (funnel-journeys-sql.ts's OutcomeShape: customers per step and
 * durations without a row per customer) when the plan allows them — ordered, on the journeys
 * projection, no breakdown — else null.
 */
export function funnelTallySql(ws: string, plan: FunnelPlan, p: SqlParams, opts: CompileOptions = {}): string | null {
  if (opts.journeys === false || plan.breakdown !== undefined || !journeysCoverFunnel(plan) || walksCodes(plan)) return null;
  return orderedOutcomesFromJourneysSql(ws, plan, p, `${p.add(plan.window)}::BIGINT`, { tally: true });
}

/** SQL of the per-customer funnel outcomes (customers who reached step 1, or any step when unordered). */
export function funnelOutcomesSql(ws: string, plan: FunnelPlan, p: SqlParams, opts: CompileOptions = {}): string {
  const n = plan.steps.length;
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  const w = `${p.add(plan.window)}::BIGINT`;
  if (opts.journeys !== false && journeysCoverFunnel(plan)) return orderedOutcomesFromJourneysSql(ws, plan, p, w);
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
