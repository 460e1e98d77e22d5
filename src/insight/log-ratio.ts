/**
 * Wald test of a ratio of conversion chains: the end-to-end rate of a chain of steps is the
 * product of its step rates; its log has variance Σ (1 − p)/(n·p) (delta method). Compares one
 * group's chain with another's: one-sided p-value that group 1's chain converts less.
 */
import { lowerTail } from './normal.js';

export interface StepCount {
  k: number;
  n: number;
}

export function chainRate(steps: readonly StepCount[]): { rate: number; logVar: number } {
  let logRate = 0;
  let logVar = 0;
  for (const s of steps) {
    const p = (s.k + 0.5) / (s.n + 1);
    logRate += Math.log(p);
    logVar += (1 - p) / ((s.n + 1) * p);
  }
  return { rate: Math.exp(logRate), logVar };
}

export function chainRatioLower(a: readonly StepCount[], b: readonly StepCount[]): { ratio: number; z: number; p: number } {
  const x = chainRate(a);
  const y = chainRate(b);
  const se = Math.sqrt(x.logVar + y.logVar);
  const ratio = x.rate / y.rate;
  const z = se > 0 ? Math.log(ratio) / se : 0;
  return { ratio, z, p: se > 0 ? lowerTail(z) : 1 };
}

/**
 * Is one group's relative rate lower than another's? (a1/a2) ÷ (b1/b2) — e.g. a persona's step
 * conversion relative to its other steps against the same for everyone else. Wald test on the
 * log of the ratio of ratios, variance Σ (1 − p)/(n·p) over the four rates (delta method).
 */
export function ratioOfRatiosLower(a1: StepCount, a2: StepCount, b1: StepCount, b2: StepCount): { ratio: number; z: number; p: number } {
  const r = [a1, a2, b1, b2].map((s) => chainRate([s]));
  const ratio = (r[0]!.rate / r[1]!.rate) / (r[2]!.rate / r[3]!.rate);
  const se = Math.sqrt(r.reduce((v, x) => v + x.logVar, 0));
  const z = se > 0 ? Math.log(ratio) / se : 0;
  return { ratio, z, p: se > 0 ? lowerTail(z) : 1 };
}
