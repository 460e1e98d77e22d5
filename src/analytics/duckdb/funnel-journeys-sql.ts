/**
 * Funnels on the journeys projection (store/duckdb/journeys.ts), in one of two ways.
 *
 * Steps and exclusions all on one list (the common case: all touchpoints, all event names, …):
 * each customer's codes are walked once by the `waymark_funnel_walk` function
 * (funnel-walk-function.ts, the walk of funnel-walk.ts over integers, as ClickHouse's
 * windowFunnel), from the first step-1 element — ordered, strict and unordered funnels alike
 * (unordered: whoever has an element of any step, from the start). On the touchpoint the codes are the stored
 * touchpoint_code list and the step values' codes come from the workspace's dictionary in the
 * same statement; on another list an element's code is its value's place among the step values
 * (0 for none), computed only for the customers the walk runs on. No unnest, no join, no sort: the
 * chain's list positions give its times and breakdown value.
 *
 * Otherwise (ordered funnels with steps on several lists): each customer's lists
 * are already in journey order, so a customer is the journeys row's rowid (cid, the same in both
 * reads of the lists) and an event its list position — the chain joins of
 * funnel-ordered-chains-sql.ts then hash and compare integers instead of (customer id, timestamp,
 * messageId). Native list functions settle most customers before any unnest: who never did step
 * 1 is dropped (list_position), and who has no step-2 event after their first step-1 event is at
 * level 1 with that event as their recorded chain; only the rest have their lists unnested, from
 * that first step-1 event on, and only their step and exclusion events enter the joins.
 * Same result as the events-table compilation (funnel-outcomes-sql.ts), which property tests
 * check along with the reference walk; used when the plan reads no event property.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import { breakdownSource, type FunnelPlan } from '../funnel-plan.js';
import type { Step } from '../step.js';
import type { JourneyField } from '../../store/duckdb/journeys.js';
import type { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyListsSql, journeysCover, touchpointCodeSql } from './journeys-sql.js';
import { orderedChainsSql } from './funnel-ordered-chains-sql.js';
import { FUNNEL_WALK_FUNCTION } from '../../store/duckdb/funnel-walk-function.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Whether the journeys projection holds everything a funnel plan reads: ordered funnels, and strict and unordered ones the walk function runs. */
export function journeysCoverFunnel(plan: FunnelPlan): boolean {
  const steps = [...plan.steps, ...plan.exclusions.map((x) => x.step)];
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  return (plan.order === 'ordered' || walksCodes(plan)) && journeysCover(plan.scope) && steps.every((s) => s.where.length === 0) && (src?.kind !== 'event' || src.field === 'channel');
}

/** The one journeys list every step and exclusion of the plan reads, or null when they read several. */
function walkedColumn(plan: FunnelPlan): JourneyField | null {
  const columns = new Set([...plan.steps, ...plan.exclusions.map((x) => x.step)].map((s) => ACTIVITY_COLUMN[s.by]));
  return columns.size === 1 ? [...columns][0]! : null;
}

/** Whether the plan's steps and exclusions all read one list, so the walk function runs it over that list's codes. */
export function walksCodes(plan: FunnelPlan): boolean {
  return walkedColumn(plan) !== null;
}

/** How the outcomes come out: one row per customer, or (`tally`, plans without a breakdown) the rows a count needs. */
export interface OutcomeShape {
  /**
   * Rows `base` (one per customer who did step 1, level 1, no times) and, beside them, one row
   * per customer at level ≥ 2 with the recorded chain's times (`base` false): customers per step
   * and the durations need nothing more, and no join of the chains back to every customer.
   */
  tally?: boolean;
}

