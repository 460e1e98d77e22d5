/**
 * Survey scales and the check of a score against its scale: NPS 0–10, CSAT 1–5, CES 1–7, whole
 * numbers. A score outside its scale is kept as reported input (`error`) but never counted.
 */
export type SurveyKind = 'nps' | 'csat' | 'ces';

export const SCALES: Readonly<Record<SurveyKind, { min: number; max: number; label: string }>> = {
  nps: { min: 0, max: 10, label: 'NPS' },
  csat: { min: 1, max: 5, label: 'CSAT' },
  ces: { min: 1, max: 7, label: 'CES' },
};

export interface CheckedScore {
  score: number | null;
  /** Why a given score was not accepted; null when valid or when no score was given. */
  error: string | null;
}

/** Read a score as sent: a number, or text starting with one ("9 - Very likely"). */
export function parseScore(raw: unknown): number | null | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string') {
    const m = /^\s*(-?\d+(?:[.,]\d+)?)/.exec(raw);
    return m ? Number(m[1]!.replace(',', '.')) : null;
  }
  return null;
}

export function checkScore(survey: SurveyKind | null, raw: unknown): CheckedScore {
  const n = parseScore(raw);
  if (n === undefined) return { score: null, error: null };
  if (n === null) return { score: null, error: `score ${JSON.stringify(raw)} is not a number` };
  if (survey === null) return { score: null, error: `score ${n} without a survey kind (nps, csat or ces)` };
  const s = SCALES[survey];
  if (!Number.isInteger(n) || n < s.min || n > s.max) return { score: null, error: `${s.label} score ${n} is outside its scale (whole numbers ${s.min}–${s.max})` };
  return { score: n, error: null };
}
