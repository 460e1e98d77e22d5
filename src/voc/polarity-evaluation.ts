/**
 * Polarity accuracy on a labelled set (CSV `text,label`, label positive|negative|neutral) with the
 * confusion matrix, for the test and `npm run bench:sentiment`. Rows at odd positions (0-based)
 * form the held-out half: the lexicons were tuned looking only at errors on the even rows.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { analyseText } from './analyse-text.js';
import type { Polarity } from './sentiment.js';

export const POLARITIES: readonly Polarity[] = ['positive', 'neutral', 'negative'];

export interface LabelledComment {
  text: string;
  label: Polarity;
}

export interface PolarityEvaluation {
  n: number;
  correct: number;
  accuracy: number;
  /** confusion[label][predicted] = count */
  confusion: Record<Polarity, Record<Polarity, number>>;
  errors: Array<{ text: string; label: Polarity; predicted: Polarity; compound: number }>;
}

export function readLabelledCsv(path: string): LabelledComment[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return rows.map((r, i) => {
    const label = r.label?.trim() as Polarity;
    if (!POLARITIES.includes(label)) throw new Error(`${path} line ${i + 2}: label "${r.label}" is not positive, neutral or negative`);
    return { text: r.text ?? '', label };
  });
}

export function evaluatePolarity(rows: readonly LabelledComment[]): PolarityEvaluation {
  const confusion = Object.fromEntries(POLARITIES.map((l) => [l, Object.fromEntries(POLARITIES.map((p) => [p, 0]))])) as PolarityEvaluation['confusion'];
  const errors: PolarityEvaluation['errors'] = [];
  let correct = 0;
  for (const r of rows) {
    const a = analyseText(r.text);
    confusion[r.label][a.polarity]++;
    if (a.polarity === r.label) correct++;
    else errors.push({ text: r.text, label: r.label, predicted: a.polarity, compound: a.compound });
  }
  return { n: rows.length, correct, accuracy: rows.length ? correct / rows.length : 0, confusion, errors };
}

/** The confusion matrix as text: rows are the labels, columns the predictions. */
export function formatConfusion(e: PolarityEvaluation): string {
  const w = 10;
  const head = 'label \\ predicted'.padEnd(18) + POLARITIES.map((p) => p.padStart(w)).join('') + '     total';
  const lines = POLARITIES.map((l) => l.padEnd(18) + POLARITIES.map((p) => String(e.confusion[l][p]).padStart(w)).join('') + String(POLARITIES.reduce((s, p) => s + e.confusion[l][p], 0)).padStart(10));
  return [head, ...lines, `accuracy ${(100 * e.accuracy).toFixed(1)}% (${e.correct}/${e.n})`].join('\n');
}

/** The tuning half (even rows) and the held-out half (odd rows). */
export function splitHalves<T>(rows: readonly T[]): { tuning: T[]; heldOut: T[] } {
  return { tuning: rows.filter((_, i) => i % 2 === 0), heldOut: rows.filter((_, i) => i % 2 === 1) };
}
