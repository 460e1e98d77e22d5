/**
 * Scoring findings against a demo's planted truths (bench/insight.ts and the test).
 *
 * A finding matches a truth when the kinds are equal and:
 * - drop_off_hotspot, slow_step: the same step (fromTouchpoint and toTouchpoint);
 * - loop: the same pair of steps, in either order ({touchpoint, partner} = {from, to});
 * - negative_touchpoint: the same touchpoint;
 * - channel_inconsistency: the same channel and the same span (fromTouchpoint → toTouchpoint).
 * A persona-level finding (where.persona) matches like the overall one: the truth is where it is.
 * Support friction has no truth of its own: the one support effect the generator plants is the
 * slow returns queue, planted as a slow_step (Returns Request → Ticket Solved on the support
 * channel). A support_friction finding on time to resolution matches that truth when its step
 * (fromTouchpoint → toTouchpoint) is the truth's; any other support_friction finding (a wait, a
 * topic, repeated contacts) matches nothing and is a false positive — the control data's support
 * (waits, tickets, calls, chats) is uniform, so it is scored like the planted kinds.
 * A finding of a scored kind that matches no truth is a false positive. Findings of kinds the
 * generator never plants (churn_after_touchpoint) are counted apart and left out of precision:
 * the generator neither plants nor rules them out (its win-back e-mails go to lapsed customers).
 * precision = true positives ÷ findings of scored kinds (1 when there are none);
 * recall = truths matched by at least one finding ÷ truths (1 when nothing was planted).
 */
import type { PlantedTruth } from '../demo/manifest.js';
import type { Finding } from './finding.js';

/** Kinds scored against the truths: the planted kinds, and support friction (see above). */
export const PLANTED_KINDS = ['drop_off_hotspot', 'slow_step', 'loop', 'negative_touchpoint', 'channel_inconsistency', 'support_friction'] as const;

export function matches(f: Pick<Finding, 'kind' | 'where'>, t: PlantedTruth): boolean {
  const w = f.where;
  if (f.kind === 'support_friction') {
    return t.kind === 'slow_step' && w.measure === 'resolution_time' && w.topic === undefined && w.fromTouchpoint === t.fromTouchpoint && w.toTouchpoint === t.toTouchpoint && (t.channel === undefined || w.channel === t.channel);
  }
  if (f.kind !== t.kind) return false;
  switch (t.kind) {
    case 'drop_off_hotspot':
    case 'slow_step':
      return w.fromTouchpoint === t.fromTouchpoint && w.toTouchpoint === t.toTouchpoint;
    case 'loop': {
      const a = [w.touchpoint, w.partner].sort().join('\u0000');
      const b = [t.fromTouchpoint, t.toTouchpoint].sort().join('\u0000');
      return a === b;
    }
    case 'negative_touchpoint':
      return w.touchpoint === t.touchpoint;
    case 'channel_inconsistency':
      return w.channel === t.channel && w.fromTouchpoint === t.fromTouchpoint && w.toTouchpoint === t.toTouchpoint;
  }
}

export interface TruthScore {
  truePositives: number;
  falsePositives: Array<Pick<Finding, 'kind' | 'where'>>;
  missed: PlantedTruth[];
  /** Findings of kinds nothing is planted for. */
  other: number;
  precision: number;
  recall: number;
}

export function scoreAgainstTruths(findings: ReadonlyArray<Pick<Finding, 'kind' | 'where'>>, truths: readonly PlantedTruth[]): TruthScore {
  const planted = findings.filter((f) => (PLANTED_KINDS as readonly string[]).includes(f.kind));
  const tp = planted.filter((f) => truths.some((t) => matches(f, t)));
  const fp = planted.filter((f) => !truths.some((t) => matches(f, t)));
  const missed = truths.filter((t) => !findings.some((f) => matches(f, t)));
  return {
    truePositives: tp.length,
    falsePositives: fp.map((f) => ({ kind: f.kind, where: f.where })),
    missed,
    other: findings.length - planted.length,
    precision: planted.length ? tp.length / planted.length : 1,
    recall: truths.length ? (truths.length - missed.length) / truths.length : 1,
  };
}
