/** Confusion: the customer cannot tell how something works or what happened. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const CONFUSION: EmotionLexicon = {
  emotion: 'confusion',
  polarity: 'negative',
  allowNeutral: true,
  description: 'cannot tell how or what ("confusing", "no idea how", "makes no sense", "which plan")',
  cues: [
    'confus*', 'no idea', 'makes no sense', "doesn't make sense", 'unclear', 'not clear', "don't understand", 'do not understand', 'how do i',
    'where is', 'where do i', "couldn't find", 'could not find', "can't find", 'cannot find', 'which plan', 'three different things', 'lost track',
    'not sure', 'puzzl*', 'baffl*', 'misleading', '?',
  ],
};
