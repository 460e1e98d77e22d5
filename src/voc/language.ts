/**
 * A cheap test of whether a comment is English, so that other languages get a neutral label
 * instead of a confident wrong one: the share of its words that are English stop words, words
 * of VADER's lexicon or of ours, and the share of non-ASCII letters. `none` = no words at all
 * (empty, numbers or emoji only).
 */
import { EMOTIONS } from './lexicon/emotions/index.js';
import { DOMAIN_CUES } from './lexicon/domain-valence.js';
import { COMMON_FEEDBACK_WORDS, STOP_WORDS } from './lexicon/stop-words.js';
import { NEGATORS } from './lexicon/negators.js';
import { isLetterWord, type Token } from './tokens.js';
import { vaderLexiconWords } from './vader.js';

export type Language = 'en' | 'unknown' | 'none';

let ours: Set<string> | null = null;
function ourWords(): Set<string> {
  if (!ours) {
    ours = new Set<string>([...COMMON_FEEDBACK_WORDS, ...NEGATORS]);
    for (const phrase of [...DOMAIN_CUES.map((c) => c.phrase), ...EMOTIONS.flatMap((e) => e.cues)]) for (const w of phrase.split(/\s+/)) ours.add(w.replace(/\*$/, ''));
  }
  return ours;
}

function isEnglishWord(w: string): boolean {
  if (STOP_WORDS.has(w) || ourWords().has(w) || vaderLexiconWords().has(w)) return true;
  // plurals and past tenses of known words ("parcels", "delivered")
  const stem = w.replace(/(?:'s|s|es|ed|ing|ly)$/, '');
  return stem.length > 2 && (ourWords().has(stem) || vaderLexiconWords().has(stem) || ourWords().has(stem + 'e') || vaderLexiconWords().has(stem + 'e'));
}

export function languageOf(tokens: readonly Token[]): Language {
  const words = tokens.filter(isLetterWord).map((t) => t.text);
  if (words.length === 0) return 'none';
  const letters = words.join('');
  const nonAscii = letters.replace(/[a-z']/g, '').replace(/[0-9]/g, '').length / letters.length;
  const known = words.filter(isEnglishWord).length / words.length;
  if (nonAscii > 0.15) return 'unknown';
  return known >= 0.5 || (words.length >= 4 && known >= 0.34) ? 'en' : 'unknown';
}
