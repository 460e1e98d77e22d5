/**
 * Cues of sarcasm in feedback. Sarcasm here means praise words used about something that went
 * wrong, so a cue only turns a text negative when the text also complains (a negative cue or
 * VADER negativity) — "Great, it arrived early!" stays positive — except for the unambiguous
 * markers, which count on their own.
 */

/** A sarcastic opener: a praise word alone before a comma or stop ("Great, another delay"). */
export const SARCASTIC_OPENER = /^(?:oh\s+|well\s+)?(?:great|fantastic|brilliant|wonderful|perfect|lovely|amazing|awesome|nice|superb|sure|yeah|cheers|well done|thanks a lot|just great|impressive)\s*[,!.…]/i;

/** Phrases that mark sarcasm wherever they are, given a complaint in the same text. */
export const SARCASM_PHRASES: readonly RegExp[] = [
  /\blove that for me\b/i,
  /\bexactly (?:what|how) i (?:wanted|needed|hoped)\b/i,
  /\bjust what i (?:wanted|needed)\b/i,
  /\bamazing how\b/i,
  /\blove waiting\b/i,
  /\bimpressive\.?\s*$/i,
  /\.\s*great\.?\s*$/i,
  /\.\s*sure\.?\s*$/i,
  /"\s*(?:express|customer first|next[- ]day|fast|free|premium|quality|support)\s*"/i,
];

/** Markers that are sarcastic on their own. */
export const SARCASM_MARKERS: readonly RegExp[] = [/\bthanks for nothing\b/i, /\bsaid no one\b/i, /\byeah,? right\b/i, /\bmy foot\b/i, /\/s\s*$/, /🙄/u, /\bwhat a joke\b/i];
