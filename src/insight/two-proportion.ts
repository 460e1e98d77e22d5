/**
 * Two-proportion z-test (pooled standard error): is k1/n1 lower than k2/n2? One-sided p-value for
 * "group 1 converts worse", the z statistic and both rates.
 */
import { lowerTail } from './normal.js';

export interface ProportionTest {
  rate1: number;
  rate2: number;
  z: number;
  /** One-sided: P(a difference this far below 0 | equal rates). */
  p: number;
}

export function twoProportionLower(k1: number, n1: number, k2: number, n2: number): ProportionTest {
  const rate1 = n1 > 0 ? k1 / n1 : 0;
  const rate2 = n2 > 0 ? k2 / n2 : 0;
  const pooled = n1 + n2 > 0 ? (k1 + k2) / (n1 + n2) : 0;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(n1, 1) + 1 / Math.max(n2, 1)));
  if (se === 0 || n1 === 0 || n2 === 0) return { rate1, rate2, z: 0, p: 1 };
  const z = (rate1 - rate2) / se;
  return { rate1, rate2, z, p: lowerTail(z) };
}

/** Same test, one-sided the other way: is group 1 higher (e.g. churn lift)? */
export function twoProportionHigher(k1: number, n1: number, k2: number, n2: number): ProportionTest {
  const t = twoProportionLower(k1, n1, k2, n2);
  return { ...t, p: t.z === 0 ? 1 : lowerTail(-t.z) };
}
