/** Gratitude: thanks for help received. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const GRATITUDE: EmotionLexicon = {
  emotion: 'gratitude',
  polarity: 'positive',
  description: 'thanks for help received ("thank you", "grateful", "appreciate")',
  cues: ['thank*', 'thx', 'grateful', 'appreciate*', 'cheers', 'kind', 'helpful', 'sorted it out', 'sorting this out', 'went above and beyond', '🙏'],
};
