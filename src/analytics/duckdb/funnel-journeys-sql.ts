/**
 * Ordered funnels on the journeys projection (store/duckdb/journeys.ts): each customer's masked
 * lists are already in journey order, so a customer gets an integer key (cid) and an event its
 * list position, packed into one BIGINT (e = cid << 32 | position) — the chain joins of
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
import { journeyListsSql, journeysCover } from './journeys-sql.js';
import { orderedChainsSql } from './funnel-ordered-chains-sql.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Whether the journeys projection holds everything an ordered funnel plan reads. */
export function journeysCoverFunnel(plan: FunnelPlan): boolean {
  const steps = [...plan.steps, ...plan.exclusions.map((x) => x.step)];
  const src = plan.breakdown === undefined ? null : breakdownSource(plan.breakdown);
  return plan.order === 'ordered' && journeysCover(plan.scope) && steps.every((s) => s.where.length === 0) && (src?.kind !== 'event' || src.field === 'channel');
}

/** SQL of the per-customer outcomes (funnel-outcomes-sql.ts's columns) of an ordered funnel the journeys cover. */
export function orderedOutcomesFromJourneysSql(ws: string, plan: FunnelPlan, p: SqlParams, w: string): string {
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
  const first = plan.steps[0]!;
  const second = plan.steps[1]!;
  const lit = (s: Step) => p.add(s.value);
  // Per element of the unnested lists: step matches and chain breaks, as in funnel-outcomes-sql.ts.
  const matches = plan.steps.map((s, k) => `coalesce(${listOf(colOf(s))} = ${lit(s)}, FALSE) AS m${k}`);
  const breaks = range(n).map((k) => {
    const xs = plan.exclusions.filter((x) => x.from <= k + 1 && k + 1 < x.to).map((x) => `coalesce(${listOf(colOf(x.step))} = ${lit(x.step)}, FALSE)`);
    return `${xs.length ? xs.join(' OR ') : 'FALSE'} AS x${k}`;
  });
  // Which elements enter the joins, tested on the raw element columns: a filter on the computed
  // matches would be pushed below their projection and evaluate every match twice.
  const valuesBy = new Map<string, string[]>();
  for (const s of [...plan.steps, ...plan.exclusions.map((x) => x.step)]) {
    const l = listOf(colOf(s));
    valuesBy.set(l, [...(valuesBy.get(l) ?? []), lit(s)]);
  }
  const relevant = [...valuesBy].map(([l, vs]) => `${l} IN (${vs.join(', ')})`).join(' OR ');
  const sliced = ['ts', ...lists].map((l) => `unnest(${l}[p0:]) AS ${l}`).join(', ');
  const ctes = [
    `k AS MATERIALIZED (
  SELECT row_number() OVER () AS cid, *, coalesce(list_contains(${listOf(colOf(second))}[p0 + 1:], ${lit(second)}), FALSE) AS more
    FROM (SELECT customer_id, ts, ${lists.join(', ')}, list_position(${listOf(colOf(first))}, ${lit(first)}) AS p0
            FROM (${journeyListsSql(ws, plan.scope, plan.by, p, { fields: [...fields] })}))
   WHERE p0 > 0)`,
    `u AS (SELECT cid, p0 - 1 + generate_subscripts(ts[p0:], 1) AS pos, ${sliced} FROM k WHERE more)`,
    `b AS MATERIALIZED (SELECT cid, (cid << 32) | pos AS e, epoch_ms(ts) AS t, ${valueList ?? 'NULL::VARCHAR'} AS v, ${[...matches, ...breaks].join(', ')} FROM u WHERE ${relevant})`,
    ...orderedChainsSql(plan, w, { id: 'cid', pos: ['e'], key: (a) => `${a}.e` }),
  ];
  // Without a chain of level ≥ 2 the recorded chain is the first step-1 event, at p0.
  const cv = `CASE WHEN up.r IS NULL THEN ${valueList ? `k.${valueList}[k.p0]` : 'NULL::VARCHAR'} ELSE up.r.cv END`;
  const grp =
    src === null ? 'NULL::VARCHAR' : src.kind === 'event' ? cv : src.kind === 'first' ? `k.${listOf(src.column)}[1]` : `json_extract_string(cu.traits, ${p.add('$.' + src.path)})`;
  const traits = src?.kind === 'trait' ? ` LEFT JOIN customers cu ON cu.workspace_id = ${p.add(ws)} AND cu.customer_id = k.customer_id` : '';
  return `
WITH ${ctes.join(',\n')}
SELECT k.customer_id, coalesce(up.r.level, 1) AS level, CASE WHEN up.r IS NULL THEN epoch_ms(k.ts[k.p0]) ELSE up.r.t0 END AS t0, ${range(n)
    .slice(1)
    .map((j) => `up.r.t${j} AS t${j}`)
    .join(', ')}, NULL::BIGINT AS span, ${cv} AS cv, ${grp} AS grp
  FROM k LEFT JOIN up USING (cid)${traits}`;
}
