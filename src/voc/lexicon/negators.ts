/**
 * Words that flip the valence of a cue that follows within three words ("not late", "never had
 * a problem"), after VADER's NEGATE list; apostrophes may be missing as typed on a phone.
 */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'nor', 'without', 'hardly', 'barely', 'rarely', 'seldom',
  "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "can't", "cannot", "couldn't", "won't", "wouldn't",
  "shouldn't", "haven't", "hasn't", "hadn't", "ain't",
  'isnt', 'wasnt', 'arent', 'werent', 'dont', 'doesnt', 'didnt', 'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'aint',
]);

/** How much a negated valence keeps, with its sign flipped (VADER's N_SCALAR). */
export const NEGATION_SCALAR = -0.74;
