/**
 * One feedback response as read from a survey event, whatever sent it: the demo and Segment
 * clients (`Survey Responded` with survey, score, comment, touchpoint_ref) and the SurveyMonkey /
 * Qualtrics import presets (survey, score, comment; Qualtrics also nps_group, and any other column
 * in snake case). The survey kind is lower-cased and, for Qualtrics NPS exports without one,
 * taken from nps_group; a Qualtrics open-text answer may sit in a question-id column. The score is checked against its scale and the comment analysed.
 */
import { analyseText, type TextAnalysis } from './analyse-text.js';
import { checkScore, SCALES, type SurveyKind } from './survey-scale.js';

export interface FeedbackResponse {
  survey: SurveyKind | null;
  score: number | null;
  scoreRaw: string | null;
  scoreError: string | null;
  comment: string | null;
  touchpointRef: string | null;
  text: TextAnalysis;
}

const COMMENT_KEYS = ['comment', 'feedback', 'text', 'reason', 'verbatim'];
const TOUCHPOINT_KEYS = ['touchpoint_ref', 'touchpoint'];

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * Qualtrics exports name columns by question id (Q2) with the question text in the second header
 * row, which the preset skips: without a comment key, the open-text answer is the longest
 * non-numeric text of a Qn / Qn_TEXT column.
 */
function qualtricsOpenText(properties: Record<string, unknown>): string | null {
  const texts = Object.entries(properties)
    .filter(([k, v]) => /^q\d+(?:_text)?$/i.test(k) && typeof v === 'string' && v.trim() !== '' && !/^\s*-?\d+(?:[.,]\d+)?\s*$/.test(v))
    .map(([, v]) => v as string);
  return texts.sort((a, b) => b.length - a.length)[0] ?? null;
}

export function readResponse(properties: Record<string, unknown>): FeedbackResponse {
  const kind = text(properties.survey)?.trim().toLowerCase() ?? (text(properties.nps_group) ? 'nps' : null);
  const survey = kind !== null && kind in SCALES ? (kind as SurveyKind) : null;
  const rawScore = properties.score;
  const checked = checkScore(survey, rawScore);
  const error = kind !== null && survey === null && checked.score === null && rawScore !== undefined && rawScore !== null && rawScore !== '' ? `unknown survey kind "${kind}" (expected nps, csat or ces)` : checked.error;
  const comment = COMMENT_KEYS.map((k) => text(properties[k])).find((v) => v !== null) ?? qualtricsOpenText(properties);
  const touchpointRef = TOUCHPOINT_KEYS.map((k) => text(properties[k])).find((v) => v !== null) ?? null;
  return {
    survey,
    score: checked.score,
    scoreRaw: rawScore === undefined || rawScore === null ? null : typeof rawScore === 'string' ? rawScore : JSON.stringify(rawScore),
    scoreError: error,
    comment,
    touchpointRef,
    text: analyseText(comment),
  };
}
