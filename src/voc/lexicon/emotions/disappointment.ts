/** Disappointment: an expectation that was not met. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const DISAPPOINTMENT: EmotionLexicon = {
  emotion: 'disappointment',
  polarity: 'negative',
  description: 'an expectation not met ("disappointing", "expected better", "let down", "used to love")',
  cues: [
    'disappoint*', 'expected better', 'expected more', 'expected so much more', 'let down', 'used to love', 'not any more', 'not anymore', 'shame',
    'sad', 'unfortunately', 'not what i ordered', 'not impressed', "wasn't impressed", 'not worth', 'quality went down', 'fell apart', 'broke',
    'broken', 'not happy', 'unhappy', 'not good', '😞', '😔', '😢', '😕',
  ],
};
