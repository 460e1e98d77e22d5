/** Anger: hostility, blame and outrage. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const ANGER: EmotionLexicon = {
  emotion: 'anger',
  polarity: 'negative',
  description: 'hostility and outrage ("furious", "rude", "worst", "a joke", 😡)',
  cues: [
    'angry', 'furious', 'livid', 'outrage*', 'rude', 'disgust*', 'unacceptable', 'ridiculous', 'worst', 'joke', 'scam', 'useless', 'hung up', 'terrible',
    'awful', 'never again', 'never buying', 'is how you treat me', 'would give zero', 'hate', 'hates', 'absolutely', '😡', '😠', '🤬', '😤', '👎',
  ],
};