/** SQL of the per-customer outcomes (funnel-outcomes-sql.ts's columns) of a funnel the journeys cover (journeysCoverFunnel). */
export function orderedOutcomesFromJourneysSql(ws: string, plan: FunnelPlan, p: SqlParams, w: string, shape: OutcomeShape = {}): string {
  const n = plan.steps.length;
  const actCol = ACTIVITY_COLUMN[plan.by];
  // A column's list: the activity at the plan's granularity is `act`, any other a carried field.
  const listOf = (col: JourneyField) => (col === actCol ? 'act' : col);
  const colOf = (s: Step) => ACTIVITY_COLUMN[s.by];
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  const fields = new Set<JourneyField>([...plan.steps, ...plan.exclusions.map((x) => x.step)].map(colOf));
  if (src?.kind === 'event') fields.add('channel');
  if (src?.kind === 'first') fields.add(src.column);
  const lists = [...new Set([...fields].map(listOf))];
  // The breakdown value of an event: its channel (the one event field a breakdown may read here).
  const valueList = src?.kind === 'event' ? listOf('channel') : null;
  // Steps on the activity never match an element without it, so the lists may keep those (no mask
  // for most journeys) — unless a step reads another list (such an element is outside the journey)
  // or the breakdown is the first touch (the first element that has the activity).
  const onActivity = [...plan.steps, ...plan.exclusions.map((x) => x.step)].every((s) => colOf(s) === actCol);
  // (Strict: an element without the activity is no journey event, so it must not sit between two steps.)
  const keepUnmapped = onActivity && src?.kind !== 'first' && plan.order !== 'strict';
  // The breakdown group of a customer whose recorded chain starts at element `start` of their lists.
  const groupOf = (start: string) => {
    const cv = valueList ? `k.${valueList}[${start}]` : 'NULL::VARCHAR';
    const grp = src === null ? 'NULL::VARCHAR' : src.kind === 'event' ? cv : src.kind === 'first' ? `k.${listOf(src.column)}[1]` : `json_extract_string(cu.traits, ${p.add('$.' + src.path)})`;
    return { cv, grp };
  };
  const traitsJoin = () => (src?.kind === 'trait' ? ` LEFT JOIN customers cu ON cu.workspace_id = ${p.add(ws)} AND cu.customer_id = k.customer_id` : '');
  const walked = walkedColumn(plan);
  if (walked !== null) {
    // Every step and exclusion reads one list: the walk function over its codes (funnel-walk-function.ts).
    // On the touchpoint the stored codes and the workspace's dictionary; on another list the
    // value's place among the step values, as a code list built only where the walk runs.
    const onCodes = walked === 'touchpoint';
    const values = [...new Set([...plan.steps, ...plan.exclusions.map((x) => x.step)].map((s) => s.value))];
    const codeOf = onCodes
      ? (value: string) => touchpointCodeSql(ws, value, p)
      : (value: string) => String(values.indexOf(value) + 1);
    const stepList = onCodes ? 'touchpoint_code' : listOf(walked);
    const codes = onCodes ? stepList : `list_transform(${stepList}, x_ -> CASE x_ ${values.map((v, i) => `WHEN ${p.add(v)} THEN ${i + 1}`).join(' ')} ELSE 0 END)::INTEGER[]`;
    const excl = plan.exclusions.flatMap((x) => [codeOf(x.step.value), String(x.from), String(x.to)]);
    const source = journeyListsSql(ws, plan.scope, plan.by, p, { fields: [...fields, ...(onCodes ? ['touchpoint_code' as const] : [])], keepUnmapped });
    // The lists the breakdown reads besides the steps' list.
    const others = [...new Set([valueList, src?.kind === 'first' ? listOf(src.column) : null].filter((l) => l !== null && l !== stepList))];
    const chainAt = (j: number) => `k.ch[${j + 1}]`;
    const { cv, grp } = groupOf(chainAt(0));
    const scalars = `WITH sc AS (SELECT [${plan.steps.map((s) => codeOf(s.value)).join(', ')}]::INTEGER[] AS steps, [${excl.join(', ')}]::INTEGER[] AS excl)`;
    if (plan.order === 'unordered') {
      // Whoever has an element of any step is walked from the start; the span runs from the first counted element to the last.
      const anyStep = onCodes ? 'list_has_any(touchpoint_code, steps)' : `list_has_any(${stepList}, [${values.map((v) => p.add(v)).join(', ')}])`;
      return `
${scalars},
jl AS (SELECT customer_id, ts, ${[stepList, ...others].join(', ')}, steps, excl FROM (${source}), sc),
k AS (SELECT *, ${FUNNEL_WALK_FUNCTION}(ts, ${codes}, 1, steps, excl, ${w}, ${p.add(plan.order)}) AS ch FROM jl WHERE ${anyStep})
SELECT k.customer_id, len(k.ch) AS level, ${range(n)
        .map((j) => `NULL::BIGINT AS t${j}`)
        .join(', ')}, CASE WHEN len(k.ch) = ${n} THEN epoch_ms(k.ts[${chainAt(n - 1)}]) - epoch_ms(k.ts[${chainAt(0)}]) END AS span, ${cv} AS cv, ${grp} AS grp
  FROM k${traitsJoin()}`;
    }
    // The first two steps as the list holds them (codes on the touchpoint, values otherwise).
    const [first, second] = onCodes ? ['steps[1]', 'steps[2]'] : [p.add(plan.steps[0]!.value), p.add(plan.steps[1]!.value)];
    return `
${scalars},
jl AS (SELECT customer_id, ts, ${[stepList, ...others].join(', ')}, steps, excl, list_position(${stepList}, ${first}) AS p0 FROM (${source}), sc),
k AS (SELECT *, CASE WHEN coalesce(list_contains(${stepList}[p0 + 1:], ${second}), FALSE) THEN ${FUNNEL_WALK_FUNCTION}(ts, ${codes}, p0::INTEGER, steps, excl, ${w}, ${p.add(plan.order)}) ELSE [p0::INTEGER] END AS ch
        FROM jl WHERE p0 > 0)
SELECT k.customer_id, len(k.ch) AS level, ${range(n)
      .map((j) => `epoch_ms(k.ts[${chainAt(j)}]) AS t${j}`)
      .join(', ')}, NULL::BIGINT AS span, ${cv} AS cv, ${grp} AS grp
  FROM k${traitsJoin()}`;
  }
  const first = plan.steps[0]!;
  const second = plan.steps[1]!;
  const lit = (s: Step) => p.add(s.value);
  const { matches, breaks, relevant } = elementTestsSql(plan, (s) => listOf(colOf(s)), (v) => p.add(v));
  const sliced = ['ts', ...lists].map((l) => `unnest(${l}[p0:]) AS ${l}`).join(', ');
  const source = journeyListsSql(ws, plan.scope, plan.by, p, { fields: [...fields], keepUnmapped, rowId: true });
  const ctes = [
    `k AS NOT MATERIALIZED (
  SELECT *, coalesce(list_contains(${listOf(colOf(second))}[p0 + 1:], ${lit(second)}), FALSE) AS more
    FROM (SELECT cid, customer_id, ts, ${lists.join(', ')}, list_position(${listOf(colOf(first))}, ${lit(first)}) AS p0 FROM (${source}))
   WHERE p0 > 0)`,
    `u AS (SELECT cid, p0 - 1 + generate_subscripts(ts[p0:], 1) AS pos, ${sliced} FROM k WHERE more)`,
    `b AS MATERIALIZED (SELECT cid, pos AS e, epoch_ms(ts) AS t, ${valueList ?? 'NULL::VARCHAR'} AS v, ${[...matches, ...breaks].join(', ')}
    FROM u WHERE ${relevant})`,
    ...orderedChainsSql(plan, w, { id: 'cid', pos: ['e'], key: (a) => `${a}.e`, rank: (level, a) => `((${n} - ${level})::BIGINT << 32) | ${a}.e` }),
  ];
  const times = range(n).slice(1);
  if (shape.tally) {
    return `
WITH ${ctes.join(',\n')}
SELECT 1 AS level, ${range(n)
      .map((j) => `NULL::BIGINT AS t${j}`)
      .join(', ')}, NULL::BIGINT AS span, NULL::VARCHAR AS grp, TRUE AS base FROM k
UNION ALL SELECT r.level, ${range(n)
      .map((j) => `r.t${j}`)
      .join(', ')}, NULL, NULL, FALSE FROM up`;
  }
  // Without a chain of level ≥ 2 the recorded chain is the first step-1 event, at p0.
  const first1 = groupOf('k.p0');
  const cv = `CASE WHEN up.r IS NULL THEN ${first1.cv} ELSE up.r.cv END`;
  const grp = src?.kind === 'event' ? cv : first1.grp;
  const traits = traitsJoin();
  return `
WITH ${ctes.join(',\n')}
SELECT k.customer_id, coalesce(up.r.level, 1) AS level, CASE WHEN up.r IS NULL THEN epoch_ms(k.ts[k.p0]) ELSE up.r.t0 END AS t0, ${times
    .map((j) => `up.r.t${j} AS t${j}`)
    .join(', ')}, NULL::BIGINT AS span, ${cv} AS cv, ${grp} AS grp
  FROM k LEFT JOIN up USING (cid)${traits}`;
}

