/** Every emotion lexicon, in the order that breaks ties (more specific emotions first). */
import { ANGER } from './anger.js';
import { CONFUSION } from './confusion.js';
import { DELIGHT } from './delight.js';
import { DISAPPOINTMENT } from './disappointment.js';
import type { EmotionLexicon } from './emotion-lexicon.js';
import { FRUSTRATION } from './frustration.js';
import { GRATITUDE } from './gratitude.js';

export const EMOTIONS: readonly EmotionLexicon[] = [ANGER, CONFUSION, FRUSTRATION, DISAPPOINTMENT, GRATITUDE, DELIGHT];
export type { EmotionLexicon, EmotionName } from './emotion-lexicon.js';
