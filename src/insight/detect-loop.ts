/**
 * Loops: customers going round a → b → a → b → a (at least two returns to a through b in one
 * session), where b is a detour of a (at least 80% of b's in-session arrivals come from a, as a
 * failed payment comes from entering payment details). A loop is a finding when at least 10% of
 * the customers who reach a do it; the test is one-sided against a 5% tolerance.
 */
import type { LoopRow } from '../store/duckdb/insight-sql.js';
import type { Candidate } from './finding.js';
import { proportionAbove, wilson } from './wilson.js';

export const LOOP_TOLERANCE = 0.05;
export const LOOP_MIN_SHARE = 0.1;
export const DETOUR_MIN_SHARE = 0.8;

export function loopCandidates(rows: readonly LoopRow[]): Candidate[] {
  const out: Candidate[] = [];
  for (const r of rows) {
    if (r.detourShare < DETOUR_MIN_SHARE || r.reached < 30 || r.loopers < 5) continue;
    const share = r.loopers / r.reached;
    const ci = wilson(r.loopers, r.reached);
    out.push({
      kind: 'loop',
      where: { stage: r.stage, touchpoint: r.touchpoint, partner: r.partner },
      title: `${Math.round(share * 100)}% of customers reaching "${r.touchpoint}" go round "${r.touchpoint}" ⇄ "${r.partner}" two or more times in one visit`,
      magnitude: share,
      magnitudeUnit: 'share of customers reaching the step who loop',
      severity: Math.min(1, share / 0.3),
      observed: share,
      expected: LOOP_TOLERANCE,
      test: 'one-sided z-test of the share against the 5% tolerance',
      statistic: (share - LOOP_TOLERANCE) / Math.sqrt((LOOP_TOLERANCE * (1 - LOOP_TOLERANCE)) / r.reached),
      p: proportionAbove(r.loopers, r.reached, LOOP_TOLERANCE),
      interval: { ...ci, level: 0.95 },
      large: share >= LOOP_MIN_SHARE,
      customers: r.loopers,
      exampleCustomers: r.examples,
      opportunity: `Break the "${r.touchpoint}" ⇄ "${r.partner}" loop: ${r.loopers} customers went round it at least twice in one visit. Say clearly why the step failed and what to do next, offer another way through (another payment method, help), and stop retries that cannot succeed.`,
    });
  }
  return out;
}
