/**
 * Sentiment of one comment: VADER's reading of the words our lexicons do not cover, plus the
 * domain lexicon (lexicon/domain-valence.ts, negation-aware), emoji, VADER's "but" weighting,
 * and sarcasm (lexicon/sarcasm-cues.ts) turning a complaint dressed as praise negative. Summed on
 * VADER's valence scale and normalised the way VADER does, so `compound` stays −1…1.
 * Empty text, text without words and non-English text are neutral (compound 0).
 */
import { CueMatcher } from './cue-matcher.js';
import { DOMAIN_CUES } from './lexicon/domain-valence.js';
import type { Cue } from './lexicon/cue.js';
import { EMOJI_VALENCE } from './lexicon/emoji-valence.js';
import { NEGATION_SCALAR, NEGATORS } from './lexicon/negators.js';
import { SARCASM_MARKERS, SARCASM_PHRASES, SARCASTIC_OPENER } from './lexicon/sarcasm-cues.js';
import { languageOf, type Language } from './language.js';
import { tokenize, type Token } from './tokens.js';
import { compoundFromRaw, rawFromCompound, vaderScores } from './vader.js';

export type Polarity = 'positive' | 'neutral' | 'negative';

/** |compound| below this is neutral (VADER's convention is 0.05; short feedback needs a little more). */
export const NEUTRAL_BAND = 0.1;

export interface SentimentResult {
  compound: number;
  polarity: Polarity;
  language: Language;
  sarcasm: boolean;
}

const DOMAIN = new CueMatcher<Cue>(DOMAIN_CUES, (c) => c.phrase);
/** A placeholder VADER does not know (its lexicon has "qq", a crying face), keeping word positions for its negation window. */
const MASK = 'zzx';

export function polarityOf(compound: number): Polarity {
  return compound >= NEUTRAL_BAND ? 'positive' : compound <= -NEUTRAL_BAND ? 'negative' : 'neutral';
}

export function analyseSentiment(text: string, tokens: readonly Token[] = tokenize(text)): SentimentResult {
  const language = languageOf(tokens);
  if (language === 'unknown' || tokens.length === 0) return { compound: 0, polarity: 'neutral', language, sarcasm: false };

  const matches = DOMAIN.match(tokens);
  const butAt = tokens.findIndex((t) => t.text === 'but');
  let domain = 0;
  let complaint = false;
  const hidden: Token[] = [];
  const inCue = new Array<boolean>(tokens.length).fill(false);
  for (const m of matches) for (let k = m.from; k < m.to; k++) inCue[k] = true;
  for (const m of matches) {
    let v = m.entry.valence;
    // A negator just before the cue flips it, unless the negator belongs to a cue of its own.
    let negated = false;
    for (let k = Math.max(0, m.from - 3); k < m.from; k++) if (!inCue[k] && NEGATORS.has(tokens[k]!.text)) negated = true;
    if (negated) v *= NEGATION_SCALAR;
    if (butAt >= 0) v *= m.from < butAt ? 0.5 : m.from > butAt ? 1.5 : 1;
    if (v < 0) complaint = true;
    domain += v;
    for (let k = m.from; k < m.to; k++) hidden.push(tokens[k]!);
  }
  let emoji = 0;
  for (const t of tokens) {
    if (t.kind !== 'emoji') continue;
    const v = EMOJI_VALENCE[t.text] ?? EMOJI_VALENCE[t.text.replace(/\uFE0F/g, '')] ?? 0;
    if (v < 0) complaint = true;
    emoji += v;
    hidden.push(t);
  }
  // The JS port compares negators and "but" case-sensitively: give it those words in lower case.
  const lowered = tokens.filter((t) => t.kind === 'word' && (NEGATORS.has(t.text) || t.text === 'but') && !hidden.includes(t));
  const vaderText = rewriteSpans(text, hidden, lowered);
  const vader = vaderScores(vaderText);
  if (vader.neg > 0) complaint = true;
  let raw = rawFromCompound(vader.compound) + domain + emoji;

  const sarcasm = isSarcastic(text, complaint);
  if (sarcasm) raw = -Math.abs(raw) - 1.5;
  const compound = Math.round(compoundFromRaw(raw) * 10_000) / 10_000;
  return { compound, polarity: polarityOf(compound), language, sarcasm };
}

function isSarcastic(text: string, complaint: boolean): boolean {
  if (SARCASM_MARKERS.some((r) => r.test(text))) return true;
  if (!complaint) return false;
  return SARCASTIC_OPENER.test(text.trim()) || SARCASM_PHRASES.some((r) => r.test(text));
}

/** `text` with hidden tokens replaced by a placeholder (words) or removed (emoji), and lowered ones in lower case. */
function rewriteSpans(text: string, hidden: readonly Token[], lowered: readonly Token[]): string {
  if (hidden.length === 0 && lowered.length === 0) return text;
  const edits = [...hidden.map((t) => ({ t, by: t.kind === 'word' ? MASK : ' ' })), ...lowered.map((t) => ({ t, by: t.text }))].sort((a, b) => a.t.start - b.t.start);
  let out = '';
  let at = 0;
  for (const { t, by } of edits) {
    out += text.slice(at, t.start) + by;
    at = t.end;
  }
  return out + text.slice(at);
}
