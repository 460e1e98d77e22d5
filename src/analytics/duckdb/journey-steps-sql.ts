/**
 * Journey steps in DuckDB. When no step or scope condition reads event properties, from the
 * journeys projection (journeyStepsFromListsSql): each customer's events are already sorted, so a
 * step's first event is the element at `list_position` of its value, and the next step's earliest
 * hit at or after it is that step's first event, or (when that came earlier) one more
 * `list_position` in the slice from the first element at that time — native list functions, no
 * lambdas, one aggregate row over the customers.
 * Otherwise in one scan of the events (journeyStepsFromEventsSql): each event in scope becomes
 * one row per step it meets (customer, time, step index); each customer's first time per step is
 * a GROUP BY, and the next step's earliest hit inside the window is a hash join on
 * (customer, step + 1) with a range condition — no sort of the journeys.
 */
import { type JourneyStepsPlan, type JourneyStepsResult, shapeJourneySteps } from '../journey-steps.js';
import { ACTIVITY_COLUMN } from '../granularity.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { msBetween, scopeWhereSql, stepMatchSql } from './scope-sql.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import { type CompileOptions, journeyListsSql, journeysCover, touchpointCodeSql } from './journeys-sql.js';
import { type CompiledQuery, num, numOrNull, quantiles, type Row, type RunQuery } from './query.js';

/**
 * One row: per step i, r_i (reached), c_i (converted), q_i ([median, p90] ms to next).
 * Touchpoint steps search the integer code lists (touchpoint_code, with the codes of the
 * workspace's journey_codes in `sc`): `list_position` over integers, not strings.
 */
function journeyStepsFromListsSql(ws: string, plan: JourneyStepsPlan, p: SqlParams): string {
  const onCodes = (i: number) => plan.steps[i]!.by === 'touchpoint';
  const field = (i: number): JourneyField => (onCodes(i) ? 'touchpoint_code' : ACTIVITY_COLUMN[plan.steps[i]!.by]);
  const fields = [...new Set(plan.steps.map((_, i) => field(i)))];
  const coded = plan.steps.flatMap((s, i) => (onCodes(i) ? [{ k: `k${i}`, code: touchpointCodeSql(ws, s.value, p) }] : []));
  const values = plan.steps.map((s, i) => (onCodes(i) ? `k${i}` : p.add(s.value)));
  // the window is a parameter only when a step has a next (every parameter must be used)
  const window = plan.steps.length > 1 ? p.add(plan.window) : '';
  // p_i: the position of the customer's first event meeting step i (NULL without one); f_i its time
  const firsts = plan.steps.map((_, i) => `list_position(${field(i)}, ${values[i]}) AS p${i}`);
  // d_i: ms from f_i to the earliest event meeting step i+1 at or after f_i (ties in time count):
  // step i+1's first event when it is not before s_i (the first element at time f_i), else the
  // first one in the list from s_i on
  const nexts = plan.steps.slice(0, -1).map((_, i) => {
    const s = `list_position(ts, ts[p${i}])`;
    const k = `CASE WHEN p${i + 1} >= ${s} THEN p${i + 1} ELSE ${s} + list_position(${field(i + 1)}[${s}:], ${values[i + 1]}) - 1 END`;
    return `CASE WHEN p${i} IS NOT NULL AND p${i + 1} IS NOT NULL THEN ${msBetween(`ts[p${i}]`, `ts[${k}]`)} END AS d${i}`;
  });
  const aggs = plan.steps.map((_, i) => {
    const reached = `count(p${i}) AS r${i}`;
    if (i === plan.steps.length - 1) return reached;
    const conv = `FILTER (WHERE d${i} <= ${window})`;
    return `${reached}, count(*) ${conv} AS c${i}, quantile_cont(d${i}, [0.5, 0.9]) ${conv} AS q${i}`;
  });
  const sc = coded.length ? `sc AS (SELECT ${coded.map((c) => `${c.code} AS ${c.k}`).join(', ')}),\n` : '';
  return `
WITH L AS (${journeyListsSql(ws, plan.scope, null, p, { fields })}),
${sc}f AS (SELECT ts, ${[...fields, ...coded.map((c) => c.k)].join(', ')}, ${firsts.join(', ')} FROM L${coded.length ? ', sc' : ''}),
d AS (SELECT *${nexts.length ? `, ${nexts.join(', ')}` : ''} FROM f)
SELECT ${aggs.join(', ')} FROM d`;
}

