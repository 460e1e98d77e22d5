/**
 * The shape of one emotion's lexicon: the cues (words or phrases, lower case; `*` ends a prefix)
 * that tell it, and the polarity a text must have for the emotion to be given.
 */
export type EmotionName = 'frustration' | 'confusion' | 'delight' | 'disappointment' | 'anger' | 'gratitude';

export interface EmotionLexicon {
  emotion: EmotionName;
  /** The text's polarity must match (confusion also allows neutral text). */
  polarity: 'negative' | 'positive';
  allowNeutral?: boolean;
  description: string;
  cues: readonly string[];
}
