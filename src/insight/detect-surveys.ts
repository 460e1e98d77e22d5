/**
 * Negative touchpoints: survey responses (nps 0–10, csat 1–5, ces 1–7) about a touchpoint
 * (properties.touchpoint_ref) against every other response of the same survey kind in the
 * workspace. A finding when the mean is at least 10% of the scale lower, with a one-sided
 * Mann–Whitney U test on the scores. Needs 20 responses on each side. Comment sentiment is a
 * test of its own (detect-sentiment.ts); here the comments' themes and mean are evidence.
 */
import type { ScoreNegatives, ScoreRow } from '../store/duckdb/insight-sql.js';
import type { Candidate, FindingEvidence } from './finding.js';
import { mannWhitney } from './mann-whitney.js';

export const SCALES: Record<string, { min: number; max: number; label: string }> = {
  csat: { min: 1, max: 5, label: 'CSAT' },
  ces: { min: 1, max: 7, label: 'CES' },
  nps: { min: 0, max: 10, label: 'NPS' },
};
export const NEGATIVE_MIN_GAP = 0.1;
const MIN_RESPONSES = 20;

const evidenceFor = (e: FindingEvidence) => (Object.keys(e).length ? { evidence: e } : {});

function mean(m: ReadonlyMap<number, number>): { mean: number; n: number } {
  let n = 0;
  let s = 0;
  for (const [v, c] of m) {
    n += c;
    s += v * c;
  }
  return { mean: n ? s / n : 0, n };
}

/** `evidenceOf` adds what the touchpoint's comments say (themes, sentiment: detect-sentiment.ts). */
export function negativeTouchpointCandidates(
  scores: readonly ScoreRow[],
  negatives: readonly ScoreNegatives[],
  stageOf: (tp: string) => string | null,
  evidenceOf: (tp: string) => FindingEvidence = () => ({}),
): Candidate[] {
  const out: Candidate[] = [];
  for (const survey of Object.keys(SCALES)) {
    const scale = SCALES[survey]!;
    const rows = scores.filter((r) => r.survey === survey);
    const tps = [...new Set(rows.map((r) => r.touchpoint))].sort();
    for (const tp of tps) {
      const x = new Map<number, number>();
      const y = new Map<number, number>();
      for (const r of rows) {
        const m = r.touchpoint === tp ? x : y;
        m.set(r.score, (m.get(r.score) ?? 0) + r.count);
      }
      const mx = mean(x);
      const my = mean(y);
      if (mx.n < MIN_RESPONSES || my.n < MIN_RESPONSES) continue;
      const t = mannWhitney(x, y);
      const gap = (mx.mean - my.mean) / (scale.max - scale.min);
      const neg = negatives.find((n) => n.survey === survey && n.touchpoint === tp);
      out.push({
        kind: 'negative_touchpoint',
        where: { stage: stageOf(tp), touchpoint: tp, survey },
        title: `${scale.label} about "${tp}" averages ${mx.mean.toFixed(1)} against ${my.mean.toFixed(1)} for every other touchpoint (${mx.n} responses)`,
        magnitude: -gap,
        magnitudeUnit: 'mean score below the workspace baseline, as a share of the scale',
        severity: Math.min(1, Math.max(0, -gap / 0.4)),
        observed: mx.mean,
        expected: my.mean,
        test: 'Mann–Whitney U on scores (one-sided, tie-corrected)',
        statistic: t.z,
        p: t.pLower,
        large: -gap >= NEGATIVE_MIN_GAP,
        customers: neg?.customers ?? 0,
        exampleCustomers: neg?.examples ?? [],
        opportunity: `Fix what customers dislike about "${tp}": its ${scale.label} averages ${mx.mean.toFixed(1)} against ${my.mean.toFixed(1)} elsewhere; ${neg?.customers ?? 0} customers gave it a low score. Read their comments, follow up with them, and fix the most frequent complaint.`,
        ...evidenceFor(evidenceOf(tp)),
      });
    }
  }
  return out;
}
