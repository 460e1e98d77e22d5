/**
 * Mann–Whitney U test (normal approximation with tie correction) on two samples given as
 * value → count maps, so discrete scores (CSAT 1–5) and sampled durations share one routine.
 * Returns the one-sided p-value that sample x tends to be LOWER than y, and the common-language
 * effect size P(X < Y) + ½·P(X = Y).
 */
import { lowerTail } from './normal.js';

export interface MannWhitney {
  u: number;
  z: number;
  /** One-sided: x stochastically lower than y. */
  pLower: number;
  /** One-sided: x stochastically higher than y. */
  pHigher: number;
  /** P(X > Y) + ½ P(X = Y): 0.5 = no difference. */
  effect: number;
}

export function counts(values: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export function mannWhitney(x: ReadonlyMap<number, number>, y: ReadonlyMap<number, number>): MannWhitney {
  const values = [...new Set([...x.keys(), ...y.keys()])].sort((a, b) => a - b);
  let n1 = 0;
  let n2 = 0;
  for (const c of x.values()) n1 += c;
  for (const c of y.values()) n2 += c;
  const n = n1 + n2;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pLower: 1, pHigher: 1, effect: 0.5 };
  let rank = 0;
  let r1 = 0;
  let ties = 0;
  for (const v of values) {
    const cx = x.get(v) ?? 0;
    const t = cx + (y.get(v) ?? 0);
    const mid = rank + (t + 1) / 2;
    r1 += cx * mid;
    rank += t;
    ties += t * t * t - t;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2; // pairs where x > y, ties half
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  const z = variance > 0 ? (u - mean) / Math.sqrt(variance) : 0;
  return { u, z, pLower: variance > 0 ? lowerTail(z) : 1, pHigher: variance > 0 ? lowerTail(-z) : 1, effect: u / (n1 * n2) };
}
