/**
 * Time-to-convert statistics of a funnel: count, median and p90 (linear interpolation, as
 * DuckDB's quantile_cont) and a histogram over human-scale buckets (1m, 5m, 15m, 1h, 6h, 1d, 3d,
 * 1w, 2w, 30d, 60d, 90d, 180d) cut at the conversion window, so every funnel's buckets read the
 * same and the SQL and the reference bucket identically.
 */
import { quantile } from './event-log.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const NICE_BOUNDS = [MIN, 5 * MIN, 15 * MIN, HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY, 180 * DAY];

export interface HistogramBucket {
  /** Inclusive. */
  fromMs: number;
  /** Exclusive, except the last bucket, which ends at the window inclusively. */
  toMs: number;
  count: number;
}

export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  histogram: HistogramBucket[];
}

/** Bucket lower bounds for a window: 0 and every nice bound below it. */
export function bucketStarts(windowMs: number): number[] {
  return [0, ...NICE_BOUNDS.filter((b) => b < windowMs)];
}

/** The bucket index of a duration: the last start ≤ it. */
export function bucketOf(starts: readonly number[], ms: number): number {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1]! <= ms) i++;
  return i;
}

export function histogramOf(windowMs: number, counts: readonly number[]): HistogramBucket[] {
  const starts = bucketStarts(windowMs);
  return starts.map((fromMs, i) => ({ fromMs, toMs: starts[i + 1] ?? windowMs, count: counts[i] ?? 0 }));
}

export function durationStats(windowMs: number, durations: readonly number[]): DurationStats {
  const sorted = [...durations].sort((a, b) => a - b);
  const starts = bucketStarts(windowMs);
  const counts = starts.map(() => 0);
  for (const d of sorted) counts[bucketOf(starts, d)]!++;
  return { count: sorted.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9), histogram: histogramOf(windowMs, counts) };
}
