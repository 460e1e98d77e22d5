/**
 * The emotion a comment expresses, where it can be told: the emotion lexicon (lexicon/emotions/,
 * one file per emotion) with the most cue matches among those whose polarity fits the comment's;
 * ties go to the more specific emotion (the lexicon order). A sarcastic complaint with no other
 * cue is frustration. No cue, neutral text (except confusion) or unknown language → null.
 */
import { CueMatcher } from './cue-matcher.js';
import { EMOTIONS, type EmotionLexicon, type EmotionName } from './lexicon/emotions/index.js';
import { NEGATORS } from './lexicon/negators.js';
import type { SentimentResult } from './sentiment.js';
import type { Token } from './tokens.js';

const MATCHERS = EMOTIONS.map((lex) => ({ lex, matcher: new CueMatcher<string>(lex.cues, (c) => c) }));

export function emotionOf(tokens: readonly Token[], s: SentimentResult): EmotionName | null {
  if (s.language === 'unknown') return null;
  let best: { lex: EmotionLexicon; n: number } | null = null;
  for (const { lex, matcher } of MATCHERS) {
    const fits = lex.polarity === s.polarity || (lex.allowNeutral === true && s.polarity === 'neutral');
    if (!fits) continue;
    const n = matcher.match(tokens).filter((m) => lex.polarity === 'negative' || !tokens.slice(Math.max(0, m.from - 3), m.from).some((t) => NEGATORS.has(t.text))).length;
    if (n > 0 && (!best || n > best.n)) best = { lex, n };
  }
  if (best) return best.lex.emotion;
  return s.sarcasm && s.polarity === 'negative' ? 'frustration' : null;
}
