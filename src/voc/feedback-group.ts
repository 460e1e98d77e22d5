/**
 * Feedback aggregated over a group of responses (a touchpoint, stage, channel or persona, or the
 * whole workspace): survey scores (NPS, CSAT, CES, as in the analytics KPIs: invalid scores left
 * out), sentiment of the comments with its spread, polarity counts, emotions and negative themes.
 */
import type { Theme } from './themes.js';

export interface FeedbackGroup {
  /** The group's value (null = responses without one); `overall` marks the whole-workspace row. */
  key: string | null;
  responses: number;
  customers: number;
  invalidScores: number;
  nps: number | null;
  npsResponses: number;
  /** Share of CSAT responses scored 4 or 5. */
  csat: number | null;
  csatMean: number | null;
  csatSd: number | null;
  csatResponses: number;
  cesMean: number | null;
  cesResponses: number;
  /** Comments that could be read (English, or emoji/numbers only). */
  texts: number;
  textsUnknownLanguage: number;
  /** Mean compound sentiment of the comments, −1…1. */
  sentiment: number | null;
  sentimentSd: number | null;
  polarity: { positive: number; neutral: number; negative: number };
  emotions: Record<string, number>;
  themes: Theme[];
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const opt = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10_000) / 10_000);

/** A group from an aggregate row of feedback-queries.ts (emotions and themes added later). */
export function groupFromRow(r: Record<string, unknown>): FeedbackGroup {
  const npsN = num(r.nps_n);
  const csatN = num(r.csat_n);
  return {
    key: r.key === null || r.key === undefined ? null : String(r.key),
    responses: num(r.responses),
    customers: num(r.customers),
    invalidScores: num(r.invalid_scores),
    nps: npsN ? Math.round((1000 * (num(r.nps_promoters) - num(r.nps_detractors))) / npsN) / 10 : null,
    npsResponses: npsN,
    csat: csatN ? Math.round((10_000 * num(r.csat_good)) / csatN) / 10_000 : null,
    csatMean: opt(r.csat_mean),
    csatSd: opt(r.csat_sd),
    csatResponses: csatN,
    cesMean: opt(r.ces_mean),
    cesResponses: num(r.ces_n),
    texts: num(r.texts),
    textsUnknownLanguage: num(r.texts_unknown_language),
    sentiment: opt(r.sentiment_mean),
    sentimentSd: opt(r.sentiment_sd),
    polarity: { positive: num(r.positive), neutral: num(r.neutral), negative: num(r.negative) },
    emotions: {},
    themes: [],
  };
}
