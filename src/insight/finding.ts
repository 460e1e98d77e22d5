/**
 * A finding: a pain point the engine found in a workspace's journeys, with where it is, how big
 * it is, how sure we are (a test and its Benjamini–Hochberg q-value), who it touches and what to
 * do about it. Its identity is kind + where, so a re-run updates the same finding.
 */
import { createHash } from 'node:crypto';

export const FINDING_KINDS = ['drop_off_hotspot', 'slow_step', 'loop', 'negative_touchpoint', 'channel_inconsistency', 'churn_after_touchpoint'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingWhere {
  stage: string | null;
  touchpoint?: string;
  fromTouchpoint?: string;
  toTouchpoint?: string;
  channel?: string;
  persona?: string;
  /** The other step of a loop (the detour), or the survey kind of a negative touchpoint. */
  partner?: string;
  survey?: string;
}

export interface FindingConfidence {
  test: string;
  statistic: number;
  p: number;
  /** Benjamini–Hochberg adjusted over every test of the run. */
  q: number;
  /** e.g. a Wilson interval of the rate, when the test has one. */
  interval?: { low: number; high: number; level: number };
}

export interface Finding {
  kind: FindingKind;
  where: FindingWhere;
  title: string;
  /** The headline size: meaning given by `magnitudeUnit`. */
  magnitude: number;
  magnitudeUnit: string;
  /** 0..1: how bad, used by the health score. */
  severity: number;
  observed: number;
  expected: number;
  confidence: FindingConfidence;
  customers: number;
  exampleCustomers: string[];
  opportunity: string;
}

/** A tested candidate before multiple-comparison correction and thresholds. */
export interface Candidate extends Omit<Finding, 'confidence'> {
  test: string;
  statistic: number;
  p: number;
  interval?: { low: number; high: number; level: number };
  /** Whether the effect is large enough to matter (the practical threshold of its kind). */
  large: boolean;
}

/** The text that identifies where a finding is: kind + where, stable across runs. */
export function findingKey(kind: FindingKind, w: FindingWhere): string {
  const parts = [kind, w.stage ?? '', w.touchpoint ?? '', w.fromTouchpoint ?? '', w.toTouchpoint ?? '', w.channel ?? '', w.persona ?? '', w.partner ?? '', w.survey ?? ''];
  return parts.join('\u001f');
}

export function findingId(workspaceId: string, kind: FindingKind, w: FindingWhere): string {
  return 'f_' + createHash('sha256').update(workspaceId + '\u001e' + findingKey(kind, w)).digest('hex').slice(0, 16);
}

/** "purchase · Checkout Started → Payment Info Entered · app" */
export function whereText(w: FindingWhere): string {
  const step = w.fromTouchpoint && w.toTouchpoint ? `${w.fromTouchpoint} → ${w.toTouchpoint}` : w.touchpoint && w.partner ? `${w.touchpoint} ⇄ ${w.partner}` : (w.touchpoint ?? '');
  return [w.stage, step, w.channel, w.survey, w.persona].filter((x) => x).join(' · ');
}