/** Rows (i, reached, converted, median, p90), one per step reached. */
function journeyStepsFromEventsSql(ws: string, plan: JourneyStepsPlan, p: SqlParams): string {
  const matches = plan.steps.map((s) => `(${stepMatchSql(s, p)})`);
  const window = p.add(plan.window);
  return `
WITH hits AS MATERIALIZED (
  SELECT cid, ts, unnest(list_filter([${matches.map((m, i) => `CASE WHEN ${m} THEN ${i} END`).join(', ')}], x -> x IS NOT NULL)) AS i
    FROM (SELECT e.*, e.customer_id AS cid, e.timestamp AS ts FROM events e WHERE ${scopeWhereSql(ws, plan.scope, p)} AND (${matches.join(' OR ')})) e
),
firsts AS MATERIALIZED (SELECT i, cid, min(ts) AS f FROM hits GROUP BY i, cid),
conv AS (
  SELECT f.i, f.cid, ${msBetween('f.f', 'min(h.ts)')} AS d
    FROM firsts f JOIN hits h ON h.cid = f.cid AND h.i = f.i + 1 AND h.ts >= f.f AND ${msBetween('f.f', 'h.ts')} <= ${window}
   GROUP BY f.i, f.cid, f.f
)
SELECT r.i, r.reached, coalesce(c.converted, 0) AS converted, c.q
  FROM (SELECT i, count(*) AS reached FROM firsts GROUP BY i) r
  LEFT JOIN (SELECT i, count(*) AS converted, quantile_cont(d, [0.5, 0.9]) AS q FROM conv GROUP BY i) c ON c.i = r.i`;
}

/** Whether the journeys' lists hold what the plan reads (no event-property conditions). */
function journeyStepsListsApply(plan: JourneyStepsPlan): boolean {
  return journeysCover(plan.scope) && plan.steps.every((s) => s.where.length === 0);
}

export function compileJourneySteps(ws: string, plan: JourneyStepsPlan, opts: CompileOptions = {}): CompiledQuery & { lists: boolean } {
  const p = new SqlParams();
  const lists = opts.journeys !== false && journeyStepsListsApply(plan);
  const sql = lists ? journeyStepsFromListsSql(ws, plan, p) : journeyStepsFromEventsSql(ws, plan, p);
  return { sql, params: p.values, lists };
}

type RawStep = { reached: number; converted: number; medianMs: number | null; p90Ms: number | null };

function rawFromLists(plan: JourneyStepsPlan, row: Row | undefined): RawStep[] {
  return plan.steps.map((_, i) => ({
    reached: row ? num(row[`r${i}`]) : 0,
    converted: row && row[`c${i}`] !== undefined ? num(row[`c${i}`]) : 0,
    medianMs: numOrNull(quantiles(row?.[`q${i}`])[0]),
    p90Ms: numOrNull(quantiles(row?.[`q${i}`])[1]),
  }));
}

export async function runJourneySteps(run: RunQuery, ws: string, plan: JourneyStepsPlan, opts: CompileOptions = {}): Promise<JourneyStepsResult> {
  const q = compileJourneySteps(ws, plan, opts);
  const rows = await run(q);
  if (q.lists) return shapeJourneySteps(plan, rawFromLists(plan, rows[0]));
  const raw: RawStep[] = plan.steps.map(() => ({ reached: 0, converted: 0, medianMs: null, p90Ms: null }));
  for (const r of rows) raw[num(r.i)] = { reached: num(r.reached), converted: num(r.converted), medianMs: numOrNull(quantiles(r.q)[0]), p90Ms: numOrNull(quantiles(r.q)[1]) };
  return shapeJourneySteps(plan, raw);
}
