/**
 * Finds lexicon phrases in a token list: longest phrase first, no two matches sharing a token.
 * Phrases are indexed by their first word, so matching costs about one map lookup per token.
 */
import { tokenize, type Token } from './tokens.js';

export interface CueMatch<T> {
  entry: T;
  /** Token index of the first and one past the last matched token. */
  from: number;
  to: number;
}

interface Compiled<T> {
  entry: T;
  words: string[];
}

export class CueMatcher<T> {
  private readonly byFirst = new Map<string, Array<Compiled<T>>>();
  private readonly wildFirst: Array<Compiled<T>> = [];

  constructor(entries: readonly T[], phraseOf: (e: T) => string) {
    for (const entry of entries) {
      const words = compileWords(phraseOf(entry));
      if (words.length === 0) continue;
      const compiled: Compiled<T> = { entry, words };
      if (words[0]!.endsWith('*')) this.wildFirst.push(compiled);
      else {
        const list = this.byFirst.get(words[0]!) ?? [];
        list.push(compiled);
        this.byFirst.set(words[0]!, list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.wildFirst.sort((a, b) => b.words.length - a.words.length);
  }

  match(tokens: readonly Token[]): Array<CueMatch<T>> {
    const candidates: Array<CueMatch<T>> = [];
    for (let i = 0; i < tokens.length; i++) {
      const first = tokens[i]!.text;
      for (const list of [this.byFirst.get(first), this.wildFirst]) {
        if (list) for (const c of list) if (matchesAt(c.words, tokens, i)) candidates.push({ entry: c.entry, from: i, to: i + c.words.length });
      }
    }
    // Longest first, then leftmost; a token belongs to one match only.
    candidates.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
    const used = new Array<boolean>(tokens.length).fill(false);
    const out: Array<CueMatch<T>> = [];
    for (const m of candidates) {
      let free = true;
      for (let k = m.from; k < m.to; k++) if (used[k]) free = false;
      if (!free) continue;
      for (let k = m.from; k < m.to; k++) used[k] = true;
      out.push(m);
    }
    return out.sort((a, b) => a.from - b.from);
  }
}

/** A phrase's words as the tokenizer would produce them; a part ending in `*` is a prefix. */
function compileWords(phrase: string): string[] {
  return phrase
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((part) => {
      if (part.endsWith('*')) {
        const head = tokenize(part.slice(0, -1))[0];
        return head ? [head.text + '*'] : [];
      }
      return tokenize(part).map((t) => t.text);
    });
}

function matchesAt(words: readonly string[], tokens: readonly Token[], at: number): boolean {
  if (at + words.length > tokens.length) return false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const t = tokens[at + k]!.text;
    if (w.endsWith('*') ? !t.startsWith(w.slice(0, -1)) : t !== w) return false;
  }
  return true;
}
