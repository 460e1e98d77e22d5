/**
 * Wilson score interval for a proportion k/n at confidence 1 − alpha (two-sided), and the
 * one-sided test of a proportion against a fixed share (normal approximation).
 */
import { probit } from 'simple-statistics';
import { upperTail } from './normal.js';

export function wilson(k: number, n: number, alpha = 0.05): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const z = probit(1 - alpha / 2);
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** One-sided p-value of "the true share exceeds p0" for k of n. */
export function proportionAbove(k: number, n: number, p0: number): number {
  if (n <= 0) return 1;
  const z = (k / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
  return upperTail(z);
}
