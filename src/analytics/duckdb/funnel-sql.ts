/**
 * Funnels in DuckDB: the per-customer outcomes (funnel-outcomes-sql.ts, one scan and one
 * list_reduce per customer) aggregated once with GROUPING SETS — the whole funnel and each
 * breakdown group — into customers per step, quantiles of the step-to-step and first-to-last
 * times and their histogram buckets.
 */
import { type FunnelGroupRaw, type FunnelResult, shapeFunnel } from '../funnel.js';
import type { FunnelPlan } from '../funnel-plan.js';
import { bucketStarts, histogramOf, type DurationStats } from '../funnel-stats.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { funnelOutcomesSql } from './funnel-outcomes-sql.js';
import { type CompiledQuery, num, numOrNull, type Row, type RunQuery } from './query.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Aggregates of one duration column `d` over rows meeting `cond`, named with `prefix`. */
function durationAggregates(d: string, cond: string, starts: readonly number[], prefix: string): string[] {
  const bucket = (i: number) => `${d} >= ${starts[i]}${i + 1 < starts.length ? ` AND ${d} < ${starts[i + 1]}` : ''}`;
  return [
    `count(*) FILTER (WHERE ${cond}) AS ${prefix}_n`,
    `quantile_cont(${d}, 0.5) FILTER (WHERE ${cond}) AS ${prefix}_med`,
    `quantile_cont(${d}, 0.9) FILTER (WHERE ${cond}) AS ${prefix}_p90`,
    ...starts.map((_, i) => `count(*) FILTER (WHERE ${cond} AND ${bucket(i)}) AS ${prefix}_b${i}`),
  ];
}

function durationStatsOf(r: Row, prefix: string, windowMs: number, buckets: number): DurationStats {
  return {
    count: num(r[`${prefix}_n`]),
    medianMs: numOrNull(r[`${prefix}_med`]),
    p90Ms: numOrNull(r[`${prefix}_p90`]),
    histogram: histogramOf(
      windowMs,
      range(buckets).map((i) => num(r[`${prefix}_b${i}`])),
    ),
  };
}

export function compileFunnel(ws: string, plan: FunnelPlan): CompiledQuery {
  const p = new SqlParams();
  const n = plan.steps.length;
  const starts = bucketStarts(plan.window);
  const aggs = [...range(n).map((k) => `count(*) FILTER (WHERE level > ${k}) AS reached${k}`)];
  if (plan.order !== 'unordered') range(n - 1).forEach((k) => aggs.push(...durationAggregates(`(t${k + 1} - t${k})`, `level > ${k + 1}`, starts, `between${k}`)));
  aggs.push(...durationAggregates(plan.order === 'unordered' ? 'span' : `(t${n - 1} - t0)`, `level = ${n}`, starts, 'total'));
  const head = plan.breakdown === undefined ? 'TRUE AS is_total, NULL AS grp' : 'grouping(grp) = 1 AS is_total, grp';
  const groupBy = plan.breakdown === undefined ? '' : 'GROUP BY GROUPING SETS ((), (grp))';
  const sql = `
WITH o AS (${funnelOutcomesSql(ws, plan, p)})
SELECT ${head}, ${aggs.join(',\n       ')}
  FROM o ${groupBy}`;
  return { sql, params: p.values };
}

export async function runFunnel(run: RunQuery, ws: string, plan: FunnelPlan): Promise<FunnelResult> {
  const rows = await run(compileFunnel(ws, plan));
  const n = plan.steps.length;
  const buckets = bucketStarts(plan.window).length;
  const raw = (r: Row | undefined, value: string | null): FunnelGroupRaw => ({
    value,
    reached: range(n).map((k) => num(r?.[`reached${k}`])),
    timeBetween: plan.order === 'unordered' ? [] : range(n - 1).map((k) => durationStatsOf(r ?? {}, `between${k}`, plan.window, buckets)),
    timeToConvert: durationStatsOf(r ?? {}, 'total', plan.window, buckets),
  });
  const total = rows.find((r) => r.is_total === true);
  const groups = plan.breakdown === undefined ? null : rows.filter((r) => r.is_total !== true).map((r) => raw(r, r.grp === null ? null : String(r.grp)));
  return shapeFunnel(plan, raw(total, null), groups);
}
