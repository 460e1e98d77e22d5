/**
 * The most frequent negative themes: word n-grams (1–3 words, not starting or ending with a stop
 * word or a number) counted once per response over negative comments, longer phrases preferred
 * when they are about as frequent as the words inside them, each with example quotes (the most
 * negative comments that contain it).
 */
import { NEGATORS } from './lexicon/negators.js';
import { STOP_WORDS } from './lexicon/stop-words.js';
import { tokenize } from './tokens.js';

export interface ThemeComment {
  messageId: string;
  customerId: string | null;
  text: string;
  sentiment: number;
}

export interface Quote {
  customerId: string | null;
  messageId: string;
  text: string;
}

export interface Theme {
  phrase: string;
  /** Negative responses that contain the phrase. */
  responses: number;
  quotes: Quote[];
}

const MAX_N = 3;

function edgeOk(w: string, first: boolean): boolean {
  if (/^\d+$/.test(w) || w.length < 2) return false;
  if (first && NEGATORS.has(w)) return true;
  return !STOP_WORDS.has(w) && !NEGATORS.has(w);
}

/** The n-grams of one comment (each once). */
export function themeGrams(text: string): Set<string> {
  const words = tokenize(text)
    .filter((t) => t.kind === 'word')
    .map((t) => t.text);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_N && i + n <= words.length; n++) {
      const gram = words.slice(i, i + n);
      if (!edgeOk(gram[0]!, true) || !edgeOk(gram[n - 1]!, n === 1 ? false : false)) continue;
      if (n === 1 && NEGATORS.has(gram[0]!)) continue;
      out.add(gram.join(' '));
    }
  }
  return out;
}

export function negativeThemes(comments: readonly ThemeComment[], opts: { limit?: number; quotes?: number; minResponses?: number } = {}): Theme[] {
  const limit = opts.limit ?? 5;
  const quotes = opts.quotes ?? 2;
  const minResponses = opts.minResponses ?? 2;
  const where = new Map<string, number[]>();
  comments.forEach((c, i) => {
    for (const g of themeGrams(c.text)) {
      const list = where.get(g);
      if (list) list.push(i);
      else where.set(g, [i]);
    }
  });
  const ranked = [...where.entries()]
    .filter(([, ix]) => ix.length >= minResponses)
    .sort(([a, ia], [b, ib]) => ib.length - ia.length || b.split(' ').length - a.split(' ').length || (a < b ? -1 : a > b ? 1 : 0));
  const picked: Array<[string, number[]]> = [];
  const contains = (long: string, short: string) => ` ${long} `.includes(` ${short} `);
  for (const [g, ix] of ranked) {
    if (picked.length >= limit) break;
    // Skip a phrase inside an already chosen one, or one that only extends a chosen phrase.
    if (picked.some(([p]) => contains(p, g) || contains(g, p))) continue;
    // Prefer a longer phrase that is nearly as frequent as this one.
    const longer = ranked.find(([l, lx]) => l !== g && contains(l, g) && lx.length >= 0.6 * ix.length && !picked.some(([p]) => contains(p, l) || contains(l, p)));
    picked.push(longer ?? [g, ix]);
  }
  return picked.map(([phrase, ix]) => ({
    phrase,
    responses: ix.length,
    quotes: [...ix]
      .sort((a, b) => comments[a]!.sentiment - comments[b]!.sentiment || comments[a]!.text.length - comments[b]!.text.length)
      .filter((i, k, arr) => arr.findIndex((j) => comments[j]!.text === comments[i]!.text) === k)
      .slice(0, quotes)
      .map((i) => ({ customerId: comments[i]!.customerId, messageId: comments[i]!.messageId, text: comments[i]!.text })),
  }));
}
