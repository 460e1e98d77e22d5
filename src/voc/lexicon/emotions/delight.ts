/** Delight: joy beyond satisfaction. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const DELIGHT: EmotionLexicon = {
  emotion: 'delight',
  polarity: 'positive',
  description: 'joy beyond satisfaction ("love it", "amazing", "could not be happier", 😍)',
  cues: [
    'love', 'loved', 'loves', 'lovely', 'amazing', 'awesome', 'delight*', 'fantastic', 'brilliant', 'excellent', 'perfect', 'perfectly', 'wonderful',
    'superb', 'best', 'happier', 'so glad', 'thrilled', 'impressed', 'pleasantly surprised', 'above and beyond', 'rock', 'huge improvement',
    'better than i expected', '10/10', 'five stars', '😍', '🥰', '❤️', '❤', '🤩', '🎉', '🥳', '🚀', '😊', '😄',
  ],
};
