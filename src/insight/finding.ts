/**
 * A finding: a pain point the engine found in a workspace's journeys, with where it is, how big
 * it is, how sure we are (a test and its Benjamini–Hochberg q-value), who it touches and what to
 * do about it. Its identity is kind + where, so a re-run updates the same finding.
 */
import { createHash } from 'node:crypto';
import type { Theme } from '../voc/themes.js';

export const FINDING_KINDS = ['drop_off_hotspot', 'slow_step', 'loop', 'negative_touchpoint', 'channel_inconsistency', 'churn_after_touchpoint', 'support_friction'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingWhere {
  stage: string | null;
  touchpoint?: string;
  fromTouchpoint?: string;
  toTouchpoint?: string;
  channel?: string;
  persona?: string;
  /** The other step of a loop (the detour). */
  partner?: string;
  /** The survey kind (nps, csat, ces) of a negative touchpoint found on scores. */
  survey?: string;
  /** A support queue's topic (`properties.topic`) when support friction is within one topic. */
  topic?: string;
  /** Support friction: what was measured (wait, resolution_time, repeat_contacts). */
  measure?: string;
}

/** What a finding rests on beyond its headline test, as its kind has it. */
export interface FindingEvidence {
  /** The most frequent negative themes of the comments about the touchpoint, with example quotes. */
  themes?: Theme[];
  /** Comment sentiment (mean compound, −1…1) of the touchpoint against the workspace's other comments, with its test when one was made. */
  sentiment?: { mean: number; baseline: number; comments: number; negativeComments: number; test?: string; statistic?: number; p?: number; q?: number };
  /**
   * A persona-level finding: the effect within the persona (observed against expected, as the
   * finding) and the same effect among everyone else, with both tests (p is the larger).
   */
  persona?: {
    persona: string;
    othersObserved: number;
    othersExpected: number;
    /** The persona's effect against the others' (ratio of ratios, or difference of gaps). */
    contrast: number;
    contrastUnit: string;
    withinTest: { test: string; statistic: number; p: number };
    contrastTest: { test: string; statistic: number; p: number };
  };
  /** Support friction: the contacts measured and what they are compared with. */
  support?: { measure: 'wait' | 'resolution_time' | 'repeat_contacts'; unit: string; contacts: number; comparedTo: string[]; windowDays?: number; resolvedAt?: string };
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
  evidence?: FindingEvidence;
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

/**
 * The text that identifies where a finding is: kind + where, stable across runs. `topic` and
 * `measure` (added later) join the key only when set, so older findings keep their ids.
 */
export function findingKey(kind: FindingKind, w: FindingWhere): string {
  const parts = [kind, w.stage ?? '', w.touchpoint ?? '', w.fromTouchpoint ?? '', w.toTouchpoint ?? '', w.channel ?? '', w.persona ?? '', w.partner ?? '', w.survey ?? ''];
  if (w.topic !== undefined || w.measure !== undefined) parts.push(w.topic ?? '', w.measure ?? '');
  return parts.join('\u001f');
}

export function findingId(workspaceId: string, kind: FindingKind, w: FindingWhere): string {
  return 'f_' + createHash('sha256').update(workspaceId + '\u001e' + findingKey(kind, w)).digest('hex').slice(0, 16);
}

/** "purchase · Checkout Started → Payment Info Entered · app" */
export function whereText(w: FindingWhere): string {
  const step = w.fromTouchpoint && w.toTouchpoint ? `${w.fromTouchpoint} → ${w.toTouchpoint}` : w.touchpoint && w.partner ? `${w.touchpoint} ⇄ ${w.partner}` : (w.touchpoint ?? '');
  return [w.stage, step, w.channel, w.topic ? `topic ${w.topic}` : '', w.measure, w.survey, w.persona ? `persona ${w.persona}` : ''].filter((x) => x).join(' · ');
}
