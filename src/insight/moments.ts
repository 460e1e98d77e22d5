/**
 * Means of samples given as value → count maps (scores, sentiments), and the test of a
 * difference in differences of means: is a group's gap (its mean here − its mean elsewhere)
 * lower than another group's same gap? Welch-style normal approximation, one-sided.
 */
import { lowerTail } from './normal.js';

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n − 1); 0 below two values. */
  variance: number;
}

export function moments(m: ReadonlyMap<number, number>): Moments {
  let n = 0;
  let s = 0;
  for (const [v, c] of m) {
    n += c;
    s += v * c;
  }
  const mean = n ? s / n : 0;
  let ss = 0;
  for (const [v, c] of m) ss += c * (v - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

/** (a.mean − b.mean) − (c.mean − d.mean), z and one-sided p that it is below 0. */
export function diffOfDiffsLower(a: Moments, b: Moments, c: Moments, d: Moments): { diff: number; z: number; p: number } {
  const diff = a.mean - b.mean - (c.mean - d.mean);
  const se = Math.sqrt([a, b, c, d].reduce((v, x) => v + (x.n > 0 ? x.variance / x.n : 0), 0));
  const z = se > 0 ? diff / se : 0;
  return { diff, z, p: se > 0 ? lowerTail(z) : 1 };
}

/** Merge value → count maps. */
export function addCounts(into: Map<number, number>, from: ReadonlyMap<number, number>): Map<number, number> {
  for (const [v, c] of from) into.set(v, (into.get(v) ?? 0) + c);
  return into;
}
