/**
 * Tail probabilities of the standard normal distribution (simple-statistics' error function,
 * accurate to about 1e-7: smaller p-values read as 0).
 */
import { errorFunction } from 'simple-statistics';

/** P(Z ≥ z). */
export function upperTail(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 0 : 1;
  return Math.min(1, Math.max(0, 0.5 * (1 - errorFunction(z / Math.SQRT2))));
}

/** P(Z ≤ z). */
export function lowerTail(z: number): number {
  return upperTail(-z);
}

/** Two-sided p-value of a z statistic. */
export function twoSided(z: number): number {
  return Math.min(1, 2 * upperTail(Math.abs(z)));
}
