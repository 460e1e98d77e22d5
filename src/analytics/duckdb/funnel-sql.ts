/**
 * Funnels in DuckDB: the per-customer outcomes (funnel-outcomes-sql.ts; its tally rows when there is no breakdown) aggregated once with GROUPING SETS — the whole funnel and each
 * breakdown group — into customers per step, quantiles of the step-to-step and first-to-last
 * times and their histogram buckets.
 */
import { type FunnelGroupRaw, type FunnelResult, shapeFunnel } from '../funnel.js';
import type { FunnelPlan } from '../funnel-plan.js';
import { bucketStarts, histogramOf, type DurationStats } from '../funnel-stats.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { funnelOutcomesSql, funnelTallySql } from './funnel-outcomes-sql.js';
import type { CompileOptions } from './journeys-sql.js';
import { type CompiledQuery, num, numOrNull, quantiles, type Row, type RunQuery } from './query.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** SQL of the histogram bucket (0-based index into `starts`) of the non-negative duration `d`. */
function bucketSql(d: string, starts: readonly number[]): string {
  if (starts.length < 2) return '0';
  return `CASE ${starts
    .map((s, i) => [s, i] as const)
    .slice(1)
    .reverse()
    .map(([s, i]) => `WHEN ${d} >= ${s} THEN ${i}`)
    .join(' ')} ELSE 0 END`;
}

/** Aggregates of the duration column `d`, its bucket column `${d}_b`, over rows meeting `cond`, named with `prefix`. */
function durationAggregates(d: string, cond: string, prefix: string): string[] {
  return [
    `count(*) FILTER (WHERE ${cond}) AS ${prefix}_n`,
    `quantile_cont(${d}, [0.5, 0.9]) FILTER (WHERE ${cond}) AS ${prefix}_q`,
    `histogram(${d}_b) FILTER (WHERE ${cond}) AS ${prefix}_h`,
  ];
}

function durationStatsOf(r: Row, prefix: string, windowMs: number, buckets: number): DurationStats {
  const q = quantiles(r[`${prefix}_q`]);
  const counts = new Array<number>(buckets).fill(0);
  for (const { key, value } of (r[`${prefix}_h`] ?? []) as Array<{ key: unknown; value: unknown }>) counts[Number(key)] = num(value);
  return {
    count: num(r[`${prefix}_n`]),
    medianMs: numOrNull(q[0]),
    p90Ms: numOrNull(q[1]),
    histogram: histogramOf(windowMs, counts),
  };
}

export function compileFunnel(ws: string, plan: FunnelPlan, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  const n = plan.steps.length;
  const starts = bucketStarts(plan.window);
  // Each duration once per customer, with its bucket: the aggregates then only test and count.
  const durations = plan.order === 'unordered' ? [['total', 'span']] : [...range(n - 1).map((k) => [`between${k}`, `(t${k + 1} - t${k})`]), ['total', `(t${n - 1} - t0)`]];
  const cols = durations.flatMap(([name, d]) => [`${d} AS ${name}`, `${bucketSql(d!, starts)} AS ${name}_b`]);
  // Tally rows: one base row per customer at step 1, one more per customer past it (funnelTallySql).
  const tally = funnelTallySql(ws, plan, p, opts);
  const reached = (k: number) => (tally === null ? `level > ${k}` : k === 0 ? 'base' : `NOT base AND level > ${k}`);
  const aggs = [...range(n).map((k) => `count(*) FILTER (WHERE ${reached(k)}) AS reached${k}`)];
  if (plan.order !== 'unordered') range(n - 1).forEach((k) => aggs.push(...durationAggregates(`between${k}`, `level > ${k + 1}`, `between${k}`)));
  aggs.push(...durationAggregates('total', `level = ${n}`, 'total'));
  const head = plan.breakdown === undefined ? 'TRUE AS is_total, NULL AS grp' : 'grouping(grp) = 1 AS is_total, grp';
  const groupBy = plan.breakdown === undefined ? '' : 'GROUP BY GROUPING SETS ((), (grp))';
  const sql = `
WITH o AS (${tally ?? funnelOutcomesSql(ws, plan, p, opts)})
SELECT ${head}, ${aggs.join(',\n       ')}
  FROM (SELECT level, grp, ${tally === null ? '' : 'base, '}${cols.join(', ')} FROM o) ${groupBy}`;
  return { sql, params: p.values };
}

export async function runFunnel(run: RunQuery, ws: string, plan: FunnelPlan, opts: CompileOptions = {}): Promise<FunnelResult> {
  const rows = await run(compileFunnel(ws, plan, opts));
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
