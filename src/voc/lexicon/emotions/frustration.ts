/** Frustration: effort, waiting and repetition that get the customer nowhere. */
import type { EmotionLexicon } from './emotion-lexicon.js';

export const FRUSTRATION: EmotionLexicon = {
  emotion: 'frustration',
  polarity: 'negative',
  description: 'blocked by effort, waiting or repetition ("still waiting", "on hold for ages", "gave up")',
  cues: [
    'frustrat*', 'annoying', 'annoyed', 'still waiting', 'still no', 'still not', 'waiting', 'waited', 'on hold', 'for ages', 'chase', 'chasing',
    'again', 'every time', 'every single time', 'third time', 'second time', 'gave up', 'keeps', 'kept', 'twice', 'three emails',
    'repeat myself', 'passed between', 'cut off', 'timing out', 'timed out', 'logging me out', 'so slow', 'slow', 'hard', 'why is it',
    'why does it', 'nobody', 'no one', 'never got back', 'took two weeks', 'a week', 'hours', 'unusable', 'painful', 'sort it out', 'fix your',
  ],
};