/**
 * Per element of the unnested lists (steps on several lists; one list takes the walk function):
 * the step matches m0…, the chain breaks x0… (as in funnel-outcomes-sql.ts), each testing its
 * list, and which elements enter the joins. The tests stand on raw element columns: a filter on
 * the computed matches would be pushed below their projection and evaluate every match twice.
 */
function elementTestsSql(plan: FunnelPlan, listOf: (s: Step) => string, add: (value: string) => string) {
  const n = plan.steps.length;
  const read = [...plan.steps, ...plan.exclusions.map((x) => x.step)];
  const breaking = (k: number) => plan.exclusions.filter((x) => x.from <= k + 1 && k + 1 < x.to).map((x) => x.step);
  const test = (st: Step) => `coalesce(${listOf(st)} = ${add(st.value)}, FALSE)`;
  const valuesBy = new Map<string, string[]>();
  for (const st of read) valuesBy.set(listOf(st), [...(valuesBy.get(listOf(st)) ?? []), add(st.value)]);
  return {
    matches: plan.steps.map((st, k) => `${test(st)} AS m${k}`),
    breaks: range(n).map((k) => `${breaking(k).map(test).join(' OR ') || 'FALSE'} AS x${k}`),
    relevant: [...valuesBy].map(([l, vs]) => `${l} IN (${vs.join(', ')})`).join(' OR '),
  };
}
