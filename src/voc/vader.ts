/**
 * The VADER model as shipped by the `vader-sentiment` package (the JS port of Hutto & Gilbert's
 * lexicon and rules, bundled lexicon, runs locally): compound score of a text, and the raw
 * valence sum it was normalised from, so the domain layer can add to it before normalising again.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}
interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): VaderScores };
}

const require = createRequire(import.meta.url);
const vader = require('vader-sentiment') as VaderModule;

/** VADER's normalisation constant: compound = x / sqrt(x² + ALPHA). */
export const VADER_ALPHA = 15;

/** VADER's scores of `text`: compound −1…1 and the shares of negative, neutral and positive words. */
export function vaderScores(text: string): VaderScores {
  return vader.SentimentIntensityAnalyzer.polarity_scores(text);
}

/** The valence sum behind a compound score (the inverse of VADER's normalisation). */
export function rawFromCompound(compound: number): number {
  const c = Math.max(-0.9999, Math.min(0.9999, compound));
  return c * Math.sqrt(VADER_ALPHA / (1 - c * c));
}

/** VADER's normalisation of a valence sum to −1…1. */
export function compoundFromRaw(raw: number): number {
  return raw === 0 ? 0 : raw / Math.sqrt(raw * raw + VADER_ALPHA);
}

let words: Set<string> | null = null;
/** The words of VADER's bundled English lexicon (about 7,500), read once from the package. */
export function vaderLexiconWords(): ReadonlySet<string> {
  if (!words) {
    const dir = dirname(require.resolve('vader-sentiment/package.json'));
    words = new Set(
      readFileSync(join(dir, 'vader_lexicon.txt'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t')[0] ?? '')
        .filter((w) => /^[a-z][a-z'-]*$/.test(w)),
    );
  }
  return words;
}
