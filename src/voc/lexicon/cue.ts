/**
 * A lexicon entry: a word or phrase (lower case, words separated by spaces; a word ending in `*`
 * matches any word it begins) and what it means. The lexicons in this folder are data only.
 */
export interface Cue {
  phrase: string;
  /** On VADER's scale, −4 (most negative) … +4 (most positive). */
  valence: number;
}
