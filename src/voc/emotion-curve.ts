/**
 * The emotion curve: mean comment sentiment per stage of the workspace's stage model, in model
 * order, scaled from −1…1 to −2…+2 (the usual journey-map scale), with the number of comments
 * behind each point (null where a stage has none) and the dominant emotion.
 */
import type { Stage } from '../domain/stage.js';
import type { FeedbackGroup } from './feedback-group.js';

export interface CurvePoint {
  stage: string;
  label: string;
  /** −2…+2; null when no comment is about this stage. */
  score: number | null;
  sentiment: number | null;
  texts: number;
  responses: number;
  topEmotion: string | null;
}

export interface EmotionCurve {
  points: CurvePoint[];
  /** Comments about touchpoints without a stage. */
  unstagedTexts: number;
}

export function emotionCurve(stages: readonly Stage[], byStage: readonly FeedbackGroup[]): EmotionCurve {
  const find = (k: string | null) => byStage.find((g) => g.key === k);
  const points = stages.map((s) => {
    const g = find(s.key);
    const sentiment = g && g.texts > 0 ? g.sentiment : null;
    const top = g ? Object.entries(g.emotions).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] : undefined;
    return {
      stage: s.key,
      label: s.label,
      score: sentiment === null ? null : Math.round(sentiment * 2 * 1000) / 1000,
      sentiment,
      texts: g?.texts ?? 0,
      responses: g?.responses ?? 0,
      topEmotion: top ? top[0] : null,
    };
  });
  const known = new Set(stages.map((s) => s.key));
  const unstagedTexts = byStage.filter((g) => g.key === null || !known.has(g.key)).reduce((n, g) => n + g.texts, 0);
  return { points, unstagedTexts };
}
