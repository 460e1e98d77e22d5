/**
 * Everything read from one comment: sentiment (compound −1…1 and polarity), emotion, language and
 * whether it read as sarcastic. Never throws: any input, including empty or non-English text, gets
 * an answer (neutral, no emotion).
 */
import { emotionOf } from './emotion.js';
import type { EmotionName } from './lexicon/emotions/index.js';
import type { Language } from './language.js';
import { analyseSentiment, type Polarity } from './sentiment.js';
import { tokenize } from './tokens.js';

export interface TextAnalysis {
  compound: number;
  polarity: Polarity;
  emotion: EmotionName | null;
  language: Language;
  sarcasm: boolean;
}

/** Bump when the lexicons or rules change: stored scores of an older version are recomputed. */
export const TEXT_ANALYSER_VERSION = 1;

export function analyseText(text: string | null | undefined): TextAnalysis {
  const t = typeof text === 'string' ? text.slice(0, 10_000) : '';
  if (t.trim() === '') return { compound: 0, polarity: 'neutral', emotion: null, language: 'none', sarcasm: false };
  const tokens = tokenize(t);
  const s = analyseSentiment(t, tokens);
  return { ...s, emotion: emotionOf(tokens, s) };
}
