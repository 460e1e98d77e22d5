/**
 * Calendar periods in UTC — day, week (starting Monday, as ISO weeks and DuckDB's date_trunc
 * do) and month — for retention cohorts and KPI time series: where a period starts, the start
 * k periods later, how many periods lie between two starts, and the label a period is shown by.
 */
import { z } from 'zod';

export const PERIODS = ['day', 'week', 'month'] as const;
export const PeriodSchema = z.enum(PERIODS);
export type Period = z.infer<typeof PeriodSchema>;

const DAY = 86_400_000;

/** Start (epoch ms, UTC) of the period holding `ms`. */
export function periodStart(ms: number, period: Period): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'day') return day;
  if (period === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the period `k` periods after the one starting at `start`. */
export function addPeriods(start: number, k: number, period: Period): number {
  if (period === 'day') return start + k * DAY;
  if (period === 'week') return start + k * 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
}

/** Whole periods from the period starting at `from` to the one starting at `to` (both starts). */
export function periodsBetween(from: number, to: number, period: Period): number {
  if (period === 'day') return Math.round((to - from) / DAY);
  if (period === 'week') return Math.round((to - from) / (7 * DAY));
  const a = new Date(from);
  const b = new Date(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

/** A period's label: the date it starts, `2026-01-05`. */
export function periodLabel(start: number): string {
  return new Date(start).toISOString().slice(0, 10);
}
